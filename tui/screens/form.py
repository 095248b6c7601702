"""The form for a new ladder or an edited one.

Every keystroke checks the whole form with the engine's own rules
(`changes.new_ladder`), so the form says exactly what the command line says
and never stores a value the engine would refuse.  The two-minute warning
(R10) is shown but never blocks, and the projection shows what a year of
small wins adds up to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from smallwins.core import limits
from smallwins.core.actions import FORM
from smallwins.core.dates import DateError, parse_day
from smallwins.core.errors import BadInput
from smallwins.core.model import (
    EVERY_DAY,
    Ladder,
    ModelError,
    days_text,
    format_num,
    parse_days,
)
from smallwins.core.rules import project, replay
from smallwins.core.words import amount_text, unit_forms, unit_one_of
from smallwins.tui.keys import bindings, key_of
from smallwins.tui.snapshot import Outcome

PROJECTION_DAYS = 365
SHORT = 22
"""Below this height the fields scroll inside a box as high as the terminal."""


@dataclass(frozen=True)
class Field:
    """One line of the form."""

    name: str
    label: str
    placeholder: str
    optional: bool = False


NEW_FIELDS = (
    Field("identity", "Identity", "I am someone who moves every day"),
    Field("action", "Action", "walk"),
    Field("unit", "Unit", "steps", optional=True),
    Field("start", "Start", "the first rung, e.g. 50"),
    Field("step", "Step", "added by each climb, e.g. 50"),
    Field("hold", "Hold (days)", "won days before a climb, e.g. 14"),
    Field("days", "Days", "every day, mon-fri, mon,wed,fri"),
    Field("granularity", "Granularity", "1 (or 0.5 for halves)"),
    Field("minutes", "Minutes", "how long it takes (optional)", optional=True),
    Field("start_day", "Started", "today (or yesterday, -3, 2026-11-20)", optional=True),
    # Last, so the usual fields come first: it fills in from the unit as it is typed.
    Field("unit_one", "Unit for 1", "step (filled in from the unit)", optional=True),
)
"""The fields of a new ladder, in the order of the command line's options."""

EDIT_FIELDS = tuple(
    Field("target", "Today's rung", "today's target") if f.name == "start" else f
    for f in NEW_FIELDS
    if f.name != "start_day"
)
"""An existing ladder keeps its start (it is history); today's rung can be set instead."""


class FieldError(BadInput):
    """A value that is wrong before the rules even see it, tied to its field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def ladder_texts(ladder: Ladder, target: Any) -> dict[str, str]:
    """An existing ladder's values as the form shows them."""
    return {
        "identity": ladder.identity,
        "action": ladder.action,
        "unit": ladder.unit,
        "unit_one": unit_one_of(ladder),
        "target": format_num(target).replace(",", ""),
        "step": format_num(ladder.step).replace(",", ""),
        "hold": str(ladder.hold),
        "days": days_text(ladder.days),
        "granularity": format_num(ladder.granularity).replace(",", ""),
        "minutes": "" if ladder.minutes is None else format_num(ladder.minutes),
    }


def _number(field: str, text: str, parse: Callable[[str, str], Any] = limits.amount_text
            ) -> Any:
    """A number typed in a field, checked against its limits (core/limits.py)."""
    if not text.strip():
        raise FieldError(field, f"{field} is empty: give a number")
    try:
        return parse(text, field)
    except BadInput as exc:
        raise FieldError(field, str(exc)) from None


def parse_texts(texts: Mapping[str, str], today: date | None = None) -> dict[str, Any]:
    """Typed values from the form's texts; FieldError names the field that is wrong."""
    values: dict[str, Any] = {}
    started = texts.get("start_day", "").strip()
    if started and today is not None:
        try:
            values["start_day"] = parse_day(started, today)
        except DateError as exc:
            raise FieldError("start_day", f"started: {exc}") from None
    for name in ("identity", "action", "unit"):
        if name in texts:
            values[name] = texts[name]
    if "unit_one" in texts:
        # Blank: guessed from the unit (typed singular or plural) when it is saved.
        values["unit_one"] = texts["unit_one"].strip() or None
    for name in ("start", "target", "step", "granularity"):
        if name in texts:
            values[name] = _number(name, texts[name])
    if "hold" in texts:
        values["hold"] = _number("hold", texts["hold"] or "", limits.hold_text)
    if "days" in texts:
        try:
            values["days"] = parse_days(texts["days"]) if texts["days"].strip() else EVERY_DAY
        except ModelError as exc:
            raise FieldError("days", str(exc)) from None
    if "minutes" in texts:
        values["minutes"] = _number("minutes", texts["minutes"], limits.minutes_text) \
            if texts["minutes"].strip() else None
    return values


_FIELD_WORDS = (
    ("identity", "identity"), ("action", "action"), ("start", "start"), ("step", "step"),
    ("hold", "hold"), ("granularity", "granularity"), ("minutes", "minutes"),
    ("target", "target"), ("the schedule", "days"), ("unknown weekday", "days"),
    ("amount", "target"), ("started", "start_day"),
)


def field_of(message: str, edit: bool) -> str | None:
    """Which field an engine message is about (its first words name it)."""
    for words, name in _FIELD_WORDS:
        if message.startswith(words):
            if name == "start" and edit:
                return "target"
            return name
    return None


