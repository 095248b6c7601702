"""Loading fast and small says exactly what loading slowly would.

- `DayMarks` (core/marks.py) answers every question a dict of day to mark
  answers, the same way;
- the bulk read of a day map (`_bulk_marks`) gives the marks that reading
  them one by one gives, and refuses nothing that one by one would accept:
  whatever it doubts goes the slow way, which says what is wrong;
- a file cut in documents (`split_ladders`) loads as the file read whole
  does, laid out however it is, and a bad one is refused with the same line.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallwins.core import ladder_doc, loading, marks_doc
from smallwins.core.errors import DataError
from smallwins.core.fileformat import dump, split_ladders
from smallwins.core.ladder_doc import ShapeError, ladder_from_doc, ladder_to_doc
from smallwins.core.ledger import Ledger
from smallwins.core.marks import DayMarks
from smallwins.core.model import REST, Event, Rest, Win
from smallwins.core.rules import Level

SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
BASE = date(2024, 1, 1)


def many_days(count: int) -> list[str]:
    return [(BASE + timedelta(days=n)).isoformat() for n in range(count)]


days = st.integers(min_value=-40, max_value=400).map(lambda n: BASE + timedelta(days=n))
marks = st.one_of(
    st.just(REST),
    st.builds(Rest, st.sampled_from(["tired", "ill"])),
    st.builds(Win, st.integers(1, 300)),
    st.builds(Win, st.integers(1, 30), st.integers(1, 40), st.sampled_from([None, "note"])),
)


@SETTINGS
@given(st.dictionaries(days, marks, max_size=40), days, st.one_of(st.none(), marks))
def test_day_marks_answer_as_the_dict_does(given_marks: dict[date, Any], day: date,
                                           mark: Any) -> None:
    compact = DayMarks(given_marks)
    plain = dict(sorted(given_marks.items()))
    assert list(compact) == list(plain)
    assert list(compact.items()) == list(plain.items())
    assert list(compact.values()) == list(plain.values())
    assert len(compact) == len(plain) and bool(compact) == bool(plain)
    assert compact == plain and compact == DayMarks(plain)
    assert (day in compact) == (day in plain)
    assert compact.get(day) == plain.get(day)
    assert dict(compact) == plain
    changed = dict(plain)
    if mark is None:
        changed.pop(day, None)
    else:
        changed[day] = mark
    after = compact.with_day(day, mark)
    assert after == changed and list(after) == sorted(changed)
    assert compact == plain  # unchanged: a new DayMarks was made
    first, last = BASE.toordinal(), (BASE + timedelta(days=100)).toordinal()
    assert compact.by_ordinal(first, last) == {
        d.toordinal(): m for d, m in plain.items() if first <= d.toordinal() <= last}


def test_day_marks_hold_no_datetime_and_refuse_other_days() -> None:
    from datetime import datetime

    compact = DayMarks({BASE: REST})
    assert datetime(2024, 1, 1) not in compact and compact.get(datetime(2024, 1, 1)) is None
    assert "2024-01-01" not in compact
    with pytest.raises(KeyError):
        compact[date(2024, 1, 2)]
    with pytest.raises(TypeError):
        DayMarks({"2024-01-01": REST})  # type: ignore[dict-item]


# ------------------------------------------------------------ the day map

good_keys = days.map(date.isoformat)
odd_keys = st.sampled_from(["20240501xx", "2024W011xx", "2024-W01-1", "2024-02-30", "1899-12-31",
                            "2024-5-1", "2024-05-01 ", "", "x" * 12, "2024-05-01T00"])
plain_values = st.one_of(st.integers(1, 200), st.sampled_from([1.5, 2.0, "r"]))
odd_values = st.sampled_from([True, False, None, 0, -3, 1e12, 0.1234567, "rest", [], "R",
                              {"t": 5}, {"t": 5, "a": 7, "n": "n"}, {"r": 1, "n": "why"},
                              {"r": 2}, {"t": 0}, {"n": 3, "t": 1}, {"r": 1, "t": 1},
                              {"t": 1, "zz": [1]}, {"a": 1}, {"t": True}, {"t": 1, "a": True},
                              {"t": 5, "a": None}, {"t": 5.0, "a": 6}, {"t": 5, "n": None},
                              {"t": 5, "n": 7}, {"t": "5"}, {"t": 5, "a": 0}, {"t": [5]},
                              {"r": True, "n": "x"}, {"t": 5, "a": 6, "n": "n", "zz": 1}])
day_maps = st.dictionaries(st.one_of(good_keys, good_keys, good_keys, odd_keys),
                           st.one_of(plain_values, plain_values, odd_values), max_size=25)


def outcome(fn: Any, arg: Any) -> Any:
    """What `fn(arg)` gives, or the kind and the words of its refusal (compared)."""
    try:
        return ("ok", fn(arg))
    except Exception as exc:  # the kind and the words are what is compared
        return ("refused", type(exc).__name__, str(exc))


def marks_outcome(fn: Any, raw: dict[str, Any]) -> Any:
    return outcome(lambda raw: DayMarks(fn(raw)), raw)


def bulk_read(fn: Any, arg: Any) -> Any:
    """What the bulk read makes of `arg`, or None when it declines or refuses (the
    one-by-one read then decides, and says why)."""
    try:
        return fn(arg) if arg else None
    except Exception:
        return None


@SETTINGS
@given(day_maps)
def test_the_bulk_read_of_a_day_map_is_the_mark_by_mark_read(raw: dict[str, Any]) -> None:
    slow = marks_outcome(marks_doc._marks_one_by_one, raw)
    assert marks_outcome(marks_doc.marks_from_doc, raw) == slow
    bulk = bulk_read(marks_doc._bulk_marks, raw)
    if bulk is not None:  # what the bulk read accepts, the slow read accepts alike
        assert slow == ("ok", bulk)


# ------------------------------------------------------------ the events

event_days = st.one_of(good_keys, good_keys, good_keys, odd_keys, st.sampled_from([None, 5]))
event_kinds = st.sampled_from(["climb", "climb", "halve", "edit", "jump", None, 1])
event_targets = st.one_of(st.integers(1, 50), st.sampled_from([2.5, 3.0, None, True, 0, -1,
                                                               1e12, 0.1234567, "5", [5]]))
event_rows = st.one_of(
    st.tuples(event_days, event_kinds).map(list),
    st.tuples(event_days, event_kinds, event_targets).map(list),
    st.tuples(event_days, event_kinds, event_targets, st.just("later")).map(list),
    st.sampled_from([[], ["2024-01-01"], "2024-01-01", None, ("2024-01-01", "climb")]),
)
good_rows = st.one_of(st.tuples(good_keys, st.sampled_from(["climb", "halve"])).map(list),
                      st.tuples(good_keys, st.sampled_from(["climb", "halve", "edit"]),
                                st.integers(1, 50)).map(list))


@SETTINGS
@given(st.lists(st.one_of(good_rows, good_rows, good_rows, event_rows), max_size=12))
def test_the_bulk_read_of_events_is_the_one_by_one_read(rows: list[Any]) -> None:
    def one_by_one(rows: list[Any]) -> tuple[Any, ...]:
        return tuple(map(ladder_doc._event_from_doc, rows))

    slow = outcome(one_by_one, rows)
    assert outcome(ladder_doc._events_from_doc, rows) == slow
    bulk = bulk_read(ladder_doc._bulk_events, rows)
    if bulk is not None:  # what the bulk read accepts, the slow read accepts alike
        assert slow == ("ok", bulk)
        assert [e.target.__class__ for e in bulk] == [e.target.__class__ for e in slow[1]]


@pytest.mark.parametrize("bulk", [True, False], ids=["bulk", "one-by-one"])
def test_events_read_from_json_share_one_string_per_kind(bulk: bool) -> None:
    """Ten years of climbs are thousands of events: each holds its kind's one string,
    not a copy of its own from the JSON."""
    rows = [[f"2026-01-{d:02d}", "climb"] for d in range(1, 29)]
    rows += [["2026-02-01", "halve"], ["2026-02-02", "edit", 3], ["2026-02-03", "halve"]]
    if not bulk:
        rows[5] += [None, "a field of a later version"]  # left to the one-by-one read
    events = ladder_doc._events_from_doc(orjson.loads(json.dumps(rows)))
    assert (ladder_doc._bulk_events(orjson.loads(json.dumps(rows))) is None) is not bulk
    assert [e.kind for e in events] == [row[1] for row in rows]
    assert len({id(e.kind) for e in events}) == 3


@SETTINGS
@given(st.lists(day_maps, min_size=1, max_size=4))
def test_day_keys_shared_by_a_load_read_each_day_map_as_alone(raws: list[dict[str, Any]]) -> None:
    shared = marks_doc.DayKeys()
    for raw in raws:
        assert outcome(lambda r: marks_doc.marks_from_doc(r, shared), raw) == outcome(
            marks_doc.marks_from_doc, raw)
    assert all(marks_doc.is_day_key(key) for key in shared.ordinals)
    assert all(date.fromisoformat(key).toordinal() == o for key, o in shared.ordinals.items())
    assert sorted(shared.ordinals.values()) == list(range(shared.first, shared.end))


def test_day_keys_grow_only_for_a_ladder_dense_enough() -> None:
    shared = marks_doc.DayKeys()
    assert shared.of({"1970-01-01": 5, "2199-12-31": 5}) is None and not shared.ordinals
    dense = {key: 5 for key in many_days(400)}
    assert shared.of(dense) == [date.fromisoformat(key).toordinal() for key in dense]
    assert len(shared.ordinals) == 400
    assert shared.of({"2024-01-05": 5, "2199-12-31": 5}) is None and len(shared.ordinals) == 400
    assert shared.of({"2023-12-30": 1, "2024-01-02": 2}) == [738884, 738887]
    assert len(shared.ordinals) == 402


def doc_with(marks: dict[str, Any], events: list[Any] | None = None) -> dict[str, Any]:
    return {"id": "walk", "identity": "I move", "action": "walk", "unit": "steps",
            "start": 10, "step": 5, "start_day": "2024-01-01", "marks": marks,
            "events": events or []}


@pytest.mark.parametrize("key", ["20240501xx", "2024W011xx"])
def test_a_day_fromisoformat_reads_in_another_form_is_refused(key: str) -> None:
    """`date.fromisoformat` reads "20240501xx" as 1 May: a stored day is YYYY-MM-DD only."""
    with pytest.raises(ShapeError, match=f"mark on {key}: the day must be a day as YYYY-MM-DD"):
        ladder_from_doc(doc_with({key: 5}))
    with pytest.raises(ShapeError, match="event climb: the day must be a day as YYYY-MM-DD"):
        ladder_from_doc(doc_with({}, [[key, "climb"]]))


@pytest.mark.parametrize(("odd", "words"), [
    ({"t": True}, "'t' (the target) must be a number, got True"),
    ({"t": 5, "a": True}, "'a' (the amount) must be a number, got True"),
    ({"t": 5, "n": 7}, "'n' (the note) must be text, got 7"),
    ({"t": 5, "a": 0}, "'a' (the amount) must be a positive number, got 0"),
    ({"r": 2, "n": "why"}, 'a rest day is "r" or {"r": 1, "n": "a note"}'),
    (True, "expected a number (a win at that target)"),
])
def test_a_doubtful_mark_among_many_good_ones_is_refused_in_the_same_words(
        odd: Any, words: str) -> None:
    keys = many_days(60)
    marks: dict[str, Any] = {key: {"t": 5, "a": 6} if n % 2 else 5 for n, key in enumerate(keys)}
    marks[keys[40]] = odd
    with pytest.raises(ShapeError) as refused:
        ladder_from_doc(doc_with(marks))
    with pytest.raises(ShapeError) as alone:
        ladder_from_doc(doc_with({keys[40]: odd}))
    assert str(refused.value) == str(alone.value)
    assert f"ladder 'walk', mark on {keys[40]}: " in str(refused.value) and words in str(
        refused.value)


@pytest.mark.parametrize(("odd", "words"), [
    (["2024-01-30", "edit"], "event edit on 2024-01-30: the target is missing"),
    (["2024-01-30", "climb", True], "event climb on 2024-01-30: the target must be a number"),
    (["2024-01-30", "climb", 0], "event climb on 2024-01-30: the target must be a positive"),
    (["2024-02-30", "climb"], "event climb: the day must be a real day as YYYY-MM-DD"),
    (["20240130xx", "climb"], "event climb: the day must be a day as YYYY-MM-DD"),
    (["2024-01-30", "jump"], "expected [day, kind, target] with kind climb, halve or edit"),
])
def test_a_doubtful_event_among_many_good_ones_is_refused_in_the_same_words(
        odd: list[Any], words: str) -> None:
    events: list[Any] = [[key, "climb"] for key in many_days(60)]
    events[29] = odd
    with pytest.raises(ShapeError) as refused:
        ladder_from_doc(doc_with({}, events))
    with pytest.raises(ShapeError) as alone:
        ladder_from_doc(doc_with({}, [odd]))
    assert str(refused.value) == str(alone.value)
    assert words in str(refused.value)


def test_equal_object_marks_share_one_mark_and_keep_their_own_types() -> None:
    keys = many_days(7)
    ladder = ladder_from_doc(doc_with({
        keys[0]: {"t": 5, "a": 6}, keys[1]: {"a": 6, "t": 5}, keys[2]: {"t": 5.0, "a": 6.0},
        keys[3]: {"t": 2.5, "n": "easy"}, keys[4]: {"r": 1, "n": "ill"},
        keys[5]: {"t": 2.5, "n": "easy"}, keys[6]: {"r": 1, "n": "ill"}}))
    marks: list[Any] = list(ladder.marks.values())
    assert marks == [Win(5, 6), Win(5, 6), Win(5, 6), Win(2.5, None, "easy"), Rest("ill"),
                     Win(2.5, None, "easy"), Rest("ill")]
    assert marks[0] is marks[1] is marks[2] and marks[3] is marks[5]
    assert [m.target.__class__ for m in marks[:3]] == [int, int, int]
    # A key this version does not know is kept as it is, its type too.
    kept: list[Any] = list(ladder_from_doc(doc_with({
        keys[0]: {"t": 5, "a": 6, "x": 1.0}, keys[1]: {"t": 5, "a": 6, "x": 1},
        keys[2]: {"t": 5, "a": 6}})).marks.values())
    assert kept == [Win(5, 6, None, {"x": 1.0}), Win(5, 6, None, {"x": 1}), Win(5, 6)]
    assert [m.extra and m.extra["x"].__class__ for m in kept] == [float, int, None]


@pytest.mark.parametrize(("cls", "rows"), [
    (Event, [(date(2024, 1, 2), "climb", None, ()), (date(2024, 1, 3), "edit", 2.5, ("x",))]),
    (Win, [(5, None, None, None), (5, 6, "note", {"x": 1})]),
    (Level, [(date(2024, 1, 2), 5, "start", None),
             (date(2024, 1, 9), 2.5, "drop-back", date(2024, 1, 8))]),
])
def test_made_in_bulk_is_made_as_init_makes_it(cls: Any, rows: list[tuple[Any, ...]]) -> None:
    """`made` sets the slots as the frozen dataclass's `__init__` does: it may do nothing else."""
    assert cls.__slots__ == tuple(f.name for f in fields(cls))
    assert not hasattr(cls, "__post_init__")
    bulk = marks_doc.made(cls, len(rows), *zip(*rows, strict=True))
    one_by_one = [cls(*row) for row in rows]
    assert bulk == one_by_one
    assert [[getattr(m, f.name) for f in fields(cls)] for m in bulk] == [list(r) for r in rows]
    assert list(map(hash, bulk)) == list(map(hash, one_by_one))


