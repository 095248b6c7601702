"""One table of actions: every key binding comes from it, can be remapped, is in help.

core/actions.py holds each action once; these tests hold the screens, the
dialogs, the help screen, the palette, the config and the README to it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding, BindingsMap

from smallwins.core.actions import ACTIONS, DEFAULT_KEYS, NO_KEY, clash
from smallwins.core.config import ConfigError, load_config
from smallwins.tui.app import SmallWinsApp
from smallwins.tui.keys import help_rows
from smallwins.tui.screens.dialogs import ConfirmDialog
from smallwins.tui.screens.form import LadderForm
from smallwins.tui.screens.heatmap import HeatmapScreen
from smallwins.tui.screens.help import HelpScreen
from smallwins.tui.screens.ladders import LaddersScreen
from smallwins.tui.screens.note import NoteDialog
from smallwins.tui.screens.pause import PauseForm
from smallwins.tui.screens.review import ReviewScreen
from smallwins.tui.screens.today import TodayScreen
from smallwins.tui.widgets.keybar import KeyBar
from tests.tui.data import TODAY, make_app, messages, on_disk

REPO = Path(__file__).resolve().parents[2]
HOLDERS = (SmallWinsApp, TodayScreen, LaddersScreen, HeatmapScreen, ReviewScreen, HelpScreen,
           ConfirmDialog, LadderForm, NoteDialog, PauseForm)
ALSO = {(key, action.run) for action in ACTIONS for key in action.also.split(",") if key}


def _bindings(holder: type) -> list[Binding]:
    return [b for b in holder.BINDINGS if isinstance(b, Binding)]


@pytest.mark.parametrize("holder", HOLDERS, ids=lambda h: h.__name__)
def test_every_binding_comes_from_the_table(holder: type) -> None:
    rows = {(a.id, a.run) for a in ACTIONS}
    for binding in _bindings(holder):
        if binding.id is None:
            # A fixed extra key (an arrow) of an action in the table.
            assert all((key, binding.action) in ALSO for key in binding.key.split(",")), binding
        else:
            assert (binding.id, binding.action) in rows, binding
            assert binding.key == DEFAULT_KEYS[binding.id]


@pytest.mark.parametrize("holder", HOLDERS, ids=lambda h: h.__name__)
def test_every_binding_can_be_remapped_by_its_id(holder: type) -> None:
    bindings = BindingsMap(_bindings(holder))
    ids = {b.id for b in _bindings(holder) if b.id}
    assert ids, holder
    new_keys = {action_id: f"f{13 + n}" for n, action_id in enumerate(sorted(ids))}
    bindings.apply_keymap(new_keys)
    found = {b.id: b.key for keys in bindings.key_to_bindings.values() for b in keys if b.id}
    assert found == new_keys


def test_every_action_is_in_help_and_named_in_the_readme() -> None:
    helped = {words for _, _, words in help_rows(lambda action_id: DEFAULT_KEYS[action_id])}
    readme = (REPO / "README.md").read_text()
    keys_section = readme[readme.index("## Keys"):readme.index("## The command line")]
    for action in ACTIONS:
        assert action.help in helped, action
        assert re.search(rf"`{action.id}`", keys_section), f"README's keys omit {action.id}"


def test_keys_that_clash_are_refused_and_others_are_not(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    # The same key on two screens that are never on view together is fine...
    config.write_text('[keys]\nhalve = "v"\n')
    assert load_config(config).keys["halve"] == "v"
    assert clash("halve", "view") is False
    # ...but not two of the user's keys on a screen and the app, which are live at once.
    config.write_text('[keys]\nclimb = "x"\nnew = "x"\n')
    with pytest.raises(ConfigError, match="climb = \"x\" is already the key of 'new'"):
        load_config(config)
    assert clash("climb", "new") and clash("down", "up")
    # A key the user chose wins over another action's default, which is left
    # without one (a config written before that default existed keeps working).
    config.write_text('[keys]\nclimb = "n"\n')
    assert dict(load_config(config).keys) == {"climb": "n", "new": NO_KEY}


async def test_a_default_key_the_user_took_leaves_its_action_to_the_palette(
        data_path: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keys]\ntoggle = "o"\n')  # "o" is export's default
    app = make_app(data_path, keys=dict(load_config(config).keys))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        export = next(action for action in ACTIONS if action.key == "o")
        assert any(f"'{export.id}' has no key now" in line for line in messages(app))
        await pilot.press("j", "o")
        await pilot.pause()
        assert on_disk(data_path)["write-sentences"].marks[TODAY].target == 1
        assert not list(tmp_path.glob("smallwins-export-*"))
        help_keys = {words: key for _, key, words in app.help_rows()}
        assert help_keys[export.help] == "^p"  # found through the command palette
        bar = app.screen.query_one(KeyBar)
        assert all(key != "o" or label != export.label for key, label, _ in bar.items())


async def test_remapped_keys_work_on_every_screen_and_in_dialogs(data_path: Path) -> None:
    keys = {"toggle": "x", "view": "V", "ladders": "L", "archive": "A", "yes": "Y",
            "week_back": "b", "heatmap": "H"}
    app = make_app(data_path, keys=keys)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "x")  # Today: check off write-sentences
        await pilot.pause()
        assert on_disk(data_path)["write-sentences"].marks[TODAY].target == 1
        await pilot.press("L", "A")  # the selection follows to Ladders
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")  # no longer the key of "yes"
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("Y")
        await pilot.pause()
        assert on_disk(data_path)["write-sentences"].archived
        await pilot.press("H", "V")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HeatmapScreen)
        before = screen.selection()[1]
        await pilot.press("b")
        assert (before - screen.selection()[1]).days == 7
        help_text = {words: key for _, key, words in app.help_rows()}
        assert help_text["a week back"] == "b ←"
