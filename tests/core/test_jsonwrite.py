"""core/jsonwrite.py writes exactly what `json.dumps` writes, and core/jsonread.py's
`loads_text` reads back what it wrote: the status cache is written and read without
importing `json`."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallwins.core.jsonread import loads_text
from smallwins.core.jsonwrite import COMPACT, dumps

SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-2**70, 2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text())
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)
FINITE = st.recursive(st.none() | st.booleans() | st.integers() | st.text()
                      | st.floats(allow_nan=False, allow_infinity=False),
                      lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=5), inner, max_size=4), max_leaves=20)


@given(VALUES)
def test_the_text_is_that_of_json_dumps(value: object) -> None:
    assert dumps(value) == json.dumps(value)
    assert dumps(value, COMPACT) == json.dumps(value, separators=(",", ":"))


@given(FINITE)
def test_what_is_written_reads_back_as_json_loads_reads_it(value: object) -> None:
    for text in (dumps(value), dumps(value, COMPACT), f" \n{dumps(value)}\t"):
        assert repr(loads_text(text)) == repr(json.loads(text))


def test_what_json_cannot_hold_is_refused_as_json_dumps_refuses_it() -> None:
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        dumps({"a": {1}})
    circle: list[object] = []
    circle.append(circle)
    with pytest.raises(ValueError, match="Circular reference"):
        dumps(circle)
    assert dumps([1, 2]) == "[1, 2]"  # a failed call leaves nothing behind for the next


@pytest.mark.parametrize("text", ["", " ", "[", "1 2", "[1]]", "{'a': 1}", "NaN", "[1e400]",
                                  "\"\\ud800", "tru"])
def test_reading_anything_but_one_json_value_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        loads_text(text)
    assert math.isfinite(loads_text("[1.5]")[0])
