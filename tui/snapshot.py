"""What the store hands the screens: immutable snapshots, and the outcome of an intent."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Literal

from smallwins.core.catchup import Question
from smallwins.core.record import record
from smallwins.core.rules import LadderState, identity_key

Severity = Literal["information", "warning", "error"]


@record(slots=True)
class Outcome:
    """What an intent did, in words for the user; `ok` is False when nothing changed."""

    ok: bool
    message: str = ""
    severity: Severity = "information"
    ladder_id: str | None = None


@record(eq=False)
class Snapshot:
    """Everything the screens draw, as of one moment; never mutated.

    `states` holds the active ladders in display order.  `changed` names the
    ladders whose state changed since the previous snapshot, or is None when
    anything may have changed (a new day, a reload, a ladder added or gone),
    so a screen can redraw one row instead of all of them.
    """

    version: int
    today: date
    states: Mapping[str, LadderState]
    identity_totals: Mapping[str, int]
    changed: frozenset[str] | None
    catch_up: tuple[Question, ...] = ()
    """The unanswered days to offer catching up on, oldest first (core/catchup.py)."""

    def identity_total(self, state: LadderState) -> int:
        """Votes of every ladder (archived too) with this state's identity (R3)."""
        return self.identity_totals.get(identity_key(state.ladder.identity), state.votes)
