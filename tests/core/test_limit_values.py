"""The limits on every value smallwins keeps (core/limits.py, SPEC section 8), value by
value: each limit is accepted exactly at its edge and refused one step past it, in
one line that names the field and the limit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from smallwins.core import limits
from smallwins.core.errors import BadInput
from smallwins.core.limits import (
    LimitError,
    amount,
    amount_text,
    created,
    day,
    day_key,
    hold,
    hold_text,
    is_ladder_id,
    ladder_id,
    minutes,
    minutes_text,
    number_text,
    shown,
    words,
)


def refusal(check, *args: object) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(LimitError) as caught:
        check(*args)
    assert isinstance(caught.value, BadInput)
    return str(caught.value)


def test_the_limits_are_those_of_the_specification() -> None:
    assert (limits.MAX_AMOUNT, limits.MAX_DECIMALS, limits.MAX_HOLD) == (10**9, 6, 3650)
    assert (limits.MAX_MINUTES, limits.MAX_CREATED, limits.MAX_NUMBER_TEXT) == (
        1440, 2**31 - 1, 100)
    assert limits.MAX_PAUSE_DAYS == 366  # a year, a leap one too
    first, last = limits.FIRST_DAY, limits.LAST_DAY
    assert (first, last) == (date(1970, 1, 1), date(2199, 12, 31))


def test_a_limit_error_names_its_field_and_problem() -> None:
    error = LimitError("hold", "must be positive")
    assert (str(error), error.field, error.problem) == ("hold must be positive", "hold",
                                                         "must be positive")


# A refused value, shown short ------------------------------------------------------------


@pytest.mark.parametrize("value,text", [
    (True, "True"), (None, "None"), (0, "0"), (12500, "12,500"),
    (10**15 - 1, "999,999,999,999,999"), (10**15, "1.000e+15"), (-10**15, "-1.000e+15"),
    (-(10**15) + 1, "-999,999,999,999,999"), (0.5, "0.5"),
    (Decimal("1.5"), "1.5"), (Decimal("1" * 24), "1" * 24), (Decimal("1" * 25), "1.111e+24"),
    ("walk", "'walk'"), ("x" * 38, "'" + "x" * 38 + "'"),
    ("x" * 39, "'" + "x" * 36 + "..."),
])
def test_a_refused_value_is_shown_short(value: object, text: str) -> None:
    assert shown(value) == text


# Numbers typed as text ----------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("150", Decimal(150)), (" 0.5 ", Decimal("0.5")), ("1e3", Decimal(1000)),
    ("1_000", Decimal(1000)), ("12,500", Decimal(12500)), ("1,234,567.5", Decimal("1234567.5")),
    ("-3", Decimal(-3)), ("+.5", Decimal("0.5")), ("7.", Decimal(7)),
])
def test_a_number_typed_as_text_is_read_exactly(text: str, value: Decimal) -> None:
    assert number_text(text, "start") == value


@pytest.mark.parametrize("text", ["_1", "1__0", "1,23", "12,5000", "x", "1.2.3", "--1"])
def test_what_only_looks_like_a_number_is_refused(text: str) -> None:
    assert refusal(number_text, text, "start") == f"start must be a number, got {text!r}"


def test_a_number_is_at_most_a_hundred_characters() -> None:
    assert number_text("0" * 99 + "1", "step") == 1
    assert refusal(number_text, "0" * 100 + "1", "step") == (
        "step must be a number, got 101 characters")
    assert number_text(f" {'0' * 99}1 ", "step") == 1


# Amounts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value,expected", [
    (1, 1), (10**9, 10**9), (0.5, 0.5), (2.0, 2), (1e9, 10**9), (0.000001, 0.000001),
    (Decimal("0.000001"), 0.000001), (Decimal("10"), 10), (Decimal("2.50"), 2.5),
    (Decimal("1E+3"), 1000),
])
def test_an_amount_within_the_limits_is_kept_as_the_number_it_is(value: object,
                                                                  expected: object) -> None:
    result = amount(value, "target")
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize("value,problem", [
    (0, "must be a positive number, got 0"),
    (-1, "must be a positive number, got -1"),
    (0.0, "must be a positive number, got 0.0"),
    (10**9 + 1, "must be at most 1,000,000,000, got 1,000,000,001"),
    (1e9 + 0.5, "must be at most 1,000,000,000, got 1000000000.5"),
    (10**20, "must be at most 1,000,000,000, got 1.000e+20"),
    (Decimal("1E+10"), "must be at most 1,000,000,000, got 1E+10"),
    (Decimal("1000000000.000001"), "must be at most 1,000,000,000, got 1000000000.000001"),
    (0.0000001, "must have at most 6 decimal places, got 1e-07"),
    (Decimal("0.1234567"), "must have at most 6 decimal places, got 0.1234567"),
    (True, "must be a number, got True"),
    ("5", "must be a number, got '5'"),
    (None, "must be a number, got None"),
    (float("nan"), "must be a finite number, got nan"),
    (float("inf"), "must be a finite number, got inf"),
    (float("-inf"), "must be a finite number, got -inf"),
    (Decimal("NaN"), "must be a finite number, got NaN"),
    (Decimal("Infinity"), "must be a finite number, got Infinity"),
])
def test_an_amount_beyond_the_limits_is_refused_in_one_line(value: object, problem: str
                                                            ) -> None:
    assert refusal(amount, value, "target") == f"target {problem}"


def test_an_amount_typed_as_text_is_refused_as_typed() -> None:
    assert amount_text(" 2.5 ", "amount") == 2.5
    assert amount_text("1e9", "amount") == 10**9
    assert refusal(amount_text, " 0 ", "start") == "start must be a positive number, got 0"
    assert refusal(amount_text, "1e10", "start") == (
        "start must be at most 1,000,000,000, got 1e10")
    assert refusal(amount_text, "1e99999999999999999999999", "start") == (
        "start must be at most 1,000,000,000, got '1e99999999999999999999999'")


@given(st.integers(1, 10**9), st.integers(0, 6))
def test_every_amount_with_at_most_six_places_is_kept_exactly(units: int, places: int) -> None:
    value = Decimal(units).scaleb(-places)
    if value <= 0 or value > limits.MAX_AMOUNT:
        return
    kept = amount(value, "amount")
    assert Decimal(repr(kept)) == value if isinstance(kept, float) else kept == value
    assert amount(kept, "amount") == kept


# Hold, minutes, created ---------------------------------------------------------------------


@pytest.mark.parametrize("value,expected", [
    (1, 1), (14, 14), (3650, 3650), (14.0, 14), (Decimal("14"), 14), (Decimal("14.0"), 14),
    (Decimal("3650"), 3650),
])
def test_a_hold_is_a_whole_number_of_days_from_1_to_3650(value: object, expected: int) -> None:
    result = hold(value)
    assert result == expected and type(result) is int


@pytest.mark.parametrize("value", [0, 3651, -1, 14.5, Decimal("14.5"), Decimal("3651"),
                                   Decimal("-3651"), Decimal("1E+4000"), Decimal("NaN"),
                                   True, "14", None, float("inf")])
def test_a_hold_outside_its_limits_is_refused(value: object) -> None:
    assert refusal(hold, value, "hold").startswith(
        "hold must be a whole number of days from 1 to 3,650, got ")


def test_a_hold_typed_as_text_is_refused_as_typed() -> None:
    assert hold_text(" 1e1 ") == 10
    assert refusal(hold_text, "0") == "hold must be a whole number of days from 1 to 3,650, got 0"
    assert refusal(hold_text, "2.5", "--hold") == (
        "--hold must be a whole number of days from 1 to 3,650, got 2.5")


@pytest.mark.parametrize("value,expected", [
    (0, 0), (0.0, 0), (Decimal("0.000"), 0), (1, 1), (2, 2), (1440, 1440), (0.5, 0.5),
    (0.1, 0.1), (1.25, 1.25), (Decimal("0.1"), 0.1),
    (Decimal("1.000001"), 1.000001), (Decimal("1E+3"), 1000),
])
def test_minutes_are_from_0_to_a_whole_day(value: object, expected: object) -> None:
    result = minutes(value)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize("value,problem", [
    (-1, "must be from 0 to 1,440, got -1"),
    (1441, "must be from 0 to 1,440, got 1,441"),
    (1440.5, "must be from 0 to 1,440, got 1440.5"),
    (Decimal("1E+5"), "must be from 0 to 1,440, got 1E+5"),
    (Decimal("-0.1"), "must be from 0 to 1,440, got -0.1"),
    (0.0000001, "must have at most 6 decimal places, got 1e-07"),
    (True, "must be a number, got True"),
])
def test_minutes_outside_their_limits_are_refused(value: object, problem: str) -> None:
    assert refusal(minutes, value) == f"minutes {problem}"


def test_minutes_typed_as_text_are_refused_as_typed() -> None:
    assert minutes_text("2") == 2
    assert refusal(minutes_text, " 1441 ") == "minutes must be from 0 to 1,440, got 1441"


def test_a_ladders_place_in_the_list_is_a_whole_number_from_0() -> None:
    assert created(0) == 0 and created(2**31 - 1) == 2**31 - 1
    for bad in (-1, 2**31, True, 1.0, "1"):
        assert refusal(created, bad).startswith(
            "created must be a whole number from 0 to 2,147,483,647, got ")


# Days --------------------------------------------------------------------------------------------


def test_a_day_is_kept_from_1970_to_2199() -> None:
    assert day(date(1970, 1, 1), "day") == date(1970, 1, 1)
    assert day(date(2199, 12, 31), "day") == date(2199, 12, 31)
    assert refusal(day, date(1969, 12, 31), "the day") == (
        "the day 1969-12-31 is outside the days smallwins keeps (1970-01-01 to 2199-12-31)")
    assert refusal(day, date(2200, 1, 1), "today").startswith("today 2200-01-01 is outside")


def test_a_stored_day_is_exactly_yyyy_mm_dd() -> None:
    assert day_key("2026-01-05", "mark") == date(2026, 1, 5)
    for bad in ("2026-1-05", "2026/01/05", "2026-01-5 ", "20260105xx", "2026-01-0x",
                "x026-01-05", "2026-0x-05", "2026_01-05", "2026-01_05", "202x-01-05",
                "2026-+1-05", "2026-01-+5", "2026-01-1_", "+026-01-05", 20260105, None):
        assert refusal(day_key, bad, "mark") == (
            f"mark must be a day as YYYY-MM-DD, got {shown(bad)}")
    assert refusal(day_key, "2026-02-30", "mark") == (
        "mark must be a real day as YYYY-MM-DD, got '2026-02-30'")
    assert refusal(day_key, "1969-12-31", "mark").startswith("mark 1969-12-31 is outside")


# Words and ids ---------------------------------------------------------------------------------


def test_control_characters_are_found_wherever_they_are() -> None:
    for text in ("a\x00", "\x1fb", "a\x7fb", "\x80", "\x9f", "a\u2028", "\u2029"):
        assert "holds a control character" in refusal(words, text, "unit"), repr(text)
    for text in ("walk", "caf\u00e9", "\x20~", "\u00a0", "\u2027\u202a"):
        assert words(text, "unit") == text


def test_a_word_is_text_without_control_characters() -> None:
    assert words("walk", "action") == "walk"
    assert words("", "unit", allow_empty=True) == ""
    assert refusal(words, "", "action") == "action is empty"
    assert refusal(words, 5, "unit") == "unit must be text, got 5"
    assert refusal(words, "a\x1bb", "identity") == (
        "identity holds a control character (\\x1b): write it as plain text on one line")


@pytest.mark.parametrize("text", ["a", "0", "walk-steps", "a_b", "a" * 64, "9-lives"])
def test_a_ladder_id_follows_one_rule(text: str) -> None:
    assert is_ladder_id(text) and ladder_id(text) == text


@pytest.mark.parametrize("text", ["", "-a", "_a", "A", "a b", "a" * 65, "walk!", 7, None])
def test_anything_else_is_no_ladder_id(text: object) -> None:
    assert not is_ladder_id(text)
    assert refusal(ladder_id, text, "--id") == (
        f"--id {shown(text)} is not a ladder id: use 1-64 lowercase letters, digits, "
        "'-' and '_', starting with a letter or digit")


ID_PATTERN = r"[a-z0-9][a-z0-9_-]{0,63}"
CONTROL_PATTERN = "[\x00-\x1f\x7f-\x9f\u2028\u2029]"
NEAR = st.text(alphabet=st.sampled_from(list("az09_-A!é \x00\x1f\x7f\x9f\xa0\u2028\u2029\u202a")
                                       + ["\U0001f600"]), max_size=70)


@given(st.one_of(NEAR, st.text(max_size=70)))
@example("Xa")
@example("aX")
@example("~\u202a")  # printable and not: each character looked at
@example("a\u202a\x7f")
def test_ids_and_control_characters_follow_the_rules_as_patterns(text: str) -> None:
    import re

    assert is_ladder_id(text) == (re.fullmatch(ID_PATTERN, text) is not None)
    found = re.search(CONTROL_PATTERN, text)
    assert limits.first_control(text) == (found.group() if found else None)
    if found is None and text:
        assert words(text, "unit") == text
    elif found is not None:
        assert "holds a control character" in refusal(words, text, "unit")


def outcome_of(check, value: object) -> object:  # type: ignore[no-untyped-def]
    try:
        kept = check(value, "n")
    except LimitError as exc:
        return ("refused", exc.problem.split(", got")[0])
    return (type(kept).__name__, kept)


@given(st.one_of(st.integers(-5, 2 * limits.MAX_AMOUNT),
                 st.floats(-1.0, 2000.0), st.floats(0.0, 2e9),
                 st.integers(0, 2 * 10**7).map(lambda n: n / 1000)))
@example(-1)
@example(0)
@example(1440)
@example(1441)
@example(10**9)
@example(10**9 + 1)
@example(-0.5)
@example(-1e-07)
@example(0.0)
@example(-0.0)
@example(1440.0)
@example(1440.5)
@example(0.5)
@example(1e-07)
@example(1e9)
@example(1000000000.5)
def test_a_number_read_without_decimal_is_kept_as_decimal_keeps_it(value: float) -> None:
    """Whole numbers and floats from a file take a quick way; it decides as the exact one."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    for check in (amount, minutes):
        assert outcome_of(check, value) == outcome_of(check, exact), (check, value)


@pytest.mark.parametrize("value,expected", [(Decimal("1440"), 1440), (Decimal("1"), 1),
                                            (Decimal("0"), 0), (Decimal("0.5"), 0.5)])
def test_minutes_given_as_decimals_are_checked_the_exact_way(value: Decimal,
                                                             expected: object) -> None:
    result = minutes(value)
    assert result == expected and type(result) is type(expected)
    assert refusal(minutes, float("nan")) == "minutes must be a finite number, got nan"


def test_reading_a_file_imports_no_decimal_no_patterns_and_no_typing() -> None:
    """What a cold `smallwins status` would pay for: these come when a number is typed."""
    import subprocess
    import sys

    probe = ("import sys\nfrom smallwins.core import limits\n"
             "limits.amount(5, 'a'); limits.amount(0.5, 'a'); limits.minutes(2.5, 'm')\n"
             "limits.words('walk', 'w'); limits.ladder_id('walk-steps')\n"
             "print(*(name in sys.modules for name in ('decimal', 're', 'typing')))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False", "False"]
