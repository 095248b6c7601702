"""The runs of cells a check-off repaints: every changed cell inside one, none cut
through a wide character, and the same runs as a plain cell-by-cell comparison."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style

from smallwins.tui.widgets.cells import GAP, Cell, cells_of, changed_runs

STYLES = [None, Style(color="red"), Style(color="red", bold=True),
          Style(bgcolor="blue"), Style(bgcolor="blue", underline=True),
          Style(reverse=True), Style(color="green", bgcolor="blue")]
TEXT = st.text(alphabet=st.sampled_from(list("ab ✔○·#") + ["界", "\u0301", "é"]), max_size=12)
SEGMENTS = st.lists(st.tuples(TEXT, st.sampled_from(STYLES)).map(lambda t: Segment(*t)),
                    max_size=6)


def reference_runs(old: list[Cell], new: list[Cell], gap: int) -> list[tuple[int, int]]:
    """A cell at a time: the cells that differ (a missing cell is a blank one),
    runs closer than `gap` joined, then widened to whole characters."""
    blank: Cell = (" ", None)
    differ = [x for x in range(max(len(old), len(new)))
              if (old[x] if x < len(old) else blank) != (new[x] if x < len(new) else blank)]
    runs: list[list[int]] = []
    for x in differ:
        if runs and x - (runs[-1][1] - 1) <= gap:
            runs[-1][1] = x + 1
        else:
            runs.append([x, x + 1])
    whole = []
    for start, end in runs:
        while start > 0 and any(start < len(c) and c[start][0] == "" for c in (old, new)):
            start -= 1
        while any(end < len(c) and c[end][0] == "" for c in (old, new)):
            end += 1
        whole.append((start, end))
    return whole


@settings(max_examples=400, deadline=None)
@given(SEGMENTS, SEGMENTS)
def test_runs_are_those_of_a_cell_by_cell_comparison(before, after) -> None:
    old, new = cells_of(before), cells_of(after)
    runs = changed_runs(before, after)
    assert runs == reference_runs(old, new, GAP)
    covered = {x for start, end in runs for x in range(start, end)}
    blank: Cell = (" ", None)
    for x in range(max(len(old), len(new))):
        if (old[x] if x < len(old) else blank) != (new[x] if x < len(new) else blank):
            assert x in covered


ASCII = st.lists(st.tuples(st.text(alphabet="ab #.-", max_size=12), st.sampled_from(STYLES))
                 .map(lambda t: Segment(*t)), max_size=6)


@settings(max_examples=300, deadline=None)
@given(ASCII)
def test_ascii_text_is_a_cell_a_character_and_spaces_keep_what_shows(segments) -> None:
    cells = cells_of(segments)
    assert [character for character, _ in cells] == list("".join(s.text for s in segments))
    styles = [s.style for s in segments for _ in s.text]
    for (character, style), own in zip(cells, styles, strict=True):
        if character != " " or own is None or own.reverse:
            assert style is own
        else:  # a space shows only its background and the lines through it
            assert style == Style(bgcolor=own.bgcolor, underline=own.underline)
