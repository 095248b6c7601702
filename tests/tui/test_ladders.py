"""The Ladders screen and its dialogs: climb, halve, new, edit, archive."""

from __future__ import annotations

from pathlib import Path

from smallwins.core.model import Event
from smallwins.tui.screens.dialogs import ConfirmArchive, ConfirmClimb
from smallwins.tui.screens.form import LadderForm
from smallwins.tui.screens.ladders import LaddersScreen
from smallwins.tui.widgets.ladder_detail import LadderDetail
from smallwins.tui.widgets.ladder_list import LadderList
from tests.tui.data import TODAY, make_app, messages, on_disk


def detail_text(app) -> str:  # type: ignore[no-untyped-def]
    detail = app.screen.query_one(LadderDetail)
    lines = detail._render_lines(120)  # wide: one fact a line
    return "\n".join("".join(segment.text for segment in line) for line in lines)


async def test_ladders_shows_votes_checklist_history_and_projection(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, LaddersScreen)
        text = detail_text(app)
        assert "I am someone who moves every day" in text
        # 16 walking votes, and the stretch ladder's 6 for the same identity.
        assert "16 votes" in text and "identity total 22" in text
        assert "1/1 won days at this rung" in text and "ready to climb" in text
        assert "1 chose a starting win: walk 50 steps" in text
        assert "3 climbed by the smallest step (+50): 15 climbs" in text
        assert "drop back (missed Mon 23 Nov)" in text
        assert "in a year" in text and "steps" in text
        assert "mon-fri · step +50 · hold 1 day" in text

        await pilot.press("j")
        await pilot.pause()
        assert app.selected_id == "write-sentences"
        assert "I am a writer" in detail_text(app)


async def test_climb_is_refused_with_the_progress(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "j", "j")  # do-pushups: 10/14
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmClimb)
        assert any("10/14 won days at this rung" in m for m in messages(app))
        assert on_disk(data_path)["do-pushups"].events == ()


async def test_climb_asks_whether_the_rung_feels_automatic(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j", "c")  # write-sentences: held 24/14
        await pilot.pause()
        assert isinstance(app.screen, ConfirmClimb)
        body = str(app.screen.query_one(".dialog-body").render())
        assert "feel automatic" in body and "write 2 sentences" in body
        await pilot.press("n")  # not yet: nothing changes
        await pilot.pause()
        assert on_disk(data_path)["write-sentences"].events == ()

        await pilot.press("c")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LaddersScreen)
        assert app.store.states["write-sentences"].rung == "write 2 sentences"
        assert on_disk(data_path)["write-sentences"].events == (Event(TODAY, "climb"),)
        assert "write 2 sentences" in detail_text(app)


async def test_h_halves_the_rung(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("2", "h")  # walk 750 steps
        await pilot.pause()
        assert app.store.states["walk-steps"].target == 375
        assert on_disk(data_path)["walk-steps"].events[-1] == Event(TODAY, "halve")
        assert any("halved to walk 375 steps" in m for m in messages(app))
        await pilot.press("j", "h")  # write 1 sentence is already the smallest win
        await pilot.pause()
        assert any("already the smallest win" in m for m in messages(app))
        assert on_disk(data_path)["write-sentences"].events == ()


async def test_new_ladder_form_validates_inline_and_stores_nothing_bad(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LadderForm)
        assert app.screen.focused is not None and app.screen.focused.id == "field-identity"
        assert app.screen.focused.cursor_blink is False  # type: ignore[attr-defined]
        await pilot.press(*"I am a reader", "tab", *"read", "tab", *"pages", "tab", *"abc")
        await pilot.pause()
        error = str(form.query_one("#form-error").render())
        assert "start must be a number, got 'abc'" in error
        assert form.query_one("#row-start").has_class("-invalid")
        await pilot.press("enter")  # refused: the form stays, nothing is stored
        await pilot.pause()
        assert app.screen is form
        assert "read-pages" not in on_disk(data_path)

        await pilot.press("backspace", "backspace", "backspace", "2", "tab", "1")
        await pilot.pause()
        assert str(form.query_one("#form-error").render()) == ""
        # More than two minutes: warned, never refused.
        await pilot.press("tab", "tab", "tab", "tab", *"5")
        await pilot.pause()
        assert "more than a two-minute start" in str(form.query_one("#form-warning").render())
        assert "in a year:" in str(form.query_one("#form-projection").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LaddersScreen)
        stored = on_disk(data_path)["read-pages"]
        assert (stored.identity, stored.start, stored.step, stored.minutes) == (
            "I am a reader", 2, 1, 5)
        assert app.selected_id == "read-pages"
        assert app.screen.query_one(LadderList).selected_id == "read-pages"


async def test_the_form_gives_the_engines_message_for_a_bad_granularity(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"I run", "tab", *"run", "tab", *"km", "tab", *"0.5",
                          "tab", *"0.5", "tab", "tab")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LadderForm)
        assert "start 0.5 is not a multiple of the granularity 1" in str(
            form.query_one("#form-error").render())
        await pilot.press("tab", "backspace", *"0.5", "enter")
        await pilot.pause()
        assert on_disk(data_path)["run-km"].granularity == 0.5


async def test_escape_cancels_the_form(data_path: Path) -> None:
    before = on_disk(data_path)
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"I am", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, LadderForm)
    assert on_disk(data_path) == before


