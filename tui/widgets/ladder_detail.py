"""Everything about one ladder: identity and votes, rung, the seed's three steps,
the projection, the schedule and the level history.

A check-off changes a few of its lines (votes, today, hold, streak); only
those lines are repainted, so the terminal gets those lines and not the
whole pane.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.geometry import Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from smallwins.core.dates import format_day
from smallwins.core.model import days_text, format_num
from smallwins.core.notes import latest_notes, one_line
from smallwins.core.nudge import pause_end, pause_words
from smallwins.core.rules import LadderState, Level, project, rung_text
from smallwins.core.words import amount_text, count
from smallwins.tui.keys import key_of
from smallwins.tui.widgets.cells import changed_runs
from smallwins.tui.widgets.ladder_list import ARCHIVED, DONE, REST, TODO, drop_note, mark_glyph
from smallwins.tui.widgets.styling import text_style

PROJECTION_DAYS = 365
EVIDENCE_ROWS = 5
"""Notes shown under "Latest evidence"; `smallwins notes` lists every one."""
HISTORY_ROWS = 30
"""Level changes listed, newest first; older ones are counted, not hidden silently."""

_REASONS = {"start": "start", "climb": "climb", "drop-back": "drop back", "halve": "halved",
            "edit": "edited"}


def level_words(level: Level) -> str:
    words = _REASONS.get(level.reason, level.reason)
    if level.missed is not None:
        words += f" (missed {format_day(level.missed)})"
    return words


def history_rows(rows: list[tuple[str, str, str]], muted: str, width: int,
                 console: Console) -> list[RenderableType]:
    """The level history's rows: the day, the target (right-aligned) and the words, in
    columns two cells apart, the words wrapped in their column when the row is wider
    than `width`.  Laid out line by line as a Rich grid lays them out (a grid measures
    and renders each cell on its own: thirty rows were half of a keypress's time on
    the Ladders screen); a grid all the same when even the words' column cannot fit."""
    widths = [max((cell_len(row[column]) for row in rows), default=0) for column in range(3)]
    day_width, target_width, words_width = widths
    column = min(words_width, width - day_width - target_width - 4)
    if not rows or column < 1:
        grid = Table.grid(padding=(0, 2, 0, 0))
        grid.add_column(no_wrap=True, style=muted)
        grid.add_column(no_wrap=True, justify="right")
        grid.add_column()
        for row in rows:
            grid.add_row(*row)
        return [grid]
    lines: list[RenderableType] = []
    blank_day, blank_target = " " * day_width, " " * target_width
    for day, target, words in rows:
        if cell_len(words) <= column:
            wrapped = [words]
        else:
            wrapped = [line.plain for line in Text(words, justify="left", overflow="ellipsis")
                       .wrap(console, column, justify="left", overflow="ellipsis")]
        for index, part in enumerate(wrapped):
            first = index == 0
            lines.append(Text.assemble(
                (pad_to(day, day_width) if first else blank_day, muted), ("  ", muted),
                pad_to(target, target_width, right=True) if first else blank_target, "  ",
                pad_to(part, column)))
    return lines


def pad_to(text: str, width: int, right: bool = False) -> str:
    gap = " " * (width - cell_len(text))
    return gap + text if right else text + gap