class LadderForm(ModalScreen[str | None]):
    """New or edited ladder; dismisses with the ladder's id once saved, None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(FORM)

    def __init__(
        self,
        *,
        title: str,
        texts: Mapping[str, str],
        validate: Callable[[dict[str, Any]], tuple[Ladder, list[str]]],
        save: Callable[[dict[str, Any]], Outcome],
        today: date,
        edit: bool = False,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.texts = dict(texts)
        self.validate = validate
        self.save = save
        self.today = today
        self.edit = edit
        self.fields = EDIT_FIELDS if edit else NEW_FIELDS
        self.values: dict[str, Any] | None = None
        self.error_field: str | None = None
        self.attempted = False
        self._one_by_hand = False
        """The singular unit was typed, not filled in: the unit no longer changes it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box", classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="form-fields", can_focus=False):
                for field in self.fields:
                    with Horizontal(classes="form-row", id=f"row-{field.name}"):
                        yield Label(field.label, classes="form-label")
                        box = Input(
                            value=self.texts.get(field.name, ""),
                            placeholder=field.placeholder,
                            id=f"field-{field.name}",
                            compact=True,
                            select_on_focus=True,
                        )
                        box.cursor_blink = False
                        yield box
            yield Static("", id="form-error", markup=False)
            yield Static("", id="form-warning", markup=False)
            yield Static("", id="form-projection", markup=False)
            yield Static(self.keys_line(), classes="dialog-keys", markup=False)

    def keys_line(self) -> str:
        """The editing keys, as bound now: typing replaces a field's text, selected on entry."""
        app = self.app
        return (f"{key_of(app, 'save')} or enter save · tab/shift+tab move · "
                f"{key_of(app, 'clear_field')} clear · {key_of(app, 'cancel')} cancel")

    def on_mount(self) -> None:
        self.check()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < SHORT, "-short")

    def current_texts(self) -> dict[str, str]:
        return {f.name: self.query_one(f"#field-{f.name}", Input).value for f in self.fields}

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id == "field-unit_one" and event.input.has_focus:
            self._one_by_hand = True
        elif event.input.id == "field-unit" and not self._one_by_hand:
            one = self.query_one("#field-unit_one", Input)
            guess = unit_forms(event.value)[0]
            if one.value != guess:
                one.value = guess  # its own Changed event checks the form again
                return
        self.check()

    def check(self) -> bool:
        """Validate everything; show the first problem inline, the warning and the projection."""
        error = warning = projection = ""
        field: str | None = None
        self.values = None
        try:
            values = parse_texts(self.current_texts(), self.today)
            ladder, warnings = self.validate(values)
        except FieldError as exc:
            error, field = str(exc), exc.field
        except (BadInput, ModelError) as exc:
            error = str(exc)
            if self.edit and error.startswith("start"):
                error = "target" + error[len("start"):]
            field = field_of(error, self.edit)
        else:
            self.values = values
            warning = " ".join(warnings)
            projection = self._projection(ladder)
        if error and not self.attempted and field is not None and not self._dirty(field):
            # A blank form is not wrong yet: speak up once the field is typed in or saved.
            error, field = "", None
        self._show(error, warning, projection, field)
        return self.values is not None

    def _dirty(self, field: str) -> bool:
        boxes = self.query(f"#field-{field}")
        return bool(boxes) and boxes.first(Input).value != self.texts.get(field, "")

    def _projection(self, ladder: Ladder) -> str:
        state = replay(ladder, max(self.today, ladder.start_day))
        target = project(state, PROJECTION_DAYS)
        return (f"in a year: {amount_text(ladder, target)} a day, "
                f"if every scheduled day is won and each climb taken when ready")

    def _show(self, error: str, warning: str, projection: str, field: str | None) -> None:
        for name, text in (("error", f"✗ {error}" if error else ""),
                           ("warning", f"! {warning}" if warning else ""),
                           ("projection", projection)):
            line = self.query_one(f"#form-{name}", Static)
            line.update(text)
            line.display = bool(text)
        if field != self.error_field:
            if self.error_field is not None:
                self.query_one(f"#row-{self.error_field}").remove_class("-invalid")
            if field is not None and self.query(f"#row-{field}"):
                self.query_one(f"#row-{field}").add_class("-invalid")
            self.error_field = field if field is not None and self.query(f"#row-{field}") \
                else None

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.attempted = True
        if not self.check() or self.values is None:
            if self.error_field is not None:
                self.query_one(f"#field-{self.error_field}", Input).focus()
            return
        outcome = self.save(self.values)
        if not outcome.ok:
            self._show(outcome.message, "", "", field_of(outcome.message, self.edit))
            return
        if outcome.message:
            self.notify(outcome.message, severity=outcome.severity, markup=False)
        self.dismiss(outcome.ladder_id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_clear_field(self) -> None:
        """Empty the field in focus, whatever is selected and wherever the cursor is."""
        field = self.focused
        if isinstance(field, Input):
            field.value = ""


def texts_of(values: Mapping[str, Any]) -> dict[str, str]:
    """Form texts from example values (numbers and schedules as they are typed)."""
    texts: dict[str, str] = {}
    for key, value in values.items():
        if value is None:
            texts[key] = ""
        elif isinstance(value, frozenset):
            texts[key] = days_text(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            texts[key] = re.sub(",", "", format_num(value))
        else:
            texts[key] = str(value)
    return texts
