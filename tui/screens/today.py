"""Today: every active ladder's win for today, one keypress to check it off.

With no ladders yet it explains the method in three lines and offers the
seed's own examples one key away, so the first ladder takes seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from textual.binding import BindingType
from textual.widget import Widget
from textual.widgets import Static

from smallwins.core.actions import TODAY, WELCOME
from smallwins.core.catchup import count_words
from smallwins.core.dates import format_day
from smallwins.core.ledger import DaySummary, day_summary
from smallwins.tui.keys import bindings, needing_a_ladder
from smallwins.tui.screens.base import MainScreen
from smallwins.tui.snapshot import Snapshot
from smallwins.tui.widgets.ladder_list import LadderList, TodayRow
from smallwins.tui.widgets.lines import TextLine


def welcome_text(key: Callable[[str], str], archived: int = 0) -> str:
    """The first-run page: the method in three lines, then the way in.

    `key(action_id)` is the key bound to an action now.  With only archived
    ladders in the file, it says where they are first."""
    if archived:
        ladders = "ladder is" if archived == 1 else "ladders are"
        return (f"No active ladders: {archived} archived {ladders} kept with every vote. "
                f"Press [b]{key('ladders')}[/b] then [b]{key('show_archived')}[/b] to see "
                f"them and [b]{key('unarchive')}[/b] to bring one back, or "
                f"[b]{key('new')}[/b] to start a new ladder.")
    return f"""\
[b]Welcome to smallwins.[/b]

Start with a win so small it feels silly, and do it every scheduled day.
Hold each rung for two weeks, then climb by the smallest step; miss a day \
on a new rung and you drop back one, no drama.
Every win is a vote for the person you are becoming.

Press [b]{key("new")}[/b] to start your own ladder, or begin with an example:

  [b]{key("example_1")}[/b]  one sentence a day   (I am a writer)
  [b]{key("example_2")}[/b]  one pushup           (I am someone who keeps fit)
  [b]{key("example_3")}[/b]  fifty steps          (walk, +50 a rung, Monday to Friday)
"""


EXAMPLES: dict[int, dict[str, Any]] = {
    1: {"identity": "I am a writer", "action": "write", "unit": "sentences",
        "start": 1, "step": 1, "hold": 14, "days": "every day", "minutes": 1},
    2: {"identity": "I am someone who keeps fit", "action": "do", "unit": "pushups",
        "start": 1, "step": 1, "hold": 14, "days": "every day", "minutes": 1},
    3: {"identity": "I am someone who moves every day", "action": "walk", "unit": "steps",
        "start": 50, "step": 50, "hold": 1, "days": "mon-fri", "minutes": 1},
}
"""The seed's examples, as the new-ladder form is prefilled with them."""


def summary_words(day: DaySummary) -> str:
    """The line above the list: today's wins by the one rule status uses too."""
    if day.due:
        words = f"{day.done} of {day.due} done today"
        if day.all_done:
            words += ": every vote cast"
    else:
        words = "no win due today"
    if day.resting:
        words += f" · {day.resting} resting"
    if day.bonus:
        words += f" · {day.bonus} bonus"
    if day.ready:
        words += f" · {len(day.ready)} ready to climb"
    return words


class TodayScreen(MainScreen):
    """Every ladder: identity, today's rung, done or not, streak, hold, ready to climb."""

    MODE = "today"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings(TODAY), *bindings(WELCOME)]
    _NEED_LADDER = needing_a_ladder(TODAY)
    _offer_text = ""

    def compose_body(self) -> Iterator[Widget]:
        yield TextLine(id="summary")
        offer = Static(id="catchup-offer", markup=False)
        offer.display = False
        yield offer
        yield LadderList(TodayRow, id="today-list")
        yield Static(welcome_text(self.smallwins.key_display), id="welcome")

    def draw(self, snapshot: Snapshot, changed: frozenset[str] | None) -> None:
        states = list(snapshot.states.values())
        empty = not states
        self.set_class(empty, "-empty")
        if empty:
            archived = len(self.smallwins.store.loaded.archived())
            self.query_one("#welcome", Static).update(
                welcome_text(self.smallwins.key_display, archived))
        ladders = self.query_one(LadderList)
        ladders.show(states, changed, select=self.smallwins.selected_id)
        summary = summary_words(day_summary(states))
        # One line high whatever it says: no layout pass, and only the cells that differ.
        self.query_one("#summary", TextLine).update("" if empty else summary)
        self._offer(snapshot)

    def _offer(self, snapshot: Snapshot) -> None:
        """One line offering to catch up on unanswered days; none when there are none.

        Offered, never forced: the walk opens only on its key.  The line is
        redrawn only when what it says changes.
        """
        questions = snapshot.catch_up
        text = ""
        if questions:
            text = (f"{self.smallwins.key_display('catch_up')} catch up: "
                    f"{count_words(len(questions))} since {format_day(questions[0].day)}")
        if text != self._offer_text:
            self._offer_text = text
            offer = self.query_one("#catchup-offer", Static)
            offer.update(text)
            offer.display = bool(text)

    def follow_selection(self, ladder_id: str | None) -> None:
        ladders = self.query_one(LadderList)
        if ladder_id in ladders.rows:  # a new ladder is selected when its row is drawn
            ladders.move_to(ladder_id)

    def on_ladder_list_selected(self, message: LadderList.Selected) -> None:
        self._follow_list()

    def _follow_list(self) -> None:
        """Take the list's selection as the one the ladder keys act on.  The list is
        asked where it is now: its message can trail the key that moved it, and a
        key read in the same breath (keys typed fast over SSH come together) must
        act on the row it moved to."""
        self.smallwins.selected_id = self.query_one(LadderList).selected_id

    def action_move(self, delta: int) -> None:
        self.query_one(LadderList).move(delta)
        self._follow_list()  # now, not when the list's message comes

    def action_example(self, number: int) -> None:
        self.smallwins.open_new_form(EXAMPLES[number])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "example":
            # The examples share 1 2 3 with the screen keys: only on the first-run page.
            return not self.smallwins.store.ladders
        if action in self._NEED_LADDER:
            return bool(self.smallwins.store.states)
        return True
