"""The catch-up walk: one unanswered day of one ladder at a time, oldest first.

Each question shows the day, its win as it was that day, the identity, and
what a win or a miss does to the rung (core/catchup.py asks the engine).
One key answers it (won, rest, missed) or stops the walk; every answer is
written at once as its own change through the store, so `u` after the walk
takes answers back one by one.  Nothing here repaints unless a key is pressed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from smallwins.core.actions import CATCHUP
from smallwins.core.catchup import Question, count_words, describe
from smallwins.core.dates import format_day
from smallwins.tui.keys import bindings, key_of
from smallwins.tui.snapshot import Outcome

if TYPE_CHECKING:
    from smallwins.tui.app import SmallWinsApp

Describe = Callable[[Question], tuple[str, str] | None]
"""The day's win as it was and what an answer does; None once the day is answered."""
Answer = Callable[[Question, str], Outcome]
"""Record `won`, `rest` or `missed` for a question."""


class CatchUpScreen(ModalScreen[Counter[str]]):
    """Walks through `questions`; dismisses with the answers counted (and `stopped`)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(CATCHUP)

    def __init__(self, questions: Sequence[Question], describe: Describe,
                 answer: Answer) -> None:
        super().__init__(classes="dialog", id="catchup")
        self.questions = list(questions)
        self.describe = describe
        self.answer_with = answer
        self.index = -1
        self.tally: Counter[str] = Counter()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box", id="catchup-box"):
            yield Static("", classes="dialog-title", id="catchup-title", markup=False)
            yield Static("", id="catchup-day", markup=False)
            yield Static("", id="catchup-identity", classes="catchup-muted", markup=False)
            yield Static("", id="catchup-effect", classes="dialog-body", markup=False)
            last = Static("", id="catchup-last", classes="catchup-muted", markup=False)
            last.display = False
            yield last
            app = self.app
            yield Static(f"{key_of(app, 'catchup_won')} won · {key_of(app, 'catchup_rest')} "
                         f"rest · {key_of(app, 'catchup_missed')} missed (leave it) · "
                         f"{key_of(app, 'catchup_stop')} stop", classes="dialog-keys",
                         markup=False)

    def on_mount(self) -> None:
        self._next()

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if 0 <= self.index < len(self.questions) else None

    def _next(self) -> None:
        """Show the next question still unanswered; after the last, close."""
        while True:
            self.index += 1
            question = self.current
            if question is None:
                self.dismiss(self.tally)
                return
            described = self.describe(question)
            if described is not None:
                break
        rung, effect = described
        total = len(self.questions)
        self.query_one("#catchup-title", Static).update(
            f"Catch up · {self.index + 1} of {total}")
        self.query_one("#catchup-day", Static).update(f"{format_day(question.day)}: {rung}")
        self.query_one("#catchup-identity", Static).update(question.identity)
        self.query_one("#catchup-effect", Static).update(effect)

    def _said(self, text: str) -> None:
        last = self.query_one("#catchup-last", Static)
        last.update(text)
        last.display = bool(text)

    def action_answer(self, kind: str) -> None:
        question = self.current
        if question is None:
            return
        outcome = self.answer_with(question, kind)
        day = format_day(question.day)
        if not outcome.ok:
            if self.describe(question) is not None:
                self._said(f"✗ {outcome.message}")  # not written: ask again
                return
            self._said(f"! {outcome.message}")
        else:
            self.tally[kind] += 1
            glyph = {"won": "✔ won", "rest": "– rest day", "missed": "· left missed"}[kind]
            self._said(f"{glyph}: {day}, {question.ladder_id}")
        self._next()

    def action_stop(self) -> None:
        if self.current is not None:
            self.tally["stopped"] += 1
        self.dismiss(self.tally)


def start_walk(app: SmallWinsApp) -> None:
    """Open the walk over the app's store, or say there is nothing to catch up on."""
    store = app.store
    questions = store.catch_up_questions()
    if not questions:
        app.notify("nothing to catch up: every scheduled day since you were last here "
                   "is answered", markup=False)
        return

    def described(question: Question) -> tuple[str, str] | None:
        ladder = store.ladders.get(question.ladder_id)
        if ladder is None or ladder.archived or question.day in ladder.marks:
            return None
        return describe(ladder, question.day, store.today)

    def answer(question: Question, kind: str) -> Outcome:
        if kind == "missed":
            return store.leave_missed(question.ladder_id, question.day)
        return store.answer(question.ladder_id, question.day, won=kind == "won")

    def finished(tally: Counter[str] | None) -> None:
        tally = tally or Counter()
        words = f"{tally['won']} won, {tally['rest']} rest, {tally['missed']} left missed"
        remaining = len(store.snapshot.catch_up)
        if remaining:
            message = (f"stopped: {words}; {count_words(remaining)} still to answer "
                       f"({app.key_display('catch_up')} goes on)")
        else:
            message = f"caught up: {words}"
        if tally["won"] or tally["rest"]:
            message += f". {app.key_display('undo')} takes an answer back"
        app.notify(message, timeout=8, markup=False)

    app.push_screen(CatchUpScreen(questions, described, answer), finished)
