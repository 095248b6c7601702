"""The limits on every value smallwins keeps (SPEC section 8), checked in one place.

A value enters from the command line, the app's form, an import or a data
file edited by hand.  Each of those paths calls these checks, and the data
file's own reading (`model.ladder_from_doc`) uses them too, so what the
program writes always passes what it reads.  Every refusal is one line that
names the field and the limit (`LimitError`, bad input: exit code 2).

Numbers typed as text are parsed with `decimal` and checked before they are
turned into Python numbers, so `1e1000000` costs nothing and `1e20` never
reaches a JSON writer limited to 64 bits.

Words (identity, action, unit, id) typed or imported may hold no control
characters; a note may hold line breaks (core/notes.py checks notes).  Files
written before that rule may hold them: they are still read, and escaped
wherever they are printed (core/terminal.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date

from smallwins.core.dates import FIRST_DAY as FIRST_DAY
from smallwins.core.dates import LAST_DAY as LAST_DAY
from smallwins.core.errors import BadInput
from smallwins.core.terminal import escape_char

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import TypeGuard, TypeVar

    T = TypeVar("T")

Num = int | float

MAX_AMOUNT = 10**9
"""Start, step, target, amount and granularity are at most this."""
MAX_DECIMALS = 6
"""... and have at most this many decimal places."""
MAX_HOLD = 3650
"""A hold is 1 to this many won days (ten years)."""
MAX_MINUTES = 1440
"""Minutes a win takes: 0 to a whole day."""
MAX_CREATED = 2**31 - 1
"""A ladder's place in the list (`created`) is a whole number from 0 to this."""
MAX_NUMBER_TEXT = 100
"""A number typed longer than this is refused before it is parsed."""
MAX_PAUSE_DAYS = 366
"""The longest pause at once: a typo in a year must not rest a century."""

ID_RULE = "1-64 lowercase letters, digits, '-' and '_', starting with a letter or digit"
_ID_FIRST = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ID_CHARS = _ID_FIRST | {"-", "_"}
# Patterns for what is typed, compiled when something is typed: `re` (and the
# `enum` it imports) would cost a cold `smallwins status` several milliseconds.
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_THOUSANDS = r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?"
CONTROL = frozenset(chr(code) for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029))
"""Control characters, and the two that break a line as one: refused in words."""


def is_decimal(value: object) -> TypeGuard[Decimal]:
    """A Decimal; asked without importing `decimal` (a file read holds none, and the
    import costs a cold `smallwins status` milliseconds): none exists until it is."""
    module = sys.modules.get("decimal")
    return module is not None and isinstance(value, module.Decimal)


class LimitError(BadInput):
    """A value beyond a limit: `field` and `problem` make one line (exit code 2)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field} {problem}")
        self.field = field
        self.problem = problem


def shown(value: object) -> str:
    """A refused value, short: a 300-digit number is shown by its magnitude."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return f"{value:,}" if abs(value) < 10**15 else f"{value:.3e}"
    if isinstance(value, float):
        return repr(value)
    if is_decimal(value):
        text = str(value)
        return text if len(text) <= 24 else f"{value:.3e}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ------------------------------------------------------------------ numbers


def number_text(text: str, field: str) -> Decimal:
    """A number typed as text, exactly: `150`, `0.5`, `1e3`, `1_000`, `12,500`.

    NaN, infinities, words and anything longer than MAX_NUMBER_TEXT are
    refused; the value is not yet checked against a field's limits.
    """
    import re
    from decimal import Decimal, InvalidOperation

    cleaned = text.strip()
    if len(cleaned) > MAX_NUMBER_TEXT:
        raise LimitError(field, f"must be a number, got {len(cleaned)} characters")
    if re.fullmatch(_THOUSANDS, cleaned):
        cleaned = cleaned.replace(",", "")
    elif "_" in cleaned and not cleaned.startswith("_") and "__" not in cleaned:
        cleaned = cleaned.replace("_", "")
    if not re.fullmatch(_NUMBER, cleaned):
        raise LimitError(field, f"must be a number, got {shown(text.strip())}")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # an exponent beyond what decimal can hold
        raise LimitError(field, f"must be at most {MAX_AMOUNT:,}, got {shown(text.strip())}"
                         ) from None


