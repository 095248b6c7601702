"""Moving in from Loop Habit Tracker and harsh: real files in their real formats.

The fixtures in tests/fixtures/ are written by hand the way each tracker
writes them (Loop's CSV export folder, in the current and an older format;
harsh's habits and log files).  The zip is made from the folder here, as
Loop makes it.  Mapping details are checked on `load` directly; the command
(detection, notes on stderr, exit codes, the data file left alone on
failure) through real subprocesses.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from smallwins.core.importers import detect, load
from smallwins.core.model import is_rest_doc
from smallwins.core.transfer import ImportError_
from tests.core.test_transfer import data_file, every_ladder, fails, listed, ok, shown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LOOP = FIXTURES / "loop"
LOOP_OLD = FIXTURES / "loop-old"
HARSH = FIXTURES / "harsh"
DAY = date(2026, 11, 23)


def zip_folder(folder: Path, target: Path, inside: str = "") -> Path:
    """Zip a Loop export folder as Loop does: entries relative to the folder."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, inside + file.relative_to(folder).as_posix())
    return target


def copy_fixture(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / source.name
    shutil.copytree(source, target)
    return target


def marks(docs: dict[str, dict[str, Any]], ladder: str) -> dict[str, Any]:
    result: dict[str, Any] = docs[ladder]["marks"]
    return result


# --------------------------------------------------------------- Loop: mapping


def test_loop_habits_become_ladders_at_their_current_target() -> None:
    imported = load(LOOP, "auto", DAY)
    docs = imported.docs
    assert imported.source == "loop"
    assert list(docs) == ["meditate", "gym", "walk", "floss", "read-caf"]
    meditate = docs["meditate"]
    assert (meditate["identity"], meditate["action"], meditate["unit"]) == (
        "Meditate", "Meditate", "times")
    assert (meditate["start"], meditate["step"], meditate["days"]) == (1, 1, list(range(7)))
    assert meditate["start_day"] == "2026-11-12"  # the oldest entry
    assert [doc["created"] for doc in docs.values()] == [0, 1, 2, 3, 4]
    walk = docs["walk"]
    assert (walk["unit"], walk["start"], walk["step"], walk["granularity"]) == (
        "steps", 5000, 500, 1)
    assert docs["floss"]["archived"] is True
    assert docs["read-caf"]["identity"] == "Read: café"


def test_loop_checkmarks_become_wins_rest_days_and_misses() -> None:
    docs = load(LOOP, "loop", DAY).docs
    meditate = marks(docs, "meditate")
    assert meditate["2026-11-22"] == 1
    assert meditate["2026-11-21"] == {"t": 1, "n": '10 minutes, "box" breathing'}
    assert meditate["2026-11-15"] == {"t": 1, "n": "Calm\nall day"}
    assert meditate["2026-11-20"] == "r"  # SKIP
    assert "2026-11-18" not in meditate  # NO: a miss is no mark
    assert "2026-11-13" not in meditate  # UNKNOWN
    gym = marks(docs, "gym")
    assert [day for day, mark in sorted(gym.items()) if is_rest_doc(mark)] == [
        "2026-11-14", "2026-11-15", "2026-11-17", "2026-11-19"]  # YES_AUTO
    assert gym["2026-11-15"] == {"r": 1, "n": "Rest"}  # a rest day keeps its note
    assert gym["2026-11-20"] == {"t": 1, "n": "Legs"}
    walk = marks(docs, "walk")
    assert walk["2026-11-22"] == {"t": 5000, "a": 6250, "n": "Long walk by the river"}
    assert walk["2026-11-21"] == 5000  # exactly the target
    assert walk["2026-11-17"] == {"t": 5000, "a": 5000.5}
    assert "2026-11-20" not in walk  # 4200 steps: below the target, not a win
    assert walk["2026-11-19"] == {"r": 1, "n": "Travelling"}  # SKIP, with its note
    assert marks(docs, "read-caf")["2026-11-22"] == {"t": 1, "n": "Le Petit Prince — ch. 3"}


def test_loop_says_what_it_could_not_map() -> None:
    imported = load(LOOP, "loop", DAY)
    notes = "\n".join(imported.notes)
    assert "Coffee (an 'at most' target" in notes
    assert "Journal (no Checkmarks.csv" in notes
    assert "Gym (3 in 7 days)" in notes and "every day" in notes
    assert "4 day(s) Loop counted as covered by the frequency" in notes
    assert "Walk +500" in notes
    assert "1 day(s) with an amount below the target" in notes
    assert "2 note(s) on missed or empty days were dropped" in notes
    assert "identity is its habit's name" in notes
    assert len(imported.notes) == len(set(imported.notes))
    assert (imported.wins, imported.rests) == (20, 6)


def test_numeric_habits_with_a_target_per_period_are_left_out(tmp_path: Path) -> None:
    loop = copy_fixture(LOOP, tmp_path)
    habits = loop / "Habits.csv"
    text = habits.read_text(encoding="utf-8").replace(
        "NUMERICAL,How many steps did you walk today?,,1,1,",
        "NUMERICAL,How many steps did you walk today?,,1,7,")
    habits.write_text(text, encoding="utf-8")
    imported = load(loop, "loop", DAY)
    assert "walk" not in imported.docs
    assert any("Walk (its target is for 7 days together" in n for n in imported.notes)
    assert not any("Walk (1 in 7 days)" in n for n in imported.notes)


def test_the_older_loop_format_reads_too() -> None:
    docs = load(LOOP_OLD, "auto", DAY).docs
    assert list(docs) == ["meditate", "wake-up-early"]
    assert marks(docs, "meditate") == {"2026-11-19": 1, "2026-11-21": 1, "2026-11-22": 1}
    assert marks(docs, "wake-up-early") == {
        "2026-11-18": 1, "2026-11-19": 1, "2026-11-20": "r", "2026-11-22": 1}


@pytest.mark.parametrize("inside", ["", "Loop Habits CSV 2026-11-23/"])
def test_a_loop_zip_reads_as_its_folder(tmp_path: Path, inside: str) -> None:
    archive = zip_folder(LOOP, tmp_path / "Loop Habits CSV 2026-11-23.zip", inside)
    assert detect(archive) == "loop"
    assert load(archive, "auto", DAY).docs == load(LOOP, "auto", DAY).docs


def test_a_folder_holding_the_unzipped_export_and_habits_csv_itself_work(tmp_path: Path) -> None:
    outer = tmp_path / "Downloads"
    shutil.copytree(LOOP, outer / "Loop Habits CSV 2026-11-23")
    expected = load(LOOP, "auto", DAY).docs
    assert load(outer, "auto", DAY).docs == expected
    assert load(outer / "Loop Habits CSV 2026-11-23" / "Habits.csv", "auto", DAY).docs == expected


def test_entries_after_today_are_left_out() -> None:
    imported = load(LOOP, "loop", date(2026, 11, 21))
    assert "2026-11-22" not in marks(imported.docs, "meditate")
    assert any("after today (2026-11-21)" in note for note in imported.notes)


# -------------------------------------------------------------- harsh: mapping


def test_harsh_habits_and_log_become_ladders() -> None:
    imported = load(HARSH, "auto", DAY)
    docs = imported.docs
    assert imported.source == "harsh"
    assert list(docs) == ["meditated", "gymmed", "walked-10k", "called-mom", "too-much-coffee"]
    meditated = marks(docs, "meditated")
    assert docs["meditated"]["start_day"] == "2026-11-16"
    assert meditated == {
        "2026-11-16": 1,
        "2026-11-17": {"t": 1, "n": "ratio 1 : 2 breathing"},
        "2026-11-18": {"r": 1, "n": "Travelling"},  # a skip keeps its comment
        "2026-11-19": {"t": 1, "n": 'Calm, "deep" breaths'},
        "2026-11-21": {"t": 1, "n": "Back at it"},
        "2026-11-22": 1,
    }
    assert marks(docs, "gymmed")["2026-11-16"] == {"t": 1, "n": "Leg day; amount 1.5"}
    assert marks(docs, "walked-10k") == {"2026-11-17": 1, "2026-11-18": "r",
                                         "2026-11-22": {"t": 1, "n": "11,204 steps"}}
    assert docs["walked-10k"]["start_day"] == "2026-11-16"  # an 'n' counts as history
    assert docs["too-much-coffee"]["marks"] == {"2026-11-17": {"t": 1,
                                                               "n": "three cups; amount 3"}}
    notes = "\n".join(imported.notes)
    assert "Gymmed (3 in 7 days)" in notes and "Called Mom (every 7 days)" in notes
    assert "Too much coffee (tracked only)" in notes
    assert "2 harsh amount(s)" in notes
    assert "1 note(s) on missed or empty days" in notes


def test_harsh_from_either_file_uses_its_folder(tmp_path: Path) -> None:
    expected = load(HARSH, "auto", DAY).docs
    assert load(HARSH / "log", "auto", DAY).docs == expected
    assert load(HARSH / "habits", "harsh", DAY).docs == expected


def test_a_harsh_log_alone_names_its_habits(tmp_path: Path) -> None:
    (tmp_path / "log").write_bytes((HARSH / "log").read_bytes())
    imported = load(tmp_path / "log", "auto", DAY)
    assert sorted(imported.docs) == ["called-mom", "gymmed", "meditated", "too-much-coffee",
                                     "walked-10k"]
    assert any("no habits file" in note for note in imported.notes)
    renamed = tmp_path / "harsh-log.txt"
    renamed.write_bytes((HARSH / "log").read_bytes())
    assert detect(renamed) == "harsh"
    assert load(renamed, "auto", DAY).docs == imported.docs


def test_a_harsh_habits_file_alone_gives_ladders_without_history(tmp_path: Path) -> None:
    (tmp_path / "habits").write_bytes((HARSH / "habits").read_bytes())
    docs = load(tmp_path, "harsh", DAY).docs
    assert len(docs) == 5 and all(not doc["marks"] for doc in docs.values())
    assert {doc["start_day"] for doc in docs.values()} == {DAY.isoformat()}


def test_names_that_slug_alike_get_distinct_ids(tmp_path: Path) -> None:
    (tmp_path / "habits").write_text("Read!: 1\nRead?: 1\n日記: 1\n", encoding="utf-8")
    assert list(load(tmp_path, "harsh", DAY).docs) == ["read", "read-2", "ladder"]


# ------------------------------------------------------ through the command


def test_import_loop_through_the_command(tmp_path: Path) -> None:
    r = ok(tmp_path, "import", str(LOOP))
    assert r.stdout.startswith("imported 5 new ladder(s) from Loop Habit Tracker "
                               "(20 wins, 6 rest days)")
    lines = r.stderr.strip().splitlines()
    assert lines and all(line.startswith("note: ") for line in lines)
    assert len(lines) == 8
    assert [x["id"] for x in listed(tmp_path)] == ["meditate", "gym", "walk", "read-caf"]
    meditate = shown(tmp_path, "meditate")
    assert (meditate["target"], meditate["votes"], meditate["streak"]) == (1, 8, 3)
    walk = shown(tmp_path, "walk")
    assert (walk["rung"], walk["votes"], walk["streak"]) == ("Walk 5,000 steps", 3, 2)
    assert shown(tmp_path, "floss")["archived"] is True


def test_import_harsh_and_loop_zip_through_the_command(tmp_path: Path) -> None:
    r = ok(tmp_path, "import", str(HARSH / "log"), "--from", "harsh")
    assert "from harsh (11 wins, 2 rest days)" in r.stdout
    archive = zip_folder(LOOP, tmp_path / "loop.zip")
    ok(tmp_path, "import", str(archive))
    ids = [x["id"] for x in listed(tmp_path)]
    # The newcomers go after the ladders already here, in Loop's order.
    assert ids == ["meditated", "gymmed", "walked-10k", "called-mom", "too-much-coffee",
                   "meditate", "gym", "walk", "read-caf"]


def test_importing_the_same_export_twice_changes_nothing(tmp_path: Path) -> None:
    ok(tmp_path, "import", str(LOOP))
    before = data_file(tmp_path).read_bytes()
    r = ok(tmp_path, "import", str(LOOP))
    assert "5 already here unchanged" in r.stdout
    assert data_file(tmp_path).read_bytes() == before


def test_a_newer_export_conflicts_and_replace_brings_it_in_after_a_backup(tmp_path: Path) -> None:
    loop = copy_fixture(LOOP, tmp_path)
    ok(tmp_path, "import", str(loop))
    before_state = every_ladder(tmp_path)
    checkmarks = loop / "001 Meditate" / "Checkmarks.csv"
    lines = checkmarks.read_text(encoding="utf-8").splitlines(keepends=True)
    checkmarks.write_text(lines[0] + "2026-11-23,YES_MANUAL,\n" + "".join(lines[1:]),
                          encoding="utf-8")
    message = fails(tmp_path, 2, "import", str(loop))
    assert "meditate" in message and "--replace" in message
    assert every_ladder(tmp_path) == before_state
    before = data_file(tmp_path).read_bytes()
    r = ok(tmp_path, "import", str(loop), "--replace")
    assert "replaced 1: meditate" in r.stdout
    assert shown(tmp_path, "meditate")["done_today"] is True
    copies = list((tmp_path / "data" / "backups").glob("smallwins-before-import-*.json"))
    assert [c.read_bytes() for c in copies] == [before]


# ------------------------------------------------------------- broken files


def _broken_loop(tmp_path: Path, edit: str) -> Path:
    loop = copy_fixture(LOOP, tmp_path)
    habits = loop / "Habits.csv"
    checkmarks = loop / "001 Meditate" / "Checkmarks.csv"
    if edit == "no name column":
        text = habits.read_text(encoding="utf-8").replace("Position,Name,", "Position,Title,", 1)
        habits.write_text(text, encoding="utf-8")
    elif edit == "no frequency columns":
        rows = [line.split(",") for line in habits.read_text(encoding="utf-8").splitlines()]
        habits.write_text("\n".join(",".join(r[:5]) for r in rows) + "\n", encoding="utf-8")
    elif edit == "empty Habits.csv":
        habits.write_text("", encoding="utf-8")
    elif edit == "bad date":
        checkmarks.write_text("Date,Value,Notes\n2026-11-31,YES_MANUAL,\n", encoding="utf-8")
    elif edit == "loose date":
        checkmarks.write_text("Date,Value,Notes\n20261122,YES_MANUAL,\n", encoding="utf-8")
    elif edit == "bad value":
        checkmarks.write_text("Date,Value,Notes\n2026-11-22,MAYBE,\n", encoding="utf-8")
    elif edit == "bad frequency":
        text = habits.read_text(encoding="utf-8").replace(",1,1,#FF8F00", ",x,1,#FF8F00")
        habits.write_text(text, encoding="utf-8")
    elif edit == "bad target":
        habits.write_text(habits.read_text(encoding="utf-8").replace("AT_LEAST,5000.0",
                                                                     "AT_LEAST,lots"),
                          encoding="utf-8")
    return loop


BROKEN_LOOP = [
    ("no name column", "no Name column"),
    ("no frequency columns", "no FrequencyNumerator"),
    ("empty Habits.csv", "is empty"),
    ("bad date", "bad date '2026-11-31'"),
    ("loose date", "bad date '20261122'"),
    ("bad value", "unknown value 'MAYBE'"),
    ("bad frequency", "FrequencyNumerator 'x'"),
    ("bad target", "Target Value 'lots'"),
]


@pytest.mark.parametrize("edit,words", BROKEN_LOOP)
def test_a_broken_loop_export_changes_nothing(tmp_path: Path, edit: str, words: str) -> None:
    ok(tmp_path, "import", str(HARSH))
    loop = _broken_loop(tmp_path, edit)
    message = fails(tmp_path, 2, "import", str(loop))
    assert words in message, message
    archive = zip_folder(loop, tmp_path / "broken.zip")
    assert words in fails(tmp_path, 2, "import", str(archive))


def test_a_bad_zip_changes_nothing(tmp_path: Path) -> None:
    ok(tmp_path, "import", str(HARSH))
    bad = tmp_path / "export.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert "not a readable zip" in fails(tmp_path, 2, "import", str(bad), "--from", "loop")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(zip_folder(LOOP, tmp_path / "good.zip").read_bytes()[:-200])
    assert "zip" in fails(tmp_path, 2, "import", str(truncated))
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "has no Habits.csv" in fails(tmp_path, 2, "import", str(other))


def _broken_harsh(tmp_path: Path, edit: str) -> Path:
    harsh = copy_fixture(HARSH, tmp_path)
    log, habits = harsh / "log", harsh / "habits"
    if edit == "bad date":
        log.write_text(log.read_text() + "2026-02-30 : Meditated : y\n")
    elif edit == "unknown habit":
        log.write_text(log.read_text() + "2026-11-22 : Juggled : y\n")
    elif edit == "bad result":
        log.write_text(log.read_text() + "2026-11-22 : Meditated : maybe\n")
    elif edit == "short line":
        log.write_text(log.read_text() + "2026-11-22 : Meditated\n")
    elif edit == "bad frequency":
        habits.write_text(habits.read_text() + "Stretched: often\n")
    elif edit == "target above interval":
        habits.write_text(habits.read_text() + "Stretched: 8/7\n")
    elif edit == "no frequency":
        habits.write_text(habits.read_text() + "Stretched\n")
    elif edit == "empty files":
        log.write_text("")
        habits.write_text("# only comments\n\n! A heading\n")
    return harsh


BROKEN_HARSH = [
    ("bad date", "line 18: bad date '2026-02-30'"),
    ("unknown habit", "habit 'Juggled' is not in the habits file"),
    ("bad result", "result 'maybe' is not y, n or s"),
    ("short line", "expected 'YYYY-MM-DD : habit : y|n|s'"),
    ("bad frequency", "frequency 'often'"),
    ("target above interval", "frequency '8/7'"),
    ("no frequency", "expected 'Habit name: frequency'"),
    ("empty files", "no habits found"),
]


@pytest.mark.parametrize("edit,words", BROKEN_HARSH)
def test_broken_harsh_files_change_nothing(tmp_path: Path, edit: str, words: str) -> None:
    ok(tmp_path, "import", str(LOOP))
    harsh = _broken_harsh(tmp_path, edit)
    message = fails(tmp_path, 2, "import", str(harsh))
    assert words in message, message


def test_empty_import_files_are_refused(tmp_path: Path) -> None:
    ok(tmp_path, "import", str(HARSH))
    for name in ("log", "habits", "export.json", "Habits.csv"):
        empty = tmp_path / "empty" / name
        empty.parent.mkdir(exist_ok=True)
        empty.write_bytes(b"")
        message = fails(tmp_path, 2, "import", str(empty))
        assert "empty" in message, message
        empty.unlink()


def test_load_refuses_an_unknown_source() -> None:
    with pytest.raises(ImportError_, match="unknown source"):
        load(LOOP, "excel", DAY)


def test_the_fixtures_are_what_the_trackers_write() -> None:
    """Guard the fixtures themselves: Loop's header and folder names, harsh's
    separators, so a test edit cannot drift them away from the real formats."""
    header = (LOOP / "Habits.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ("Position,Name,Type,Question,Description,FrequencyNumerator,"
                      "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?")
    assert (LOOP / "006 Read caf" / "Checkmarks.csv").is_file()  # "Read: café", sanitised
    for line in (HARSH / "log").read_text().splitlines():
        assert line.startswith("#") or line.count(" : ") >= 2
    assert json.loads(json.dumps(load(HARSH, "auto", DAY).docs))  # plain JSON documents


def test_a_zip_with_a_damaged_member_changes_nothing(tmp_path: Path) -> None:
    ok(tmp_path, "import", str(HARSH))
    archive = zip_folder(LOOP, tmp_path / "loop.zip")
    raw = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("001 Meditate/Checkmarks.csv")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start, start + info.compress_size):
        raw[i] ^= 0x5A
    archive.write_bytes(bytes(raw))
    message = fails(tmp_path, 2, "import", str(archive))
    assert "001 Meditate/Checkmarks.csv" in message, message


def test_loop_errors_name_the_line_a_record_starts_on(tmp_path: Path) -> None:
    loop = copy_fixture(LOOP, tmp_path)
    checkmarks = loop / "001 Meditate" / "Checkmarks.csv"
    checkmarks.write_text('Date,Value,Notes\n2026-11-22,YES_MANUAL,"two\nlines"\n'
                          "2026-11-21,MAYBE,\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="Checkmarks.csv line 4: unknown value 'MAYBE'"):
        load(loop, "loop", DAY)
    checkmarks.write_text(f'Date,Value,Notes\n2026-11-22,YES_MANUAL,"{"x" * 200_000}"\n',
                          encoding="utf-8")
    with pytest.raises(ImportError_, match="line 2: not valid CSV"):
        load(loop, "loop", DAY)
