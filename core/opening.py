"""Opening the app without replaying years: each ladder starts at its cached carry.

The status cache (core/status.py) keeps, for each active ladder, the replay's
carry at the end of the day before it was written (core/status_resume.py).
The status line needs only the carry's last change of target; the app needs
all of them (the Ladders screen and the heatmap read a ladder's whole level
history), so the cache has one more line for it: each ladder's changes of
target up to its carry's day, by ladder id (`levels_line`).

On opening, the app loads the whole file, which its screens need anyway,
and takes a ladder's carry (`carries`) only when the cache was written for
this very file (the caller compares stat signatures), the ladder cut at the
carry's day is the one the cache holds, and the level history begins with
the start and ends with the carry's last level (the levels between are made
when something first reads them: core/level_history.py).  Anything else is
replayed from the first day, as with no cache.

A status call that resumed a new day from the cache holds only the levels
since each carry: the line it read stays true when none of them changed
target since, and is dropped otherwise (the app writes it again after
opening without it).
"""

from __future__ import annotations

from datetime import date

from smallwins.core.jsonwrite import COMPACT, dumps
from smallwins.core.ladder_doc import ladder_from_doc
from smallwins.core.level_history import LevelHistory
from smallwins.core.limits import LimitError
from smallwins.core.record import replace
from smallwins.core.rules import Carry, LadderState, Level
from smallwins.core.status import LINES, full_info, intact, write_cache
from smallwins.core.status_resume import (
    NONE,
    carry_from,
    forget_others,
    level_row,
    memo_of,
    trimmed,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from smallwins.core.config import Config
    from smallwins.core.model import Ladder
    from smallwins.core.storage import Signature

_memos: dict[str, dict[str, tuple[Sequence[Level], bytes]]] = {}
"""By data file, each ladder's level history as last written, and its part of the
line: the app writes the cache after every change, and a check-off rarely changes
a target."""


def signature_words(signature: Signature | None) -> str:
    """A data file's signature as the app holds it, in the form the status cache keeps."""
    return " ".join(str(part) for part in signature or ())


def cache_states(data: str, config: Config, today: date, states: Iterable[LadderState],
                 signature: Signature | None) -> None:
    """Write the status cache for `states`, which are the whole file as of `signature`
    (the app, right after its own write, knows the answer without a reread), with
    each ladder's level history."""
    listed = list(states)
    write_cache(data, str(config.path) if config.path else "", config, today,
                full_info(listed, today), signature_words(signature), listed)


def opening_lines(data: str, signature: Signature | None) -> tuple[str, str] | None:
    """The cache's resume section and level histories, when the cache was written for
    the data file whose stat signature is `signature`."""
    lines = intact(data)
    text = signature_words(signature)
    if lines is None or not text or lines[1] != text:
        return None
    return lines[LINES + 1], lines[LINES + 2]


def levels_line(states: list[LadderState], previous: str | None, data: str = "",
                ) -> list[bytes]:
    """One line of JSON, in pieces to be written one after the other: each state's
    changes of target up to its carry's day (`data`: the data file they are the
    states of, whose histories are remembered, each as its bytes in the line).

    `previous`: the line of the cache the states were resumed from (the status
    line's new day), written for the same data file; it stands for states that
    hold only the levels since their carry while none of them changed target.
    """
    resumed = [s.carry for s in states
               if s.carry is not None and s.carry.levels[0].reason != "start"]
    if resumed:
        if any(len(carry.levels) != 1 for carry in resumed):
            return [NONE.encode()]
        return [(previous or NONE).encode("utf-8")]
    last = memo_of(_memos, data)
    parts = [b"{"]
    for state in states:
        if state.carry is None:
            continue
        levels = state.carry.levels
        known = last.get(state.id)
        if known is None or (known[0] is not levels and (
                isinstance(levels, LevelHistory) or known[0] != levels)):  # rows as read
            known = last[state.id] = (levels, _part(state.id, levels))
        if len(parts) > 1:
            parts.append(b",")
        parts.append(known[1])
    forget_others(last, states)
    parts.append(b"}")
    return parts


def _part(ladder_id: str, levels: Sequence[Level]) -> bytes:
    rows = levels.rows() if isinstance(levels, LevelHistory) else [
        level_row(level) for level in levels]  # a history read from here: its rows as read
    return f"{dumps(ladder_id)}:{dumps(rows, COMPACT)}".encode()


def carries(section: str, levels: str, ladders: Mapping[str, Ladder]) -> dict[str, Carry]:
    """The carries, with their whole level history, that `ladders` (the data file the
    cache was written for) may resume from; nothing for what does not read as written."""
    if section == NONE or levels == NONE:
        return {}
    from smallwins.core.jsonread import reader_for  # orjson if imported already, or large

    found: dict[str, Carry] = {}
    try:
        raw_section, raw_levels = section.encode("utf-8"), levels.encode("utf-8")
        entries = reader_for(len(raw_section))(raw_section)
        histories = reader_for(len(raw_levels))(raw_levels)
        if not isinstance(entries, list) or not isinstance(histories, dict):
            return {}
        for entry in entries:
            if entry["carry"] is None:
                continue
            carry = carry_from(entry["carry"])
            cut = ladder_from_doc(entry["ladder"])
            ladder = ladders.get(cut.id)
            history = histories.get(cut.id)
            if ladder is None or history is None or trimmed(ladder, carry.through) != cut:
                continue
            whole = LevelHistory.of(history, ladder, carry.through, carry.levels[-1])
            if whole is not None:
                found[cut.id] = replace(carry, levels=whole)
    except (ValueError, LimitError, TypeError, KeyError, IndexError, AttributeError,
            OverflowError):  # a day past any date
        return {}  # JSONDecodeError and ShapeError are ValueErrors
    return found
