"""Lines of `a · b · c` parts that fit a width by leaving parts out, never by cutting a number.

An ellipsis in the middle of "longest 10" shows "longest 1…": a different
number, not a shorter line.  The first part is what the line is about and
always stays (cut at a word if it must); the others are left out from the
end until the rest fits.
"""

from __future__ import annotations

from collections.abc import Sequence

SEPARATOR = " · "


def fit_parts(parts: Sequence[str], width: int) -> str:
    """`parts` joined by " · ", leaving out trailing parts that do not fit `width`."""
    parts = [part for part in parts if part]
    if not parts:
        return ""
    line = parts[0]
    for part in parts[1:]:
        longer = f"{line}{SEPARATOR}{part}"
        if len(longer) > width:
            break
        line = longer
    if len(line) <= width:
        return line
    return cut_at_word(line, width)


def cut_at_word(text: str, width: int) -> str:
    """`text` cut to `width` at a space, with an ellipsis: never inside a word or number."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    cut = text[: width - 1].rstrip()
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space].rstrip(" ·")
    return f"{cut}…"