class LadderDetail(Widget):
    """The selected ladder on the Ladders screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "detail--identity",
        "detail--muted",
        "detail--heading",
        "detail--done",
        "detail--todo",
        "detail--ready",
        "detail--note",
    }

    DEFAULT_CSS = """
    LadderDetail { height: auto; width: 1fr; padding: 0 1; }
    LadderDetail > .detail--identity { color: $primary; text-style: bold; }
    LadderDetail > .detail--muted { color: $text-muted; }
    LadderDetail > .detail--heading { text-style: bold; }
    LadderDetail > .detail--done { color: $success; text-style: bold; }
    LadderDetail > .detail--todo { color: $text-muted; }
    LadderDetail > .detail--ready { color: $accent; text-style: bold; }
    LadderDetail > .detail--note { color: $text-muted; text-style: italic; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.state: LadderState | None = None
        self.identity_total = 0
        self._shown: tuple[int, list[Strip]] | None = None
        """The lines drawn, at a width: rendered once for each ladder shown, each width
        and each set of styles, then diffed, counted and served line by line."""
        self._styles: tuple[object, ...] = ()
        """The styles the lines were drawn in."""
        self._restyled = False
        """Textual said the styles may have changed since the lines were drawn."""

    def show(self, state: LadderState | None, identity_total: int) -> None:
        """Draw `state`: the lines that changed, or everything when the height changed."""
        width = self.content_region.width
        before = self._shown if self._fresh() else None
        self.state = state
        self.identity_total = identity_total
        if width <= 0:
            self._shown = None
            self.refresh(layout=True)
            return
        after = self._render_lines(width)
        self._shown = (width, after)
        if before is None or before[0] != width or len(before[1]) != len(after):
            self.refresh(layout=True)
            return
        changed = [Region(start, y, end - start, 1)
                   for y, (old, new) in enumerate(zip(before[1], after, strict=True))
                   if old != new
                   for start, end in changed_runs(old, new)]
        if changed:
            self.refresh(*changed)

    def _render_lines(self, width: int) -> list[Strip]:
        """The content at `width`, as Textual renders a widget's own (`_render_content`)."""
        self._styles, self._restyled = self._styles_now(), False
        visual = visualize(self, self.content_at(width), markup=False)
        return Visual.to_strips(self, visual, max(1, width), None, self.visual_style)

    def _lines(self, width: int) -> list[Strip]:
        """The lines drawn at `width`: the ones `show` rendered, unless the width or the
        styles changed since (Rich lays out the tables of one ladder in some 10 ms)."""
        shown = self._shown if self._fresh() else None
        if shown is None or shown[0] != width:
            shown = self._shown = (width, self._render_lines(width))
        return shown[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._lines(width)
        if y < len(lines):
            return lines[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        # Textual calls this each time the screen is shown again, not only when a
        # theme changed, and before the component classes are styled again: the
        # styles are compared when the lines are next wanted (`_fresh`).
        super().notify_style_update()
        self._restyled = True

    def _styles_now(self) -> tuple[object, ...]:
        return (self.visual_style, *(text_style(self, name)
                                     for name in sorted(self.COMPONENT_CLASSES)))

    def _fresh(self) -> bool:
        """Whether lines are drawn, in the styles the widget has now."""
        if self._restyled and self._shown is not None:
            self._restyled = False
            if self._styles_now() != self._styles:
                self._shown = None
        return self._shown is not None

    def selection_updated(self, selection: Selection | None) -> None:
        self._shown = None  # text selected with the mouse is drawn into the lines
        super().selection_updated(selection)

    def _s(self, name: str) -> str:
        return text_style(self, name)

    def render(self) -> RenderableType:
        return self.content_at(self.content_region.width)

    def content_at(self, width: int) -> RenderableType:
        """Everything about the ladder shown, laid out for `width` columns (the level
        history's words wrap in their column)."""
        state = self.state
        if state is None:
            return Text("No ladder selected.", style=self._s("detail--muted"))
        lad = state.ladder
        muted = self._s("detail--muted")
        parts: list[RenderableType] = [
            Text(lad.identity, style=self._s("detail--identity")),
            Text.assemble(
                (f"{format_num(state.votes)}", "bold"),
                (" vote" if state.votes == 1 else " votes", muted),
                ("  ·  identity total ", muted), (format_num(self.identity_total), "bold"),
            ),
            Text(""),
        ]
        if lad.archived:
            unarchive = key_of(self.app, "unarchive")
            parts[2:2] = [Text(f"{ARCHIVED} archived: off the Today screen and the heatmap, "
                               f"history kept; {unarchive} brings it back",
                               style=self._s("detail--note"))]

        facts = Table.grid(padding=(0, 2, 0, 0))
        facts.add_column(no_wrap=True, style=muted)
        facts.add_column()
        glyph, _ = mark_glyph(state)
        done = self._s("detail--done" if state.done_today else "detail--todo")
        today = Text.assemble((glyph, done), " ", state.rung)
        end = pause_end(state) if state.rest_today else None
        if end is not None:
            today.append(f" · {pause_words(end, state.today)}", style=muted)
        facts.add_row("today", today)
        hold = Text(f"{state.hold_progress}/{lad.hold} won days at this rung")
        if state.ready_to_climb:
            hold.append("  ▲ ready to climb", style=self._s("detail--ready"))
        elif state.consolidating and state.previous_target is not None:
            hold.append(f"  (new rung: a miss drops back to "
                        f"{format_num(state.previous_target)})", style=muted)
        facts.add_row("hold", hold)
        facts.add_row("streak", f"{state.streak} (longest {state.longest_streak})")
        facts.add_row("schedule", f"{days_text(lad.days)} · step +{format_num(lad.step)}"
                      f" · hold {count(lad.hold, 'day')}")
        facts.add_row("started", f"{format_day(lad.start_day, with_year=True)} at "
                      f"{rung_text(lad, lad.start)}")
        target = project(state, PROJECTION_DAYS)
        facts.add_row("in a year", Text.assemble((amount_text(lad, target), "bold"),
                                                 (" if every scheduled day is won", muted)))
        parts.append(facts)
        note = drop_note(state)
        if note:
            parts.append(Text(note, style=self._s("detail--note")))

        parts += self._evidence(state)
        parts += [Text(""), Text("The three steps", style=self._s("detail--heading"))]
        check = state.checklist
        steps = Table.grid(padding=(0, 1, 0, 0))
        steps.add_column(no_wrap=True)
        steps.add_column()
        steps.add_row(self._tick(True), f"1 chose a starting win: {rung_text(lad, lad.start)}")
        steps.add_row(self._tick(check.held_first_rung),
                      f"2 held the first rung for {count(check.hold, 'day')}: "
                      f"{check.first_rung_progress}/{check.hold}")
        climbs = count(check.climbs, "climb") if check.climbs else "no climb yet"
        steps.add_row(self._tick(check.climbed),
                      f"3 climbed by the smallest step (+{format_num(lad.step)}): {climbs}")
        parts.append(steps)

        parts += [Text(""), Text("Level history, newest first",
                                 style=self._s("detail--heading"))]
        levels = list(reversed(state.levels))
        parts += history_rows([(format_day(level.day, with_year=True), format_num(level.target),
                                level_words(level)) for level in levels[:HISTORY_ROWS]],
                              muted, width, self.app.console)
        if len(levels) > HISTORY_ROWS:
            parts.append(Text(f"… and {len(levels) - HISTORY_ROWS} earlier changes",
                              style=muted))
        return Group(*parts)

    def _evidence(self, state: LadderState) -> list[RenderableType]:
        """The latest notes with their days: the evidence of the votes, newest first."""
        notes = latest_notes(state.ladder, state.today, EVIDENCE_ROWS)
        if not notes:
            return []
        rows = Table.grid(padding=(0, 1, 0, 0))
        rows.add_column(no_wrap=True, style=self._s("detail--muted"))
        rows.add_column(no_wrap=True)
        rows.add_column()
        for entry in notes:
            when = format_day(entry.day)
            if entry.last_day != entry.day:
                when += f"-{format_day(entry.last_day)}"
            done = entry.kind == "win"
            rows.add_row(when, Text(DONE if done else REST,
                                    style=self._s("detail--done" if done else "detail--todo")),
                         Text(one_line(entry.text), style=self._s("detail--note")))
        return [Text(""), Text("Latest evidence", style=self._s("detail--heading")), rows]

    def _tick(self, done: bool) -> Text:
        return Text(DONE if done else TODO,
                    style=self._s("detail--done" if done else "detail--todo"))
