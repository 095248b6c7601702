"""What changed between two drawings of a line, as runs of cells to repaint.

A check-off changes a glyph, a number or two and a few words.  Widgets that
know their lines compare the old and the new one cell by cell and refresh
only the runs that differ; with the main screens' compositor
(tui/screens/compositor.py) the terminal then gets those cells alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rich.cells import get_character_cell_size
from rich.segment import Segment
from rich.style import Style

GAP = 6
"""Unchanged cells between two changed runs that are sent rather than split:
a second run costs a cursor move and a style (some 40 bytes)."""

Cell = tuple[str, Style | None]


@lru_cache(maxsize=256)
def _as_blank(style: Style | None) -> Style | None:
    """What a space shows of `style`: its background and the lines drawn through it
    (bold or a text colour on a space look the same as none).  A screen has a few
    dozen styles and a check-off compares hundreds of cells: each is made once."""
    if style is None or style.reverse:
        return style
    return Style(bgcolor=style.bgcolor, underline=style.underline, strike=style.strike,
                 overline=style.overline)


def cells_of(segments: Iterable[Segment]) -> list[Cell]:
    """One (character, style) per terminal cell; a wide character's second cell is ("", style).

    A space keeps only what shows of its style, so a row whose words go from bold
    to plain does not repaint the blank cells after them."""
    out: list[Cell] = []
    add = out.append
    for text, style, control in segments:
        if control:
            continue
        blank = _as_blank(style)
        if text.isascii() and text.isprintable():  # one cell a character: the common case
            out += [(character, blank) if character == " " else (character, style)
                    for character in text]
            continue
        for character in text:
            if character == " ":
                add((character, blank))
                continue
            width = get_character_cell_size(character)
            if width == 1:
                add((character, style))
            elif width == 2:
                add((character, style))
                add(("", style))
            elif out:  # a combining mark belongs to the cell before
                last, last_style = out[-1]
                out[-1] = (last + character, last_style)
    return out


def changed_runs(before: Iterable[Segment], after: Iterable[Segment],
                 gap: int = GAP) -> list[tuple[int, int]]:
    """(start, end) cell ranges where `after` differs from `before`, runs closer
    than `gap` joined; never a range that cuts a wide character in two."""
    old, new = cells_of(before), cells_of(after)
    blank: Cell = (" ", None)
    common = min(len(old), len(new))
    differ = [x for x, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
    longer = old if len(old) > len(new) else new
    differ += [x for x in range(common, len(longer)) if longer[x] != blank]
    runs: list[tuple[int, int]] = []
    start = -1
    last_changed = -gap - 1
    for x in differ:
        if start >= 0 and x - last_changed <= gap:
            last_changed = x
            continue
        if start >= 0:
            runs.append((start, last_changed + 1))
        start = last_changed = x
    if start >= 0:
        runs.append((start, last_changed + 1))
    return [_whole(run, old, new) for run in runs]


def _whole(run: tuple[int, int], old: list[Cell], new: list[Cell]) -> tuple[int, int]:
    """Widen `run` so it starts and ends on a character, in both drawings."""
    start, end = run
    while start > 0 and any(start < len(cells) and cells[start][0] == "" for cells in (old, new)):
        start -= 1
    while any(end < len(cells) and cells[end][0] == "" for cells in (old, new)):
        end += 1
    return start, end
