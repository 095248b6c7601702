"""What a ladder's state looks like to the outside: JSON objects and text lines.

Shared by `show`, `list` and `status`, so the app and every output agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from smallwins.core.model import (
    WEEKDAYS,
    days_text,
    format_num,
)
from smallwins.core.rules import (
    LadderState,
    identity_key,
    project,
)
from smallwins.core.words import amount_text, count, unit_one_of

PROJECTION_DAYS = 365


def state_json(state: LadderState, identity_total: int) -> dict[str, Any]:
    """The `show --json` object (SPEC section 5)."""
    lad = state.ladder
    check = state.checklist
    return {
        "id": lad.id,
        "identity": lad.identity,
        "action": lad.action,
        "unit": lad.unit,
        "unit_one": unit_one_of(lad),
        "rung": state.rung,
        "target": state.target,
        "start": lad.start,
        "step": lad.step,
        "granularity": lad.granularity,
        "hold": lad.hold,
        "days": [WEEKDAYS[d] for d in sorted(lad.days)],
        "start_day": lad.start_day.isoformat(),
        "minutes": lad.minutes,
        "archived": lad.archived,
        "today": state.today.isoformat(),
        "scheduled_today": state.scheduled_today,
        "done_today": state.done_today,
        "rest_today": state.rest_today,
        "hold_progress": state.hold_progress,
        "ready_to_climb": state.ready_to_climb,
        "consolidating": state.consolidating,
        "streak": state.streak,
        "longest_streak": state.longest_streak,
        "votes": state.votes,
        "identity_votes": identity_total,
        "levels": [
            {"day": lv.day.isoformat(), "target": lv.target, "reason": lv.reason}
            | ({"missed": lv.missed.isoformat()} if lv.missed else {})
            for lv in state.levels
        ],
        "projection": {"days": PROJECTION_DAYS, "target": project(state, PROJECTION_DAYS)},
        "checklist": {
            "chose_start": check.chose_start,
            "held_first_rung": check.held_first_rung,
            "first_rung_progress": check.first_rung_progress,
            "hold": check.hold,
            "climbs": check.climbs,
        },
    }


def states_json(states: Iterable[LadderState], totals: Mapping[str, int]) -> list[dict[str, Any]]:
    """JSON objects for `states`, each with its identity's total of votes (`totals`)."""
    return [state_json(s, totals.get(identity_key(s.ladder.identity), s.votes)) for s in states]


def mark_glyph(state: LadderState) -> str:
    """Done and not done differ by glyph, not only colour."""
    if state.done_today:
        return "✔"
    if state.rest_today:
        return "–"
    if not state.scheduled_today:
        return " "
    return "○"


ARCHIVED = "⊘"
"""Marks an archived ladder in `list --all`, beside the word."""


def state_line(state: LadderState) -> str:
    """One line per ladder for `list`."""
    if state.ladder.archived:
        votes = count(state.votes, "vote")
        return f"{ARCHIVED} {state.id:<20} {state.rung:<28} archived ({votes})"
    extra = "  ready to climb" if state.ready_to_climb else ""
    return (
        f"{mark_glyph(state)} {state.id:<20} {state.rung:<28} "
        f"streak {state.streak:<4} hold {state.hold_progress}/{state.ladder.hold}{extra}"
    )


def state_details(state: LadderState, identity_total: int) -> list[str]:
    """The lines of `show` for people."""
    lad = state.ladder
    check = state.checklist
    lines = [
        f"{lad.id}: {lad.identity}",
        f"  today       {mark_glyph(state)} {state.rung}"
        + ("" if state.scheduled_today else " (not scheduled today)"),
        f"  schedule    {days_text(lad.days)}, hold {count(lad.hold, 'day')}, "
        f"step +{format_num(lad.step)}",
        f"  hold        {state.hold_progress}/{lad.hold} won days at this rung"
        + (" - ready to climb" if state.ready_to_climb else ""),
        f"  streak      {state.streak} (longest {state.longest_streak})",
        f"  votes       {format_num(state.votes)} (identity: {format_num(identity_total)})",
        f"  in a year   {amount_text(lad, project(state, PROJECTION_DAYS))}",
        "  checklist   "
        f"[x] chose a starting win  "
        f"[{'x' if check.held_first_rung else ' '}] held the first rung "
        f"{check.first_rung_progress}/{check.hold}  "
        f"[{'x' if check.climbs else ' '}] climbed by the smallest step ({check.climbs})",
        "  levels",
    ]
    if lad.archived:
        lines.insert(1, f"  archived    {ARCHIVED} yes: `smallwins unarchive {lad.id}` "
                     "brings it back")
    for lv in state.levels[-12:]:
        why = f" (missed {lv.missed.isoformat()})" if lv.missed else ""
        lines.append(f"    {lv.day.isoformat()}  {format_num(lv.target):>8}  {lv.reason}{why}")
    if len(state.levels) > 12:
        lines.append(f"    ... {len(state.levels) - 12} earlier changes (show --json has all)")
    return lines
