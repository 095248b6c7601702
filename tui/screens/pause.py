"""A pause for a holiday or an illness: rest days from one day to another, for the
selected ladder or every ladder, announced ahead if need be.

Each keystroke says what saving would do ("rests 10 scheduled days of
walk-steps"), by the engine's own rules (`changes.pause_days`), so the form
never promises what the store would refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from smallwins.core import changes
from smallwins.core.actions import FORM
from smallwins.core.dates import format_day, parse_day
from smallwins.core.errors import BadInput
from smallwins.core.model import Ladder, Win
from smallwins.tui.keys import bindings, key_of
from smallwins.tui.screens.note import NOTE_LENGTH
from smallwins.tui.snapshot import Outcome

Save = Callable[[Sequence[str], date, date, str | None], Outcome]


class Tick(Checkbox):
    """A checkbox whose mark reads without colour: ✔ when on, blank when off."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - Textual's name
        return "✔" if self.value else " "


class PauseForm(ModalScreen[str | None]):
    """From, to, every ladder or this one, and why; enter pauses, escape leaves."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(FORM)

    def __init__(self, ladder: Ladder, every: Sequence[Ladder], today: date,
                 save: Save) -> None:
        super().__init__(classes="dialog")
        self.ladder = ladder
        self.every = list(every)
        self.today = today
        self.save = save
        self.plan: tuple[list[str], date, date] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="pause-box", classes="dialog-box"):
            yield Static(f"Pause {self.ladder.id}", classes="dialog-title", markup=False,
                         id="pause-title")
            for name, label, value, hint in (
                ("from", "From", "today", "today, tomorrow's date, -3, 2026-12-01"),
                ("to", "To", (self.today + timedelta(days=6)).isoformat(),
                 "the last day off, e.g. 2026-12-12"),
                ("note", "Why", "", "holiday, ill (optional)"),
            ):
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    box = Input(value=value, placeholder=hint, id=f"pause-{name}",
                                compact=True, select_on_focus=False,
                                max_length=NOTE_LENGTH if name == "note" else 40)
                    box.cursor_blink = False
                    yield box
            yield Tick("every ladder, not only this one", id="pause-all", compact=True)
            yield Static("", id="pause-plan", markup=False)
            cancel = key_of(self.app, "cancel")
            yield Static(f"enter pause · tab next · {cancel} cancel", classes="dialog-keys",
                         markup=False)

    def on_mount(self) -> None:
        self.check()

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self.check()

    def _day(self, name: str) -> date:
        text = self.query_one(f"#pause-{name}", Input).value.strip()
        if name == "from" and not text:
            return self.today
        word = "from" if name == "from" else "to"
        if not text:
            raise BadInput(f"{word}: give the last day off")
        if text.lower() == "tomorrow":
            return self.today + timedelta(days=1)
        try:
            return parse_day(text, self.today)
        except BadInput as exc:
            raise BadInput(f"{word}: {exc}") from None

    def check(self) -> bool:
        """Say what saving would do, or what is wrong; True when it can be saved."""
        self.plan = None
        every = self.query_one("#pause-all", Checkbox).value
        ladders = self.every if every else [self.ladder]
        try:
            first, last = self._day("from"), self._day("to")
            days = {lad.id: changes.pause_days(lad, first, last) for lad in ladders}
            changes.pause(ladders[0], first, last, self.today)  # how far ahead, by the rules
        except BadInput as exc:
            self._say(f"✗ {exc}", error=True)
            return False
        rest = sum(1 for lad in ladders for day in days[lad.id]
                   if not isinstance(lad.marks.get(day), Win))
        who = f"{len(ladders)} ladders" if every else self.ladder.id
        self.query_one("#pause-title", Static).update(
            "Pause every ladder" if every else f"Pause {self.ladder.id}")
        span = f"{format_day(first)} to {format_day(last, with_year=last.year != first.year)}"
        if not rest:
            self._say(f"✗ {who} has no day to rest, {span}: nothing scheduled, or "
                      "every day already won", error=True)
            return False
        ahead = " (days ahead included)" if last > self.today else ""
        self._say(f"rests {rest} scheduled day(s) of {who}, {span}{ahead}; days already "
                  "won stay won", error=False)
        self.plan = ([lad.id for lad in ladders], first, last)
        return True

    def _say(self, text: str, error: bool) -> None:
        line = self.query_one("#pause-plan", Static)
        line.update(text)
        line.set_class(error, "-error")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if not self.check() or self.plan is None:
            return
        ids, first, last = self.plan
        note = self.query_one("#pause-note", Input).value
        outcome = self.save(ids, first, last, note or None)
        if not outcome.ok:
            self._say(f"✗ {outcome.message}", error=True)
            return
        if outcome.message:
            self.notify(outcome.message, severity=outcome.severity, markup=False)
        self.dismiss(outcome.ladder_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
