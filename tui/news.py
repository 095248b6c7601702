"""The words a change earns: what a check-off did beyond its own cell, what another
process did to the ladder a person was about to change, what undo would take back."""

from __future__ import annotations

from datetime import date

from smallwins.core.dates import format_day
from smallwins.core.model import Ladder, Mark, Rest, Win, format_num
from smallwins.core.rules import LadderState


def vote_words(state: LadderState | None, day: date, mark: Mark | None) -> str:
    """What a mark says back, in one line: a check-off answers with its vote.

    `✔ vote 233 for I am someone who moves every day · streak 69`; an
    un-check and a rest day say what they did, glyph first, never colour alone.
    """
    if state is None:
        return ""
    when = "" if day == state.today else f"{format_day(day)}: "
    if isinstance(mark, Win):
        return (f"✔ {when}vote {format_num(state.votes)} for {state.ladder.identity}"
                f" · streak {state.streak}")
    if isinstance(mark, Rest):
        return f"– {when}rest day for {state.ladder.action}: neither win nor miss"
    return (f"○ {when}un-checked: {format_num(state.votes)} votes for "
            f"{state.ladder.identity}")


def mark_news(old: LadderState | None, new: LadderState | None, day: date) -> str:
    """A word when a mark changed more than its own cell: a drop back, a ready rung."""
    if new is None or old is None:
        return ""
    old_drops = [lv for lv in old.levels if lv.reason == "drop-back"]
    new_drops = [lv for lv in new.levels if lv.reason == "drop-back"]
    if len(new_drops) < len(old_drops):
        return f"{format_day(day)} recorded: the drop back it caused is undone"
    if len(new_drops) > len(old_drops):
        return f"without {format_day(day)}, {new.ladder.id} drops back to {new.rung}"
    if new.ready_to_climb and not old.ready_to_climb:
        return (
            f"{new.hold_progress}/{new.ladder.hold}: {new.rung} is held. "
            "Climb when it feels automatic."
        )
    return ""


def mark_words(mark: Mark | None) -> str:
    if isinstance(mark, Win):
        return "check-off"
    if isinstance(mark, Rest):
        return "rest day"
    return "un-check"


def elsewhere_words(ladder_id: str, seen: Ladder | None, current: Ladder | None, day: date,
                     today: date) -> str:
    """What another process did to the ladder a person was about to change."""
    if current is None:
        return f"{ladder_id} was just removed elsewhere: nothing was changed here"
    when = "" if day == today else f" for {format_day(day)}"
    mark = current.marks.get(day)
    if isinstance(mark, Win):
        what = f"{current.action} was just checked off elsewhere{when}"
    elif isinstance(mark, Rest):
        what = f"{current.action} was just made a rest day elsewhere{when}"
    elif seen is not None and seen.marks.get(day) is not None:
        what = f"{current.action} was just un-checked elsewhere{when}"
    else:
        what = f"{current.action} was just changed elsewhere"
    return f"{what}: nothing was changed here; it is shown as it is now"
