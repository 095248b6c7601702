"""Export and import through the real command: round trips, merges, CSV, broken files.

Every case runs `smallwins` (in process, tests/cli.py) on real files in tmp_path and
compares what the user sees (`show --json`, `list --json`, the export
itself) before and after.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from smallwins.core.storage import DataFile
from smallwins.core.transfer import plain_number
from tests import cli

BIN = cli.BIN
TODAY = "2026-11-23"  # a Monday


def run(env_dir: Path, *args: str, today: str | None = TODAY,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`smallwins ARGS` with its data and config files under env_dir (in process)."""
    return cli.run(env_dir, *args, today=today, env=env)


def ok(env_dir: Path, *args: str, today: str | None = TODAY) -> subprocess.CompletedProcess[str]:
    r = run(env_dir, *args, today=today)
    assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r


def data_file(env_dir: Path) -> Path:
    return env_dir / "data" / "smallwins.json"


def listed(env_dir: Path) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = json.loads(ok(env_dir, "list", "--json").stdout)
    return result


def shown(env_dir: Path, ladder: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(ok(env_dir, "show", ladder, "--json").stdout)
    return result


def every_ladder(env_dir: Path) -> dict[str, dict[str, Any]]:
    """`show --json` of every ladder, archived ones too (list hides those)."""
    ids = json.loads(data_file(env_dir).read_text())["ladders"]
    return {lid: shown(env_dir, lid) for lid in sorted(ids)}


def fails(env_dir: Path, code: int, *args: str) -> str:
    """Run a command that must fail: one line, its code, the data file untouched."""
    path = data_file(env_dir)
    before = path.read_bytes() if path.exists() else None
    r = run(env_dir, *args)
    assert r.returncode == code, (args, r.stdout, r.stderr)
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert (path.read_bytes() if path.exists() else None) == before
    return r.stderr


def new(env_dir: Path, *args: str, today: str = TODAY) -> str:
    return ok(env_dir, "new", *args, today=today).stdout.strip()


def edge_case_data(env_dir: Path) -> None:
    """Ladders that stress the file: notes with commas, quotes and newlines,
    unicode identities, rest days, climbs, halvings, archived, fractional."""
    new(env_dir, "--identity", "Je suis quelqu’un qui lit 📚", "--action", "lire",
        "--unit", "pages", "--start", "2", "--step", "2", "--hold", "1", "--id", "lire",
        today="2026-11-02")
    new(env_dir, "--identity", "I am a runner", "--action", "run", "--unit", "km",
        "--start", "1.5", "--step", "0.25", "--granularity", "0.25", "--hold", "2",
        "--days", "mon,wed,fri", today="2026-11-02")
    new(env_dir, "--identity", "I am tidy", "--action", "tidy", "--unit", "things",
        "--start", "4", "--step", "1", today="2026-11-02")
    notes = ['rainy, "cold"\nbut done', "été, café; 100%", "=1+1", "back\\slash", "  "]
    for n, note in enumerate(notes):
        day = f"2026-11-{3 + n:02d}"
        ok(env_dir, "done", "lire", "--day", day, "--note", note, "--amount", str(2 + n),
           today="2026-11-09")
    ok(env_dir, "rest", "lire", "--day", "2026-11-08", "--note", "ill, \"in bed\"\nall day",
       today="2026-11-09")
    ok(env_dir, "climb", "lire", today="2026-11-09")
    for day in ("2026-11-02", "2026-11-04"):
        ok(env_dir, "done", "run-km", "--day", day, "--amount", "1.75", today="2026-11-06")
    ok(env_dir, "climb", "run-km", today="2026-11-06")
    ok(env_dir, "done", "run-km", "--day", "2026-11-06", "--note", "ΣΩ ✓", today="2026-11-06")
    ok(env_dir, "rest", "run-km", "--day", "2026-11-09", today="2026-11-10")
    ok(env_dir, "halve", "tidy-things", today="2026-11-05")
    ok(env_dir, "done", "tidy-things", "--day", "2026-11-05", today="2026-11-05")

    def archive(docs: dict[str, Any]) -> None:
        docs["tidy-things"]["archived"] = True

    DataFile(data_file(env_dir)).transact(archive)


# ------------------------------------------------------------- round trips


@pytest.mark.parametrize("seed", [1, 7])
def test_demo_data_survives_export_and_import_exactly(tmp_path: Path, seed: int) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    ok(src, "demo", "--ladders", "6", "--years", "1", "--seed", str(seed))
    exported = tmp_path / "export.json"
    ok(src, "export", "-o", str(exported))
    r = ok(dst, "import", str(exported))
    assert "imported 6 new ladder(s)" in r.stdout
    assert listed(src) == listed(dst)
    assert every_ladder(src) == every_ladder(dst)
    # Exporting the copy gives the very same file.
    assert ok(dst, "export").stdout == exported.read_text(encoding="utf-8")


def test_edge_cases_survive_export_and_import_exactly(tmp_path: Path) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    edge_case_data(src)
    exported = tmp_path / "export.json"
    ok(src, "export", "-o", str(exported))
    ok(dst, "import", str(exported))
    before, after = every_ladder(src), every_ladder(dst)
    assert before == after
    assert after["tidy-things"]["archived"] is True
    assert [x["id"] for x in listed(dst)] == ["lire", "run-km"]
    assert after["run-km"]["granularity"] == 0.25
    # Climbed to 1.75, then a missed Wednesday dropped it back: derived, so it
    # comes back only if the history came back whole.
    assert [(lv["target"], lv["reason"]) for lv in after["run-km"]["levels"]] == [
        (1.5, "start"), (1.75, "climb"), (1.5, "drop-back")]
    assert [lv["reason"] for lv in after["lire"]["levels"]] == ["start", "climb", "drop-back"]
    stored = json.loads(data_file(dst).read_text())["ladders"]
    assert stored == json.loads(data_file(src).read_text())["ladders"]
    marks = stored["lire"]["marks"]
    assert marks["2026-11-03"]["n"] == 'rainy, "cold"\nbut done'
    assert marks["2026-11-04"]["n"] == "été, café; 100%"
    assert marks["2026-11-08"] == {"r": 1, "n": 'ill, "in bed"\nall day'}  # a rest's reason
    assert stored["run-km"]["marks"]["2026-11-09"] == "r"  # a rest without one stays small
    assert "n" not in marks["2026-11-07"]  # a blank note is no note
    assert ok(dst, "export").stdout == exported.read_text(encoding="utf-8")


def test_export_json_has_version_and_everything(tmp_path: Path) -> None:
    edge_case_data(tmp_path)
    payload = json.loads(ok(tmp_path, "export", "--format", "json").stdout)
    assert payload["format"] == "smallwins-export" and payload["version"] == 1
    assert payload["exported"] == TODAY
    by_id = {lad["id"]: lad for lad in payload["ladders"]}
    run_km = by_id["run-km"]
    for key in ("identity", "action", "unit", "start", "step", "hold", "days", "granularity",
                "start_day", "archived", "events", "marks", "levels"):
        assert key in run_km, key
    assert run_km["days"] == [0, 2, 4] and run_km["events"] == [["2026-11-06", "climb"]]
    assert run_km["levels"] == shown(tmp_path, "run-km")["levels"]
    assert by_id["tidy-things"]["archived"] is True


def test_levels_in_an_export_are_derived_and_ignored_on_import(tmp_path: Path) -> None:
    edge_case_data(tmp_path / "src")
    payload = json.loads(ok(tmp_path / "src", "export").stdout)
    for ladder in payload["ladders"]:
        ladder["levels"] = [{"day": "2000-01-01", "target": 999, "reason": "climb"}]
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(payload), encoding="utf-8")
    ok(tmp_path / "dst", "import", str(tampered))
    assert every_ladder(tmp_path / "dst") == every_ladder(tmp_path / "src")