def test_marks_in_file_order_or_not_read_the_same() -> None:
    ordered = {"2024-01-01": 5, "2024-01-02": "r", "2024-01-03": {"t": 5, "n": "x"}}
    shuffled = dict(reversed(list(ordered.items())))
    assert ladder_from_doc(doc_with(shuffled)) == ladder_from_doc(doc_with(ordered))
    assert list(ladder_from_doc(doc_with(shuffled)).marks) == [
        date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]
    assert ladder_to_doc(ladder_from_doc(doc_with(shuffled)))["marks"] == ordered


# ------------------------------------------------------------ the file cut


def ladder_doc_for(n: int, note: str) -> dict[str, Any]:
    doc = doc_with({"2024-01-01": 10, "2024-01-02": {"t": 10, "n": note}, "2024-01-03": "r"},
                   [["2024-01-02", "climb"]])
    doc.update(id=f"l{n}", created=n)
    return doc


TRICKY_NOTES = ['plain', '":{"id":"l9', '},"l2":{"id":"l2', '\\"}}', 'é ✔ \u2028', '"ladders":{']


def file_of(docs: list[dict[str, Any]], layout: str) -> bytes:
    tables: dict[str, Any] = {"_meta": {"1": {"schema": 1}},
                              "ladders": {d["id"]: d for d in docs}}
    if layout == "smallwins":
        return dump(tables)
    if layout == "indented":
        return json.dumps(tables, indent=2).encode()
    if layout == "spaced":
        return json.dumps(tables, ensure_ascii=False).encode()
    if layout == "ladders first":
        return dump({"ladders": tables["ladders"], "_meta": tables["_meta"]})
    if layout == "extra table":
        return dump({**tables, "later": {"x": {"id": "x"}}})
    raise AssertionError(layout)


