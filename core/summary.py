"""What the ladders add up to on a day: display order, states, identity totals, today.

Pure functions over ladders, used through the use-case layer (core/ledger.py)
by every front end, so the app, the command line and the status line count
by the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from smallwins.core import rules
from smallwins.core.errors import BadInput
from smallwins.core.model import Ladder
from smallwins.core.record import record
from smallwins.core.rules import LadderState, identity_key


def _order(ladder: Ladder) -> tuple[int, str]:
    return (ladder.created, ladder.id)


def display_order(ladders: Iterable[Ladder]) -> list[Ladder]:
    """Active ladders in the order the Today screen shows them: oldest first."""
    return sorted((lad for lad in ladders if not lad.archived), key=_order)


def states_of(ladders: Iterable[Ladder], today: date) -> list[LadderState]:
    """The active ladders' states on `today`, in display order."""
    return [rules.replay(lad, today) for lad in display_order(ladders)]


def identity_totals(ladders: Iterable[Ladder], today: date,
                    states: Mapping[str, LadderState] | None = None) -> dict[str, int]:
    """Votes per identity (R3), archived ladders included: their votes were cast.

    `states` may hold replayed states to reuse; a ladder without one has its
    wins counted directly, which gives the same number.
    """
    totals: dict[str, int] = {}
    for ladder in ladders:
        state = states.get(ladder.id) if states is not None else None
        votes = state.votes if state is not None else rules.count_votes(ladder, today)
        key = identity_key(ladder.identity)
        totals[key] = totals.get(key, 0) + votes
    return totals


def match_id(ids: Iterable[str], text: str) -> str:
    """The ladder id `text` names: the id itself, else the one id it begins.

    The one place where a typed ladder is resolved, so every command that
    takes a LADDER accepts the same things: an exact id always wins (`walk`
    even when `walk-steps` exists too); otherwise a prefix of exactly one id.
    A prefix of several ids is BadInput listing them, so the person can type
    more; a text that begins no id is the unknown-ladder message.
    """
    known = sorted(ids)
    if text in known:
        return text
    candidates = [lid for lid in known if text and lid.startswith(text)]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise BadInput(f"{text!r} could be any of {', '.join(candidates)}: "
                       "type more of the id")
    raise unknown_ladder(text, known)


def find_ladder(ladders: Mapping[str, Ladder], text: str) -> Ladder:
    """The ladder `text` names, by id or unique prefix (see `match_id`)."""
    return ladders[match_id(ladders, text)]


def unknown_ladder(ladder_id: str, known_ids: Iterable[str]) -> BadInput:
    known = ", ".join(sorted(known_ids)) or "none yet: create one with `smallwins new`"
    return BadInput(f"unknown ladder {ladder_id!r} (ladders: {known})")


@record(slots=True)
class DaySummary:
    """Today across the active ladders, by one rule for every place that shows it.

    A ladder is due when today is scheduled and not a rest day; it is done
    when it is due and won.  A win on an unscheduled day is a bonus, counted
    apart: it is a vote, not a due win.
    """

    due: int
    done: int
    resting: int
    bonus: int
    ready: tuple[str, ...]
    best_streak: int
    best_streak_ladder: str | None
    votes: int

    @property
    def all_done(self) -> bool:
        return self.due > 0 and self.done >= self.due


def day_summary(states: Iterable[LadderState]) -> DaySummary:
    states = list(states)
    due = [s for s in states if s.scheduled_today and not s.rest_today]
    best = max(states, key=lambda s: s.streak, default=None)
    return DaySummary(
        due=len(due),
        done=sum(1 for s in due if s.done_today),
        resting=sum(1 for s in states if s.scheduled_today and s.rest_today),
        bonus=sum(1 for s in states if s.done_today and not s.scheduled_today),
        ready=tuple(s.id for s in states if s.ready_to_climb),
        best_streak=best.streak if best else 0,
        best_streak_ladder=best.id if best and best.streak else None,
        votes=sum(s.votes for s in states),
    )
