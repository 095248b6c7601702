"""The full-screen app: three screens as Textual modes, a store, keys from one table, themes.

Nothing repaints while the app sits idle (tui/watch.py): a redraw follows
only another process's write or a new day.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual.binding import BindingType
from textual.driver import Driver
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import Theme

from smallwins.core.actions import APP
from smallwins.core.config import Config, ConfigError
from smallwins.core.config_save import save_setting
from smallwins.core.errors import EXIT_OK
from smallwins.tui.app_archive import ArchiveActions
from smallwins.tui.app_commands import Commands
from smallwins.tui.app_evidence import EvidenceActions
from smallwins.tui.app_export import ExportActions
from smallwins.tui.app_messages import Messages
from smallwins.tui.clock import DayClock
from smallwins.tui.keys import bindings, displaced_keys
from smallwins.tui.screens.base import MainScreen
from smallwins.tui.screens.today import TodayScreen
from smallwins.tui.snapshot import Outcome, Snapshot
from smallwins.tui.store import Store
from smallwins.tui.stylesheet import SharedStylesheet
from smallwins.tui.theming import DEFAULT_THEME, HEATMAP_DEFAULTS, register_themes
from smallwins.tui.watch import POLL_SECONDS, ROLLOVER_SECONDS, Watching

FIRST_FRAME_SETTLED = 0.5
"""Seconds after the first repaint when the first frame counts as drawn."""
STATUS_AFTER_SECONDS = 0.05
"""How long after a change the app writes the status cache."""
CACHE_AFTER_SECONDS = 1.0
"""How long after opening without a fresh status cache the app writes one."""

NEW_DEFAULTS = {"hold": "14", "days": "every day", "granularity": "1"}
"""A blank new-ladder form: everything the seed already decides for you."""

def _screen(module: str, name: str) -> Screen[Any]:
    """A new screen of `smallwins.tui.screens.<module>`, imported on first use."""
    import importlib

    screen: Screen[Any] = getattr(importlib.import_module(f"smallwins.tui.screens.{module}"),
                                  name)()
    return screen


class SmallWinsApp(Commands, Messages, ArchiveActions, EvidenceActions, ExportActions, Watching):
    """smallwins: Today, Ladders and Heatmap over one store."""

    CSS_PATH = "styles/app.tcss"
    TITLE = "smallwins"
    # Only Today is on the first frame: the other screens' modules are imported
    # when each is first opened, so they cost nothing at start.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "today": TodayScreen,
        "ladders": lambda: _screen("ladders", "LaddersScreen"),
        "heatmap": lambda: _screen("heatmap", "HeatmapScreen"),
        "review": lambda: _screen("review", "ReviewScreen"),
    }
    DEFAULT_MODE = "today"
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP)

    def __init__(
        self,
        store: Store,
        config: Config,
        *,
        theme_warnings: Sequence[str] = (),
        user_theme_dir: Path | None = None,
        handle_signals: bool = False,
        poll_seconds: float = POLL_SECONDS,
        rollover_seconds: float = ROLLOVER_SECONDS,
        until_next_day: Callable[[], float | None] | None = None,
        wall_clock: DayClock | None = None,
        on_first_frame: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        # Each piece of CSS parsed once per theme, not once per refresh (tui/stylesheet.py).
        self.stylesheet = SharedStylesheet(variables=self.stylesheet._variables)
        self.store = store
        # A check-off shows first: the cache is written once the repaint has gone out
        # (Textual's writer thread would wait for the interpreter lock meanwhile).
        store.defer_status = lambda write: self.set_timer(STATUS_AFTER_SECONDS, write)
        self.config = config
        self.selected_id: str | None = next(iter(store.states), None)
        """The ladder the keys act on; shared by the screens, so it follows you around."""
        self.store_changed: Signal[Snapshot] = Signal(self, "store-changed")
        """Published with every new snapshot of the store."""
        self._handle_signals = handle_signals
        self._poll_seconds = poll_seconds
        self._rollover_seconds = rollover_seconds
        self._until_next_day = until_next_day
        self._on_first_frame = on_first_frame
        self._wall_clock = wall_clock
        """The wall clock the reminder is aimed by (None: no reminder timer)."""
        self._had_ladders = bool(store.states)
        self._warnings = list(theme_warnings)
        self._pending: list[tuple[str, SeverityLevel, float]] = []
        self.said: list[str] = []
        """The latest messages, oldest first (what the message line showed)."""

        textuals = set(self.available_themes)
        self._warnings += register_themes(self, user_theme_dir)
        self.file_themes = sorted(set(self.available_themes) - textuals)
        """Themes from theme files (built in and the user's): the one theme menu."""
        theme = config.theme
        if theme not in self.file_themes:
            self._warnings.append(f"theme {theme!r} is not available: using {DEFAULT_THEME}")
            theme = DEFAULT_THEME
        self.theme = theme
        # Textual's own themes are not offered: they do not set the heatmap's levels
        # and were not checked for contrast; one menu lists what the README lists.
        for name in textuals - set(self.file_themes):
            self.unregister_theme(name)
        # The theme in use counts as saved: a fallback never overwrites the user's choice.
        self._saved_theme = theme
        self._keys = dict(config.keys)
        self.set_keymap(self._keys)
        self._warnings += displaced_keys(config.keys)
        store.listen(self._on_store_changed)

    # ------------------------------------------------------------ lifecycle

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(HEATMAP_DEFAULTS)

    def get_driver_class(self) -> type[Driver]:
        """Textual's Linux and web drivers, replaced by ones that notice a lost terminal
        (or a lost server) and end the app."""
        driver = super().get_driver_class()
        if driver.__module__ == "textual.drivers.web_driver":
            from smallwins.tui.web_driver import TabDriver

            return TabDriver  # a tab of `smallwins serve`: ends when the server does
        if driver.__module__ != "textual.drivers.linux_driver":
            return driver  # Windows, or another driver named by TEXTUAL_DRIVER
        from smallwins.tui.driver import TerminalDriver

        return TerminalDriver

    def on_load(self) -> None:
        # Before the terminal is taken over: from here on a SIGTERM or SIGHUP
        # always leaves through `_exit_on_signal`, which restores it.
        if self._handle_signals:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(number, self._exit_on_signal)

    def on_mount(self) -> None:
        if self._warnings:
            self.notify(" · ".join(self._warnings), severity="warning", timeout=15,
                        markup=False)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.start_watching(self._poll_seconds, self._rollover_seconds)
        if self._on_first_frame is not None:
            self.call_after_refresh(self._first_frame_drawn)
        if not self.store.opened_from_cache:
            # Once the first screen is up: the next opening (and `smallwins status`)
            # then starts from the cache instead of replaying every ladder's years.
            self.set_timer(CACHE_AFTER_SECONDS, self.store.cache_status)

    def _first_frame_drawn(self) -> None:
        # The first frame is drawn in a few repaints: the callback waits for the last.
        self.set_timer(FIRST_FRAME_SETTLED, self._first_frame_settled)

    def _first_frame_settled(self) -> None:
        if self._on_first_frame is not None:
            self._on_first_frame()
            self._on_first_frame = None

    def on_unmount(self) -> None:
        self.store.flush_status()
        if self._handle_signals:
            loop = asyncio.get_running_loop()
            for number in (signal.SIGTERM, signal.SIGHUP):
                loop.remove_signal_handler(number)

    def _exit_on_signal(self) -> None:
        """SIGTERM or SIGHUP: leave like `q` does, so the terminal is restored.

        Queued rather than immediate: a signal that arrives while the first
        screen is being mounted takes effect once it is up, instead of
        leaving it half built.
        """
        self.call_later(self.exit, None, EXIT_OK)

    def _on_store_changed(self, snapshot: Snapshot) -> None:
        self.store_changed.publish(snapshot)
        has_ladders = bool(snapshot.states)
        if has_ladders != self._had_ladders:
            self._had_ladders = has_ladders
            self.refresh_bindings()
        if self.selected_id not in snapshot.states:
            self.selected_id = next(iter(snapshot.states), None)

    def _remember_theme(self, theme: Theme) -> None:
        """A theme picked in the palette is written to config.toml, so it stays."""
        if theme.name == self._saved_theme or self.config.path is None:
            return
        try:
            save_setting(self.config.path, "theme", theme.name)
        except (ConfigError, OSError, ValueError) as exc:
            self.notify(f"theme not remembered: {exc}", severity="warning", markup=False)
            return
        self._saved_theme = theme.name

    # -------------------------------------------------------------- intents

    def main_screen(self) -> MainScreen | None:
        """The screen of the current mode, under any dialog or palette on top of it."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _target(self) -> tuple[str, date] | None:
        """The ladder and day the ladder keys act on, or None (after saying why)."""
        screen = self.main_screen()
        ladder_id, day = screen.selection() if screen else (self.selected_id, self.store.today)
        if ladder_id is None or ladder_id not in self.store.states:
            why = screen.why_no_ladder() if screen else None
            if why is None:
                words = "no ladder selected" if self.store.states else "no ladders yet"
                why = f"{words}: press {self.key_display('new')} to start one"
            self.notify(why, severity="warning", markup=False)
            return None
        return ladder_id, day

    def select(self, ladder_id: str) -> None:
        """Make `ladder_id` the selected ladder, on the screen on view too."""
        self.selected_id = ladder_id
        screen = self.main_screen()
        if screen is not None:
            screen.follow_selection(ladder_id)

    def report(self, outcome: Outcome) -> None:
        """Tell the user what happened, when there is more to say than the screen shows.

        The ladder that changed becomes the selected one, so an undo shows where it acted.
        """
        if outcome.ok and outcome.ladder_id is not None and outcome.ladder_id in self.store.states:
            self.select(outcome.ladder_id)
        if outcome.message:
            self.notify(outcome.message, severity=outcome.severity, markup=False)

    def action_toggle_win(self) -> None:
        """Check off (or un-check) the selected ladder on the selected day."""
        target = self._target()
        if target:
            self.report(self.store.toggle_win(*target))

    def action_rest(self) -> None:
        """Make the selected day a rest day, or take the rest day back."""
        target = self._target()
        if target:
            self.report(self.store.rest(*target))

    def action_climb(self) -> None:
        """Ask whether the rung feels automatic, then climb; refused with the progress."""
        target = self._target()
        if not target:
            return
        ladder_id = target[0]
        state = self.store.states[ladder_id]
        if not state.ready_to_climb:
            self.report(self.store.climb(ladder_id))  # the engine says why, with x/14
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.report(self.store.climb(ladder_id))

        from smallwins.tui.screens.dialogs import ConfirmClimb

        self.push_screen(ConfirmClimb(state), answered)

    def action_halve(self) -> None:
        """This feels hard: halve the rung (undo brings it back)."""
        target = self._target()
        if target:
            self.report(self.store.halve(target[0]))

    def action_catch_up(self) -> None:
        """Walk through the unanswered days since the person was last here, oldest first."""
        from smallwins.tui.screens.catchup import start_walk

        start_walk(self)

    def action_undo(self) -> None:
        """Take back the last change made in this app; ask first before removing a ladder."""
        question = self.store.undo_question
        if question is None:
            self.report(self.store.undo())
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.report(self.store.undo())

        from smallwins.tui.screens.dialogs import ConfirmDialog

        self.push_screen(ConfirmDialog("Undo the new ladder?", question, yes="remove it",
                                       no="keep it"), answered)

    def action_redo(self) -> None:
        """Make again what undo took back."""
        self.report(self.store.redo())

    def action_help(self) -> None:
        """Every key, as bound now."""
        from smallwins.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.help_rows()))

    def action_new(self) -> None:
        """A blank new-ladder form."""
        self.open_new_form(None)

    def open_new_form(self, example: dict[str, Any] | None) -> None:
        """The new-ladder form, blank or prefilled with one of the seed's examples."""
        from smallwins.tui.screens.form import LadderForm, texts_of

        texts = dict(NEW_DEFAULTS)
        if example:
            texts.update(texts_of(example))

        def save(values: dict[str, Any]) -> Outcome:
            outcome = self.store.create(**values)
            if outcome.ok:
                self.selected_id = outcome.ladder_id
            return outcome

        self.push_screen(LadderForm(title="New ladder", texts=texts, validate=self.store.validate,
                                    save=save, today=self.store.today), self._form_closed)

    def action_edit(self) -> None:
        """The form for the selected ladder."""
        from smallwins.tui.screens.form import LadderForm, ladder_texts

        target = self._target()
        if not target:
            return
        ladder_id = target[0]
        state = self.store.states[ladder_id]

        def validate(values: dict[str, Any]) -> Any:
            return self.store.validate_edit(ladder_id, values)

        def save(values: dict[str, Any]) -> Outcome:
            return self.store.edit(ladder_id, **values)

        self.push_screen(
            LadderForm(title=f"Edit {ladder_id}", texts=ladder_texts(state.ladder, state.target),
                       validate=validate, save=save, today=self.store.today, edit=True),
            self._form_closed,
        )

    def _form_closed(self, ladder_id: str | None) -> None:
        if ladder_id is not None and ladder_id in self.store.states:
            self.select(ladder_id)

