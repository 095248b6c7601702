"""How readable one colour is on another: WCAG 2 contrast, and the xterm palette.

Used to hold the status segment and the theme files to a minimum contrast
(3:1 for large or secondary text and glyphs, 4.5:1 for body text), so that
what a person looks at most stays readable on any bar and in any theme.
"""

from __future__ import annotations

RGB = tuple[int, int, int]

BODY = 4.5
"""WCAG AA for body text."""
SECONDARY = 3.0
"""WCAG AA for large text and for glyphs and marks that carry meaning."""

# xterm's default RGB values for the 16 palette entries (its `XTerm-col.ad`):
# these are what "green" or "colour2" look like before a user retints them.
XTERM_16: tuple[RGB, ...] = (
    (0x00, 0x00, 0x00), (0xCD, 0x00, 0x00), (0x00, 0xCD, 0x00), (0xCD, 0xCD, 0x00),
    (0x00, 0x00, 0xEE), (0xCD, 0x00, 0xCD), (0x00, 0xCD, 0xCD), (0xE5, 0xE5, 0xE5),
    (0x7F, 0x7F, 0x7F), (0xFF, 0x00, 0x00), (0x00, 0xFF, 0x00), (0xFF, 0xFF, 0x00),
    (0x5C, 0x5C, 0xFF), (0xFF, 0x00, 0xFF), (0x00, 0xFF, 0xFF), (0xFF, 0xFF, 0xFF),
)
_CUBE = (0, 95, 135, 175, 215, 255)


def palette_rgb(index: int) -> RGB:
    """The xterm default RGB of 256-colour palette entry `index`."""
    if not 0 <= index <= 255:
        raise ValueError(f"palette entries are 0-255, got {index}")
    if index < 16:
        return XTERM_16[index]
    if index < 232:
        n = index - 16
        return _CUBE[n // 36], _CUBE[n // 6 % 6], _CUBE[n % 6]
    grey = 8 + 10 * (index - 232)
    return grey, grey, grey


def hex_rgb(text: str) -> RGB:
    """`#rrggbb` as an RGB triple."""
    value = text.removeprefix("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {text!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    r, g, b = rgb
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    la, lb = luminance(a), luminance(b)
    high, low = max(la, lb), min(la, lb)
    return (high + 0.05) / (low + 0.05)


def blend(top: RGB, under: RGB, alpha: float) -> RGB:
    """`top` drawn at `alpha` opacity over `under` (how dim text is shown)."""
    r, g, b = (round(t * alpha + u * (1 - alpha)) for t, u in zip(top, under, strict=True))
    return r, g, b