@SETTINGS
@given(st.lists(st.sampled_from(TRICKY_NOTES), min_size=0, max_size=4),
       st.sampled_from(["smallwins", "indented", "spaced", "ladders first", "extra table"]))
def test_a_file_cut_in_documents_loads_as_the_whole_file(notes: list[str], layout: str) -> None:
    docs = [ladder_doc_for(n, note) for n, note in enumerate(notes)]
    raw = file_of(docs, layout)
    whole = orjson.loads(raw)["ladders"]
    cut = split_ladders(raw)
    if cut is not None:
        assert {lid: orjson.loads(blob) for lid, blob in cut[1].items()} == whole
        assert cut[0] == {k: v for k, v in orjson.loads(raw).items() if k != "ladders"}
    assert layout != "smallwins" or not docs or cut is not None


def load_or_refusal(path: Path) -> Any:
    try:
        loaded = Ledger(path).load()
    except DataError as exc:
        return ("refused", str(exc))
    return ("ok", dict(loaded.ladders))


BAD_FILES = [
    b'{"_meta":{"1":{"schema":1}},"ladders":{"l0":{"id":"l0"},"l1":{"id":"l1",}}}',
    b'{"_meta":{"1":{"schema":1}},"ladders":{"l0":{"id":"l0","x":1},"l0":{"id":"l0"}}}',
    b'{"_meta":{"1":{"schema":9}},"ladders":{"l0":{"id":"l0"}}}',
    b'{"_meta":{"1":{"schema":1}},"ladders":{"l0":{"id":"l1"}}}',
    b'{"_meta":{"1":{"schema":1}},"ladders":{"l0":{"id":"l0"},"l1":{"id":"l1"}}}}',
    b'{"_meta":{"1":{"schema":1}},"ladders":{"l0":{"id":"l0"},"l1":{"id":"l1"} }',
]


