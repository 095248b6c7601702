"""Storing a change converts only what changed, and says exactly what converting all would.

- `DayMarks.changed_days` finds the days two sets of marks differ on, however
  they were made (by `with_day` from one another, or apart);
- `changed_doc` builds the changed ladder's document from the document it was
  read from: with a document smallwins wrote, the very document (and bytes) a
  whole conversion gives; with one written by hand, a document that reads
  back as the changed ladder; and the part it says is new is all that differs;
- a check-off through the ledger writes the bytes a whole conversion would,
  and a bad new mark is still refused before anything is written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smallwins.core import changes
from smallwins.core.errors import BadInput
from smallwins.core.fileformat import dump
from smallwins.core.ladder_doc import changed_doc, ladder_from_doc, ladder_to_doc
from smallwins.core.ledger import Ledger
from smallwins.core.marks import DayMarks
from smallwins.core.model import REST, Event, Ladder, Rest, Win
from smallwins.core.stored_form import _mark_to_doc

SETTINGS = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
BASE = date(2024, 1, 1)

days = st.integers(min_value=0, max_value=120).map(lambda n: BASE + timedelta(days=n))
marks = st.one_of(
    st.just(REST),
    st.builds(Rest, st.sampled_from(["tired", "ill"])),
    st.builds(Win, st.integers(1, 300)),
    st.builds(Win, st.integers(1, 30), st.integers(1, 40), st.sampled_from([None, "note"])),
)
edits = st.lists(st.tuples(days, st.one_of(st.none(), marks)), max_size=6)


def brute_changed(a: DayMarks[Any], b: DayMarks[Any]) -> list[int]:
    every = set(a) | set(b)
    return sorted(day.toordinal() for day in every if a.get(day) != b.get(day))


def ladder_with(given: dict[date, Any], events: tuple[Event, ...] = ()) -> Ladder:
    return Ladder(id="walk", identity="a walker", action="walk", unit="steps", start=100,
                  step=50, start_day=BASE, events=events, marks=DayMarks(given))


@SETTINGS
@given(st.dictionaries(days, marks, max_size=60), edits)
def test_changed_days_are_the_days_whose_marks_differ(given: dict[date, Any],
                                                     steps: list[tuple[date, Any]]) -> None:
    before = DayMarks(given)
    after = before
    for day, mark in steps:
        after = after.with_day(day, mark)
    assert after.changed_days(before) == brute_changed(after, before)
    assert before.changed_days(after) == brute_changed(before, after)
    # Built apart, from equal marks in other objects: nothing is shared but the values.
    apart = DayMarks({day: replace(mark) for day, mark in after.items()})
    assert apart.changed_days(after) == []
    assert apart.changed_days(before) == brute_changed(apart, before)


@SETTINGS
@given(st.dictionaries(days, marks, max_size=60), edits, days)
def test_marks_converted_in_bulk_are_the_marks_converted_one_by_one(
        given: dict[date, Any], steps: list[tuple[date, Any]], cut: date) -> None:
    def one_by_one(marks: DayMarks[Any]) -> list[tuple[str, Any]]:
        return [(day.isoformat(), _mark_to_doc(mark)) for day, mark in marks.items()]

    changed = DayMarks(given)
    for day, mark in steps:
        changed = changed.with_day(day, mark)
    for marks in (DayMarks(given), changed, changed.after(cut.toordinal())):
        assert list(marks.by_iso_day(_mark_to_doc).items()) == one_by_one(marks)


@SETTINGS
@given(st.dictionaries(days, marks, max_size=60), edits, st.booleans(), st.booleans())
def test_a_changed_document_is_the_whole_conversion(given: dict[date, Any],
                                                    steps: list[tuple[date, Any]],
                                                    climb: bool, rename: bool) -> None:
    events = (Event(BASE, "climb", 150),)
    before = ladder_with(given, events)
    after = before
    for day, mark in steps:
        after = after.with_mark(day, mark)
    if climb:
        after = after.with_event(Event(BASE + timedelta(days=3), "climb", 200))
    if rename:
        after = replace(after, identity="a runner")
    stored = ladder_to_doc(before)
    doc, new = changed_doc(after, before, orjson.loads(dump(stored)))
    whole = ladder_to_doc(after)
    assert dump(doc) == dump(whole)  # the same keys, in the same order
    assert ladder_from_doc(doc) == after
    assert dump(stored) == dump(ladder_to_doc(before))  # the document read is left alone
    changed = {date.fromordinal(o).isoformat() for o in after.marks.changed_days(before.marks)}
    assert set(new["marks"]) == changed & set(whole["marks"])
    assert all(new["marks"][key] == whole["marks"][key] for key in new["marks"])
    assert new["events"] == whole["events"][len(before.events):]
    assert {k: v for k, v in new.items() if k not in ("marks", "events")} == \
        {k: v for k, v in whole.items() if k not in ("marks", "events")}
    # Without the document read, it is converted whole.
    assert dump(changed_doc(after, before, None)[0]) == dump(whole)


def test_marks_written_by_hand_are_kept_as_they_are_and_read_back_the_same() -> None:
    stored = ladder_to_doc(ladder_with({BASE: Win(100)}, (Event(BASE, "climb", 150),)))
    stored["marks"] = {"2024-01-01": 100.0, "2024-01-03": {"t": 120}, "2024-01-02": "r"}
    stored["events"] = [["2024-01-01", "climb", 150, "later"], ["2024-01-02", "halve", None]]
    before = ladder_from_doc(stored)
    after = before.with_mark(BASE + timedelta(days=9), Win(150))
    doc, new = changed_doc(after, before, stored)
    assert ladder_from_doc(doc) == after
    assert doc["marks"] == {**stored["marks"], "2024-01-10": 150}
    assert doc["events"] == stored["events"]
    assert new["marks"] == {"2024-01-10": 150} and new["events"] == []
    # A day before the last one is put in its place: the marks stay in day order.
    earlier = after.with_mark(BASE + timedelta(days=4), REST)
    doc, _ = changed_doc(earlier, after, doc)
    assert list(doc["marks"]) == sorted(doc["marks"]) and ladder_from_doc(doc) == earlier


def test_a_document_whose_days_are_not_stored_as_expected_is_converted_whole() -> None:
    before = ladder_with({BASE: Win(100), BASE + timedelta(days=1): Win(100)})
    stored = ladder_to_doc(before)
    del stored["marks"]["2024-01-02"]  # not the document `before` was read from
    stored["marks"]["2024-01-09"] = 7
    after = before.with_mark(BASE + timedelta(days=1), None)
    doc, _ = changed_doc(after, before, stored)
    assert doc == ladder_to_doc(after)


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    ledger = Ledger(tmp_path / "data.json")
    ledger.create({"identity": "a walker", "action": "walk", "unit": "steps", "start": 100,
                   "step": 50, "start_day": BASE}, BASE + timedelta(days=30))
    return ledger


def test_a_check_off_writes_what_a_whole_conversion_writes(ledger: Ledger) -> None:
    today = BASE + timedelta(days=30)
    loaded = ledger.load()
    (lid,) = loaded.ladders
    for n in range(0, 30, 2):
        day = BASE + timedelta(days=n)
        ledger.change(lid, lambda lad, day=day: changes.mark_win(lad, day, today))
    seen = ledger.load()
    done = ledger.change(lid, lambda lad: changes.mark_win(lad, today, today),
                         seen=seen.ladders[lid], seen_hash=seen.hashes[lid],
                         since=seen.signature)
    assert done.after is not None
    on_disk = orjson.loads(ledger.path.read_bytes())["ladders"][lid]
    assert dump(on_disk) == dump(ladder_to_doc(done.after))
    assert done.blob_hash == hash(dump(ladder_to_doc(done.after)))
    assert ledger.load().ladders[lid] == done.after


def test_a_bad_new_mark_is_refused_and_nothing_is_written(ledger: Ledger) -> None:
    (lid,) = ledger.load().ladders
    before = ledger.path.read_bytes()
    with pytest.raises(BadInput, match="not saved"):
        ledger.change(lid, lambda lad: lad.with_mark(BASE, Win(-5)))
    assert ledger.path.read_bytes() == before
