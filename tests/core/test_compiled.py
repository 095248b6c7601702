"""core/compiled.py: a record's `__init__` is compiled once and kept beside the
bytecode; whatever the kept file holds, what runs is what its source says."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smallwins.core import compiled

SOURCE = "def __init__(self, a, b=2):\n    self.total = a + b"


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "__pycache__" / "records.test.marshal"
    monkeypatch.setattr(compiled.RECORDS, "path", str(path))
    monkeypatch.setattr(compiled.RECORDS, "known", None)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return path


def run(code: object) -> int:
    namespace: dict[str, object] = {}
    exec(code, namespace)  # noqa: S102
    holder = type("Holder", (), {"__init__": namespace["__init__"]})
    return holder(40).total  # type: ignore[attr-defined]


def test_a_source_is_compiled_once_and_read_back_the_next_time(kept: Path) -> None:
    assert run(compiled.compiled(SOURCE)) == 42
    assert kept.exists()
    assert list(marshal.loads(kept.read_bytes())) == [SOURCE]
    compiled.RECORDS.known = None  # another run
    code = compiled.compiled(SOURCE)
    assert code is compiled.RECORDS.known[SOURCE]  # type: ignore[index]
    assert code.co_filename == "<string>" and run(code) == 42
    assert [name for name in os.listdir(kept.parent) if name.endswith(".tmp")] == []


@pytest.mark.parametrize("stored", [b"", b"garbage", marshal.dumps([1, 2]),
                                    marshal.dumps({SOURCE: "not code"}),
                                    marshal.dumps({1: compile("x = 1", "<string>", "exec")})])
def test_a_kept_file_that_is_not_what_was_written_counts_as_empty(kept: Path,
                                                                  stored: bytes) -> None:
    kept.parent.mkdir()
    kept.write_bytes(stored)
    assert run(compiled.compiled(SOURCE)) == 42
    assert list(marshal.loads(kept.read_bytes())) == [SOURCE]  # written again, whole


def test_a_fifo_or_a_link_to_a_device_is_not_waited_on(kept: Path) -> None:
    kept.parent.mkdir()
    os.mkfifo(kept)
    assert run(compiled.compiled(SOURCE)) == 42  # written over: a new file renamed in
    assert list(marshal.loads(kept.read_bytes())) == [SOURCE]
    kept.unlink()
    kept.symlink_to("/dev/zero")
    compiled.RECORDS.known = None
    assert run(compiled.compiled(SOURCE)) == 42
    assert not kept.is_symlink()


def test_nothing_is_written_when_python_is_told_not_to(kept: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert run(compiled.compiled(SOURCE)) == 42
    assert not kept.parent.exists()


def test_a_folder_that_cannot_be_made_is_no_error(kept: Path) -> None:
    kept.parent.write_text("a file where the folder should be")
    assert run(compiled.compiled(SOURCE)) == 42
    assert run(compiled.compiled(SOURCE)) == 42  # kept in the process all the same
    assert kept.parent.read_text() == "a file where the folder should be"


def test_too_many_sources_start_again(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "MAX_KEPT", 3)
    for n in range(5):
        compiled.compiled(f"x = {n}")
    assert len(marshal.loads(kept.read_bytes())) <= 3


def test_the_records_of_a_cold_status_come_from_the_kept_file(tmp_path: Path) -> None:
    """In a fresh interpreter after `make compile`'s warming, no record compiles."""
    probe = ("import builtins, sys\n"
             "calls = []\n"
             "real = builtins.compile\n"
             "builtins.compile = lambda *a, **k: (calls.append(a[0]), real(*a, **k))[1]\n"
             "import smallwins.core.ledger, smallwins.core.status_resume\n"
             "from smallwins.core import compiled, model, rules\n"
             "kept = list(compiled._read(compiled.RECORDS.path, compiled._is_code).values())\n"
             "made = [c.__init__.__code__ for c in (model.Win, model.Ladder, rules.LadderState)]\n"
             "print(len(calls), all(any(code in k.co_consts for k in kept) for code in made))")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True)
    out = subprocess.run([sys.executable, "-c", probe], env=env, check=True,
                         capture_output=True, text=True).stdout
    assert out.split() == ["0", "True"]