# ------------------------------------------------------------------ merging


def test_import_into_a_file_with_ladders_merges_by_id(tmp_path: Path) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    edge_case_data(src)
    exported = tmp_path / "export.json"
    ok(src, "export", "-o", str(exported))
    new(dst, "--identity", "I am calm", "--action", "breathe", "--unit", "breaths",
        "--start", "3", "--step", "1")
    r = ok(dst, "import", str(exported))
    assert "imported 3 new ladder(s)" in r.stdout
    assert [x["id"] for x in listed(dst)][0] == "breathe-breaths"
    assert shown(dst, "lire") == shown(src, "lire")
    # The same file again: nothing new, nothing changed, not even the bytes.
    before = data_file(dst).read_bytes()
    r = ok(dst, "import", str(exported))
    assert "3 already here unchanged" in r.stdout
    assert data_file(dst).read_bytes() == before


def test_a_conflict_is_refused_whole_and_replace_backs_up_first(tmp_path: Path) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    edge_case_data(src)
    exported = tmp_path / "export.json"
    ok(src, "export", "-o", str(exported))
    ok(dst, "import", str(exported))
    ok(dst, "undo", "lire", "--day", "2026-11-03")
    new(dst, "--identity", "I am calm", "--action", "breathe", "--unit", "breaths",
        "--start", "3", "--step", "1")
    # Another export that conflicts on one ladder and adds one: all or nothing.
    payload = json.loads(exported.read_text(encoding="utf-8"))
    extra = dict(payload["ladders"][0], id="extra-ladder", identity="I am new here")
    payload["ladders"].append(extra)
    bigger = tmp_path / "bigger.json"
    bigger.write_text(json.dumps(payload), encoding="utf-8")
    message = fails(dst, 2, "import", str(bigger))
    assert "lire" in message and "--replace" in message and "nothing was imported" in message
    assert "extra-ladder" not in data_file(dst).read_text()

    before = data_file(dst).read_bytes()
    r = ok(dst, "import", str(bigger), "--replace")
    assert "replaced 1: lire" in r.stdout and "imported 1 new" in r.stdout
    assert shown(dst, "lire") == shown(src, "lire")
    assert shown(dst, "breathe-breaths")["target"] == 3
    copies = sorted((dst / "data" / "backups").glob("smallwins-before-import-*.json"))
    assert len(copies) == 1 and copies[0].name in r.stdout
    assert copies[0].read_bytes() == before
    assert copies[0].stat().st_mode & 0o777 == 0o600