def _decimal_of(value: object, field: str) -> Decimal:
    from decimal import Decimal

    if isinstance(value, Decimal):
        if not value.is_finite():
            raise LimitError(field, f"must be a finite number, got {value}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LimitError(field, f"must be a number, got {shown(value)}")
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise LimitError(field, f"must be a finite number, got {shown(value)}")
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _as_num(value: Decimal) -> Num:
    """A checked decimal (at most 10^9, 6 places) as the int or float it is."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def amount(value: object, field: str) -> Num:
    """A start, step, target, amount or granularity: positive, at most 10^9,
    at most 6 decimal places.  Returns an int when the value is whole."""
    if value.__class__ is int:  # the common case, from a file: no decimal needed
        if 0 < value <= MAX_AMOUNT:
            return value
    elif value.__class__ is float and 0 < value <= MAX_AMOUNT \
            and round(value, MAX_DECIMALS) == value:
        return int(value) if value.is_integer() else value
    number = _decimal_of(value, field)
    if number <= 0:
        raise LimitError(field, f"must be a positive number, got {shown(value)}")
    if number.adjusted() >= 10 or number > MAX_AMOUNT:
        raise LimitError(field, f"must be at most {MAX_AMOUNT:,}, got {shown(value)}")
    exponent = number.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > MAX_DECIMALS:
        raise LimitError(field, f"must have at most {MAX_DECIMALS} decimal places, "
                         f"got {shown(value)}")
    return _as_num(number)


def _typed(check: Callable[[object, str], T], text: str, field: str) -> T:
    """`check` on a number typed as text; a refusal shows the text as typed."""
    number = number_text(text, field)
    try:
        return check(number, field)
    except LimitError as exc:
        problem = exc.problem.replace(f"got {shown(number)}", f"got {text.strip()}")
        raise LimitError(field, problem) from None


def amount_text(text: str, field: str) -> Num:
    """An amount typed as text (`amount` after `number_text`)."""
    return _typed(amount, text, field)


def hold(value: object, field: str = "hold") -> int:
    """Won days before a climb: a whole number from 1 to MAX_HOLD."""
    whole = value
    integral_float = isinstance(value, float) and value.is_integer()
    small_decimal = is_decimal(value) and value.is_finite() \
        and abs(value) <= MAX_HOLD and value == value.to_integral_value()
    if integral_float or small_decimal:
        whole = int(value)  # type: ignore[call-overload]
    if whole.__class__ is not int or not 1 <= whole <= MAX_HOLD:
        raise LimitError(field, f"must be a whole number of days from 1 to {MAX_HOLD:,}, "
                         f"got {shown(value)}")
    return whole


def hold_text(text: str, field: str = "hold") -> int:
    return _typed(hold, text, field)


def minutes(value: object, field: str = "minutes") -> Num:
    """How long the start takes: 0 to MAX_MINUTES, at most 6 decimal places."""
    if value.__class__ is int:  # the common case, from a file: no decimal needed
        if 0 <= value <= MAX_MINUTES:
            return value
    elif value.__class__ is float and 0 <= value <= MAX_MINUTES \
            and round(value, MAX_DECIMALS) == value:
        return int(value) if value.is_integer() else value
    number = _decimal_of(value, field)
    if number < 0 or number.adjusted() >= 5 or number > MAX_MINUTES:
        raise LimitError(field, f"must be from 0 to {MAX_MINUTES:,}, got {shown(value)}")
    if number == 0:
        return 0
    exponent = number.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > MAX_DECIMALS:
        raise LimitError(field, f"must have at most {MAX_DECIMALS} decimal places, "
                         f"got {shown(value)}")
    return _as_num(number)


def minutes_text(text: str, field: str = "minutes") -> Num:
    return _typed(minutes, text, field)


def created(value: object) -> int:
    """A ladder's place in the list: a whole number from 0 to MAX_CREATED."""
    if value.__class__ is not int or not 0 <= value <= MAX_CREATED:
        raise LimitError("created", f"must be a whole number from 0 to {MAX_CREATED:,}, "
                         f"got {shown(value)}")
    return value


# --------------------------------------------------------------------- days


def day(value: date, field: str) -> date:
    """A day smallwins can keep: from FIRST_DAY to LAST_DAY."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise LimitError(field, f"{value.isoformat()} is outside the days smallwins keeps "
                         f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")
    return value


def day_key(text: object, field: str) -> date:
    """A stored day: exactly YYYY-MM-DD, within the days smallwins keeps."""
    if not isinstance(text, str) or len(text) != 10 or text[4] != "-" or text[7] != "-" \
            or not (text[:4] + text[5:7] + text[8:]).isdigit():
        raise LimitError(field, f"must be a day as YYYY-MM-DD, got {shown(text)}")
    try:
        value = date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        raise LimitError(field, f"must be a real day as YYYY-MM-DD, got {shown(text)}"
                         ) from None
    return day(value, field)


# -------------------------------------------------------------------- words


def words(value: object, field: str, *, allow_empty: bool = False) -> str:
    """Identity, action or unit as typed or imported: text without control characters."""
    if not isinstance(value, str):
        raise LimitError(field, f"must be text, got {shown(value)}")
    if not value and not allow_empty:
        raise LimitError(field, "is empty")
    found = first_control(value)
    if found is not None:
        raise LimitError(field, f"holds a control character ({escape_char(found)}): "
                         "write it as plain text on one line")
    return value


def first_control(value: str) -> str | None:
    """The first character of `value` in CONTROL, or None."""
    if value.isprintable():  # every one of them is unprintable: the common case, in C
        return None
    return next((character for character in value if character in CONTROL), None)


def is_ladder_id(value: object) -> TypeGuard[str]:
    return (isinstance(value, str) and 0 < len(value) <= 64 and value[0] in _ID_FIRST
            and _ID_CHARS.issuperset(value))


def ladder_id(value: object, field: str = "id") -> str:
    """A ladder id: ID_RULE, the same for `new --id`, an import and the data file."""
    if not is_ladder_id(value):
        raise LimitError(field, f"{shown(value)} is not a ladder id: use {ID_RULE}")
    return value