def whole_read(path: Path) -> Any:
    """What the ledger loads from the file read whole, as every file was before the cut."""
    data = Ledger(path).data
    try:
        read = data.read_snapshot(whole=True)
        assert read is not None
        return ("ok", loading._ladders(data, read[0], None))
    except DataError as exc:
        return ("refused", str(exc))


@pytest.mark.parametrize("raw", BAD_FILES)
def test_a_bad_file_is_refused_with_the_line_a_whole_read_gives(tmp_path: Path,
                                                               raw: bytes) -> None:
    path = tmp_path / "smallwins.json"
    path.write_bytes(raw)
    got = load_or_refusal(path)
    assert got[0] == "refused"
    assert got == whole_read(path)


def test_a_good_file_loads_alike_cut_or_whole(tmp_path: Path) -> None:
    docs = [ladder_doc_for(n, note) for n, note in enumerate(TRICKY_NOTES)]
    cut, whole = tmp_path / "cut.json", tmp_path / "whole.json"
    cut.write_bytes(file_of(docs, "smallwins"))
    whole.write_bytes(file_of(docs, "indented"))
    assert split_ladders(cut.read_bytes()) is not None
    assert split_ladders(whole.read_bytes()) is None
    assert load_or_refusal(cut) == load_or_refusal(whole) == whole_read(cut)
    assert load_or_refusal(cut)[0] == "ok"