def test_replace_without_conflicts_takes_no_extra_backup(tmp_path: Path) -> None:
    edge_case_data(tmp_path / "src")
    exported = tmp_path / "export.json"
    ok(tmp_path / "src", "export", "-o", str(exported))
    ok(tmp_path / "dst", "import", str(exported), "--replace")
    ok(tmp_path / "dst", "import", str(exported), "--replace")
    assert not list((tmp_path / "dst" / "data").glob("backups/*before-import*"))


# --------------------------------------------------------------------- CSV


def test_csv_export_is_rfc4180_utf8_one_row_per_marked_day(tmp_path: Path) -> None:
    edge_case_data(tmp_path)
    out = tmp_path / "wins.csv"
    ok(tmp_path, "export", "--format", "csv", "-o", str(out))
    raw = out.read_bytes()
    text = raw.decode("utf-8")  # UTF-8, no BOM
    assert not text.startswith("\ufeff")
    assert text.startswith("day,ladder,identity,target,amount,mark,note\r\n")
    assert '"rainy, ""cold""\nbut done"' in text  # quotes doubled, newline kept inside
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    assert header == ["day", "ladder", "identity", "target", "amount", "mark", "note"]
    stored = json.loads(data_file(tmp_path).read_text())["ladders"]
    assert len(body) == sum(len(doc["marks"]) for doc in stored.values())
    assert body == sorted(body, key=lambda r: (r[0], r[1]))
    by_key = {(r[0], r[1]): r for r in body}
    assert by_key[("2026-11-03", "lire")] == [
        "2026-11-03", "lire", "Je suis quelqu’un qui lit 📚", "2", "2", "win",
        'rainy, "cold"\nbut done']
    assert by_key[("2026-11-04", "lire")][6] == "été, café; 100%"
    assert by_key[("2026-11-05", "lire")][6] == "=1+1"  # data, not a formula to escape
    assert by_key[("2026-11-07", "lire")][4:] == ["6", "win", ""]
    assert by_key[("2026-11-08", "lire")][3:] == ["", "", "rest", 'ill, "in bed"\nall day']
    assert by_key[("2026-11-09", "run-km")][3:] == ["", "", "rest", ""]
    assert by_key[("2026-11-06", "run-km")][3:] == ["1.75", "", "win", "ΣΩ ✓"]
    assert by_key[("2026-11-02", "run-km")][3:5] == ["1.5", "1.75"]
    assert by_key[("2026-11-05", "tidy-things")][3] == "2"  # archived ladders too
    # Every record ends CRLF; line breaks inside a quoted note stay as written.
    assert text.endswith("\r\n") and text.count("\r\n") == len(body) + 1


