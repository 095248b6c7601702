"""Changing your mind safely: undo that asks before removing what you made, redo,
archived ladders seen and brought back, and a form that replaces what you type over."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from smallwins.core import changes
from smallwins.core.model import Rest, Win, ladder_from_doc, ladder_to_doc
from smallwins.core.storage import DataFile
from smallwins.tui.screens.dialogs import ConfirmArchive, ConfirmDialog
from smallwins.tui.screens.form import LadderForm
from smallwins.tui.screens.ladders import LaddersScreen
from smallwins.tui.widgets.ladder_list import LadderList
from tests.tui.data import TODAY, make_app, messages, on_disk


def footer_keys(app: Any) -> set[str]:
    return {binding.action for _, binding, enabled, _ in app.active_bindings.values()
            if enabled and binding.show}


async def test_undo_asks_before_removing_each_new_ladder_and_redo_makes_them_again(
        empty_path: Path) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("1", "ctrl+s")  # the first example: write-sentences
        await pilot.press("n", *"I am a reader", "tab", *"read", "tab", *"pages", "tab", "1",
                          "tab", "1", "ctrl+s")
        await pilot.press("space")  # check off read-pages today
        await pilot.pause()
        made = on_disk(empty_path)
        assert set(made) == {"write-sentences", "read-pages"}
        assert made["read-pages"].marks[TODAY] == Win(1)

        await pilot.press("u")  # the check-off: no question
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert TODAY not in on_disk(empty_path)["read-pages"].marks
        await pilot.press("u")  # the new ladder: asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "removes the ladder 'read-pages' you made" in str(
            app.screen.query_one(".dialog-body").render())
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert "read-pages" in on_disk(empty_path)
        await pilot.press("u", "y", "u", "y")
        await pilot.pause()
        assert on_disk(empty_path) == {}
        await pilot.press("u")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert messages(app)[-1] == "nothing to undo"

        await pilot.press("U", "ctrl+r", "U")  # as many steps as were undone
        await pilot.pause()
        assert on_disk(empty_path) == made
        assert app.store.states["read-pages"].done_today
        await pilot.press("U")
        await pilot.pause()
        assert messages(app)[-1] == "nothing to redo"


async def test_a_new_change_ends_what_could_be_redone(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("j", "space", "u", "j", "space", "U")
        await pilot.pause()
        assert messages(app)[-1] == "nothing to redo"
        assert TODAY not in on_disk(data_path)["write-sentences"].marks


async def test_redo_refuses_when_another_process_changed_the_same_day(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("j", "space", "u")  # check off write-sentences, then undo it
        await pilot.pause()
        assert TODAY not in on_disk(data_path)["write-sentences"].marks

        def other(docs: dict[str, Any]) -> None:  # meanwhile, a rest day from a script
            write = ladder_from_doc(docs["write-sentences"])
            docs["write-sentences"] = ladder_to_doc(changes.mark_rest(write, TODAY, TODAY))

        DataFile(data_path).transact(other)
        before = data_path.read_bytes()
        await pilot.press("U")
        await pilot.pause()
        assert messages(app)[-1] == (
            "cannot redo the check-off of write-sentences today: Wed 25 Nov of "
            "'write-sentences' was changed elsewhere since")
        assert data_path.read_bytes() == before
        assert on_disk(data_path)["write-sentences"].marks[TODAY] == Rest()
        assert app.store.states["write-sentences"].rest_today  # shown as it is now


async def test_archive_restart_see_it_and_bring_it_back(data_path: Path) -> None:
    original = on_disk(data_path)
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j", "j", "j", "a")  # stretch-minutes
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmArchive)
        body = str(dialog.query_one(".dialog-body").render())
        assert (". on the Ladders screen shows archived ladders, A unarchives the selected "
                "one") in body
        assert "(or `smallwins unarchive stretch-minutes`)" in body
        assert "Undo" not in body
        await pilot.press("y")
        await pilot.pause()
    assert on_disk(data_path)["stretch-minutes"].archived

    app = make_app(data_path)  # a restart: the undo stack is gone
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "stretch-minutes" not in app.store.states
        await pilot.press("2")
        await pilot.pause()
        rows = app.screen.query_one(LadderList).rows
        assert list(rows) == ["walk-steps", "write-sentences", "do-pushups"]
        assert "app.unarchive" not in footer_keys(app)

        await pilot.press("full_stop")  # show the archived ones
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LaddersScreen)
        rows = screen.query_one(LadderList).rows
        assert list(rows) == ["walk-steps", "write-sentences", "do-pushups", "stretch-minutes"]
        options = app.console.options.update_width(40)
        line = "".join(s.text for s in app.console.render_lines(
            rows["stretch-minutes"].render(), options, pad=False)[0])
        assert "⊘ stretch 1 minute" in line and "archived" in line

        await pilot.press("end")
        await pilot.pause()
        assert screen.archived_selected() == "stretch-minutes"
        assert "app.unarchive" in footer_keys(app) and "app.archive" not in footer_keys(app)
        await pilot.press("space")  # the ladder keys do not act on an archived ladder
        await pilot.pause()
        assert messages(app)[-1] == "stretch-minutes is archived: A brings it back first"
        assert app.selected_id != "stretch-minutes"

        await pilot.press("A")
        await pilot.pause()
        assert not on_disk(data_path)["stretch-minutes"].archived
        assert on_disk(data_path) == original  # every day and every change as it was
        assert "stretch-minutes" in app.store.states
        assert app.selected_id == "stretch-minutes"
        assert screen.archived_selected() is None
        assert "app.archive" in footer_keys(app)

        await pilot.press("u")  # undoable like any change: archived again
        await pilot.pause()
        assert on_disk(data_path)["stretch-minutes"].archived
        await pilot.press("full_stop")  # and hidden again
        await pilot.pause()
        assert "stretch-minutes" not in screen.query_one(LadderList).rows


async def test_the_palette_offers_archived_ladders_and_unarchive_where_it_acts(
        data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Catch up", "Redo", "Show archived ladders"} <= titles
        assert "Unarchive ladder" not in titles  # nothing archived is selected
        app.action_show_archived()  # from Today: to the Ladders screen, archived shown
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LaddersScreen) and app.screen.showing_archived
        assert messages(app)[-1].startswith("no archived ladders")
        app.action_unarchive()
        await pilot.pause()
        assert messages(app)[-1] == ("select an archived ladder first: . on the Ladders "
                                     "screen shows them")
        await pilot.press("end", "a", "y", "end")  # archive stretch-minutes, select it
        await pilot.pause()
        assert app.screen.archived_selected() == "stretch-minutes"  # type: ignore[attr-defined]
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Unarchive ladder" in titles and "Archive ladder" not in titles


async def test_form_fields_select_their_text_and_ctrl_u_clears(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LadderForm)
        keys = str(form.query_one(".dialog-keys").render())
        assert keys == "^s or enter save · tab/shift+tab move · ^u clear · esc cancel"
        for _ in range(6):
            await pilot.press("tab")
        days = form.query_one("#field-days", Input)
        assert form.focused is days and days.value == "every day"
        await pilot.press(*"mon-fri")  # typing replaces the selected text
        assert days.value == "mon-fri"
        await pilot.press("shift+tab", *"7")
        assert form.query_one("#field-hold", Input).value == "7"
        await pilot.press("tab", "left", "ctrl+u")  # clears, wherever the cursor is
        assert days.value == ""
        rows = {words: key for _, key, words in app.help_rows()}
        assert rows["clear the field you are in (moving into a field selects its text: "
                    "typing replaces it)"] == "^u"


async def test_with_every_ladder_archived_the_screens_say_where_they_are(
        empty_path: Path) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "ctrl+s", "2", "a", "y")  # an example ladder, archived
        await pilot.pause()
        assert on_disk(empty_path)["write-sentences"].archived
        await pilot.press("1")
        await pilot.pause()
        welcome = str(app.screen.query_one("#welcome").render())
        assert welcome.startswith("No active ladders: 1 archived ladder is kept with every "
                                  "vote. Press 2 then . to see them and A to bring one back")
        await pilot.press("2")  # the Ladders screen, not the second example
        await pilot.pause()
        assert isinstance(app.screen, LaddersScreen)
        assert str(app.screen.query_one("#ladders-empty").render()) == (
            "No active ladders: . shows the 1 archived, n starts a new one.")
        await pilot.press("full_stop", "A")
        await pilot.pause()
        assert not on_disk(empty_path)["write-sentences"].archived
        assert "write-sentences" in app.store.states