async def test_e_edits_a_ladder(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j", "j", "e")  # do-pushups
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LadderForm)
        assert form.current_texts()["target"] == "1"
        # Hold: 14 -> 10, then save.
        for _ in range(5):
            await pilot.press("tab")
        await pilot.press("backspace", "backspace", *"10", "enter")
        await pilot.pause()
        assert on_disk(data_path)["do-pushups"].hold == 10
        assert app.store.states["do-pushups"].ready_to_climb  # 10/10 now


async def test_archive_asks_first(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "j", "j", "j", "a")  # stretch-minutes
        await pilot.pause()
        assert isinstance(app.screen, ConfirmArchive)
        await pilot.press("escape")
        await pilot.pause()
        assert not on_disk(data_path)["stretch-minutes"].archived
        await pilot.press("a", "y")
        await pilot.pause()
        assert on_disk(data_path)["stretch-minutes"].archived
        assert "stretch-minutes" not in app.store.states
        assert list(app.screen.query_one(LadderList).rows) == [
            "walk-steps", "write-sentences", "do-pushups"]
        # Its votes still count for the identity.
        await pilot.press("k", "k", "k")
        await pilot.pause()
        assert "identity total 22" in detail_text(app)


async def test_the_ladders_screen_stacks_at_40x12(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        await pilot.press("J")  # scroll the details
        await pilot.pause()
        assert app.screen.query_one("#detail-scroll").scroll_y > 0


async def ladders_detail(pilot) -> LadderDetail:  # type: ignore[no-untyped-def]
    """Open the Ladders screen and give its detail."""
    await pilot.press("2")
    await pilot.pause()
    return pilot.app.screen.query_one(LadderDetail)


def renders_of_the_detail(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The ids of the ladders the detail is rendered for from now on, in order."""
    rendered: list[str] = []
    plain = LadderDetail.content_at

    def content_at(self: LadderDetail, width: int):  # type: ignore[no-untyped-def]
        rendered.append(self.state.id if self.state else "")
        return plain(self, width)

    monkeypatch.setattr(LadderDetail, "content_at", content_at)
    return rendered


async def test_moving_through_the_ladders_lays_out_each_detail_once(data_path: Path,
                                                                     monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The detail is rendered once for each ladder shown, and its height and lines
    come from that one rendering (Rich lays out its tables in some 10 ms)."""
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await ladders_detail(pilot)
        rendered = renders_of_the_detail(monkeypatch)
        await pilot.press("j")
        await pilot.pause()
        selected = app.screen.query_one(LadderList).selected_id
        assert rendered == [selected]
        first = "".join(segment.text for segment in detail.render_line(0)).strip()
        assert first == detail.state.ladder.identity  # type: ignore[union-attr]


async def test_the_detail_is_drawn_again_in_a_new_theme(data_path: Path) -> None:
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await ladders_detail(pilot)
        before = detail.render_line(0)
        app.theme = "light" if app.theme != "light" else "dark"
        await pilot.pause()
        after = detail.render_line(0)
        assert after.text == before.text and after != before  # the same words, new colours
        assert after == detail._render_lines(detail.size.width)[0]


async def test_the_detail_shown_again_is_laid_out_again_only_after_a_change(
        data_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    app = make_app(data_path)
    async with app.run_test(size=(80, 24)) as pilot:
        detail = await ladders_detail(pilot)
        rendered = renders_of_the_detail(monkeypatch)
        await pilot.press("1", "2")  # away and back: Textual restyles it, nothing changed
        await pilot.pause()
        assert rendered == []
        shown = detail.state
        assert shown is not None
        await pilot.press("1", "space", "2")  # checked off on Today
        await pilot.pause()
        assert rendered == [shown.id]
        assert detail.state is app.store.snapshot.states[shown.id]
        assert detail.state.done_today != shown.done_today
        words = "".join(segment.text for y in range(12) for segment in detail.render_line(y))
        assert f"{detail.state.votes:,} votes" in words


async def test_the_history_as_lines_is_the_grid_cell_for_cell(data_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The level history is laid out line by line as Rich's grid lays it out, at every
    width: whole rows, rows whose words wrap in their column, and the grid itself
    where the words' column cannot fit."""
    from smallwins.tui.widgets import ladder_detail
    from smallwins.tui.widgets.cells import cells_of

    as_lines = ladder_detail.history_rows

    def as_grid(rows, muted, width, console):  # type: ignore[no-untyped-def]
        return as_lines(rows, muted, 0, console)  # no width: the grid

    app = make_app(data_path)
    async with app.run_test(size=(120, 40)) as pilot:
        detail = await ladders_detail(pilot)
        compared = 0
        for state in app.store.snapshot.states.values():
            detail.state = state
            for width in range(1, 121, 7):
                mine = detail._render_lines(width)
                monkeypatch.setattr(ladder_detail, "history_rows", as_grid)
                grid = detail._render_lines(width)
                monkeypatch.setattr(ladder_detail, "history_rows", as_lines)
                assert [cells_of(line) for line in mine] == [cells_of(line) for line in grid], (
                    state.id, width)
                compared += len(state.levels) > 1
        # a history of more than one level was among them, at every width
        assert compared >= len(range(1, 121, 7))