def test_csv_export_of_an_empty_file_is_just_the_header(tmp_path: Path) -> None:
    out = tmp_path / "empty.csv"
    ok(tmp_path, "export", "--format", "csv", "-o", str(out))
    assert out.read_bytes() == b"day,ladder,identity,target,amount,mark,note\r\n"


@pytest.mark.parametrize("value,text", [
    (5, "5"), (13050, "13050"), (2.5, "2.5"), (0.1, "0.1"), (1e-07, "0.0000001"),
    (0.1234567891, "0.1234567891"), (1234567.25, "1234567.25"),
])
def test_plain_numbers_read_back_exactly(value: float, text: str) -> None:
    assert plain_number(value) == text
    assert float(text) == value


# ----------------------------------------------------------- broken imports


BROKEN_EXPORTS = [
    ("", "is empty"),
    ("  \n", "is empty"),
    ("{", "not valid JSON"),
    ("[]", "not a smallwins export"),
    ('{"format": "other", "version": 1, "ladders": []}', "not a smallwins export"),
    ('{"format": "smallwins-export", "version": 99, "ladders": []}', "version 99"),
    ('{"format": "smallwins-export", "version": "1", "ladders": []}', "version '1'"),
    ('{"format": "smallwins-export", "version": true, "ladders": []}', "version True"),
    ('{"format": "smallwins-export", "version": 1, "ladders": {}}', "must be a list"),
    ('{"format": "smallwins-export", "version": 1, "ladders": [{"id": "x"}]}',
     "ladder 'x': identity must be"),
    ('{"format": "smallwins-export", "version": 1, "ladders": [7]}', "not an object"),
]


@pytest.mark.parametrize("content,words", BROKEN_EXPORTS)
def test_a_broken_export_changes_nothing(tmp_path: Path, content: str, words: str) -> None:
    new(tmp_path, "--identity", "I write", "--action", "write", "--unit", "lines",
        "--start", "1", "--step", "1")
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert words in fails(tmp_path, 2, "import", str(bad))
    assert words in fails(tmp_path, 2, "import", str(bad), "--from", "smallwins")


def test_an_export_with_a_bad_ladder_changes_nothing_even_with_good_ones(tmp_path: Path) -> None:
    edge_case_data(tmp_path / "src")
    payload = json.loads(ok(tmp_path / "src", "export").stdout)
    payload["ladders"][1]["marks"] = {"2026-13-01": 1}
    payload["ladders"].append(dict(payload["ladders"][0]))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(payload), encoding="utf-8")
    assert "ladder 'run-km', mark on 2026-13-01: the day must be a real day" in fails(
        tmp_path / "dst", 2, "import", str(bad))
    assert not data_file(tmp_path / "dst").exists()
    payload["ladders"][1] = payload["ladders"][2]
    bad.write_text(json.dumps(payload), encoding="utf-8")
    assert "appears twice" in fails(tmp_path / "dst", 2, "import", str(bad))


def test_unreadable_import_files_are_bad_input(tmp_path: Path) -> None:
    new(tmp_path, "--identity", "I write", "--action", "write", "--unit", "lines",
        "--start", "1", "--step", "1")
    assert "cannot read" in fails(tmp_path, 2, "import", str(tmp_path / "missing.json"))
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert "not UTF-8" in fails(tmp_path, 2, "import", str(binary))
    folder = tmp_path / "folder"
    folder.mkdir()
    assert "is a folder" in fails(tmp_path, 2, "import", str(folder), "--from", "smallwins")
    assert "cannot tell" in fails(tmp_path, 2, "import", str(folder))
    assert "invalid choice" in fails(tmp_path, 2, "import", str(binary), "--from", "excel")


@pytest.mark.parametrize("content", [b"{not json", b'{"_meta": {"1": {"schema": 1}}, '
                                     b'"ladders": {"x": {"id": "x"}}}'])
def test_import_into_an_unusable_data_file_exits_3(tmp_path: Path, content: bytes) -> None:
    edge_case_data(tmp_path / "src")
    exported = tmp_path / "export.json"
    ok(tmp_path / "src", "export", "-o", str(exported))
    path = data_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    message = fails(tmp_path, 3, "import", str(exported))
    assert str(path) in message
    assert path.read_bytes() == content
