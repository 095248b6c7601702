"""The one way an export is made (`build_export`) and saved as a new file (`save_export`).

Real data files in tmp_path; the command line's export of the same data is
the reference, so the app's export can never drift from it.
"""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from smallwins.core import changes
from smallwins.core.errors import BadInput
from smallwins.core.fileio import create_file
from smallwins.core.ledger import Ledger
from smallwins.core.transfer import SAME_DAY_EXPORTS, build_export, save_export
from tests import cli

DAY = date(2026, 11, 23)


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    """A data file with one ladder checked off twice, one with a note in Unicode."""
    path = tmp_path / "data" / "smallwins.json"
    path.parent.mkdir()
    ledger_ = Ledger(path)
    ladder, _ = changes.new_ladder(identity="I am a writer ✍", action="write", unit="sentences",
                                   start=1, step=1, start_day=date(2026, 11, 20), created=0)
    ladder = changes.mark_win(ladder, date(2026, 11, 21), DAY)
    ladder = changes.mark_win(ladder, date(2026, 11, 22), DAY, note="wrote «one» line")
    ledger_.rewrite(lambda current: current.__setitem__(ladder.id, ladder))
    return ledger_


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_export_is_exactly_what_the_command_line_writes(
    tmp_path: Path, ledger: Ledger, fmt: str,
) -> None:
    made = build_export(ledger, fmt, DAY)
    out = tmp_path / f"cli.{fmt}"
    result = cli.run(tmp_path, "export", "--format", fmt, "-o", str(out), today=DAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == made.text.encode("utf-8")
    assert made.ladders == 1 and "write" in made.text
    assert made.file_name() == f"smallwins-export-2026-11-23.{fmt}"
    assert made.mime_type == {"json": "application/json", "csv": "text/csv"}[fmt]


def test_an_unknown_format_is_refused(ledger: Ledger) -> None:
    with pytest.raises(BadInput, match="use json or csv"):
        build_export(ledger, "xml", DAY)


def test_saving_never_writes_over_a_file(tmp_path: Path, ledger: Ledger) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    made = build_export(ledger, "json", DAY)
    mine = folder / "smallwins-export-2026-11-23.json"
    mine.write_text("the person's own file\n")
    first = save_export(made, folder)
    second = save_export(made, folder)
    assert mine.read_text() == "the person's own file\n"
    assert (first.name, second.name) == ("smallwins-export-2026-11-23-2.json",
                                          "smallwins-export-2026-11-23-3.json")
    assert first.read_text(encoding="utf-8") == made.text == second.read_text(encoding="utf-8")
    assert stat.S_IMODE(first.stat().st_mode) == 0o600  # notes are private
    assert sorted(p.name for p in folder.iterdir()) == sorted([mine.name, first.name,
                                                               second.name])  # no temp left


def test_a_folder_full_of_the_days_exports_is_one_clear_refusal(
    tmp_path: Path, ledger: Ledger,
) -> None:
    made = build_export(ledger, "csv", DAY)
    for number in range(1, SAME_DAY_EXPORTS + 1):
        (tmp_path / made.file_name(number)).write_text("x")
    with pytest.raises(BadInput, match="already holds 99 exports of 2026-11-23"):
        save_export(made, tmp_path)


def test_create_file_refuses_an_existing_name_and_a_link(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    create_file(target, b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(FileExistsError):
        create_file(target, b"other")
    assert target.read_bytes() == b"new"
    os.symlink(tmp_path / "elsewhere", tmp_path / "link.json")
    with pytest.raises(FileExistsError):
        create_file(tmp_path / "link.json", b"x")
    assert not (tmp_path / "elsewhere").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "link.json"]


def test_an_unwritable_folder_is_an_os_error_and_leaves_nothing(
    tmp_path: Path, ledger: Ledger,
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            save_export(build_export(ledger, "json", DAY), folder)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
