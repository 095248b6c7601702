"""`smallwins status` with no cache imports only what it needs.

Each module named here cost a cold status line a few milliseconds (or many)
and none of it is needed to read a file smallwins wrote and say the line:
these tests fail when one comes back.  They look at the modules, never at
the time taken.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smallwins.core.config import load_config
from smallwins.core.paths import pathlib_text
from smallwins.core.record import replace
from smallwins.core.storage import DataFile
from tests.cli import run

TODAY = "2026-11-29"


def data_file(tmp_path: Path) -> Path:
    return tmp_path / "data" / "smallwins.json"


def new_walk(tmp_path: Path) -> None:
    """A ladder with a win and a rest day, so the line has something to say."""
    assert run(tmp_path, "new", "--identity", "I am someone who moves", "--action", "walk",
               "--unit", "steps", "--start", "50", "--step", "50", "--hold", "1",
               today="2026-11-20").returncode == 0
    assert run(tmp_path, "done", "walk-steps", today="2026-11-28").returncode == 0


def new_run(tmp_path: Path) -> None:
    """A ladder that climbs by half a kilometre: amounts with places, added by the engine."""
    assert run(tmp_path, "new", "--identity", "I am a runner", "--action", "run",
               "--unit", "km", "--start", "1.5", "--step", "0.5", "--granularity", "0.5",
               "--hold", "1", today="2026-11-20").returncode == 0
    assert run(tmp_path, "done", "run-km", today="2026-11-20").returncode == 0
    assert run(tmp_path, "climb", "run-km", today="2026-11-21").returncode == 0

NOT_ON_THE_STATUS_PATH = (
    "dataclasses", "inspect", "ast", "dis", "tokenize",  # core/record.py instead
    "orjson", "uuid", "platform",  # core/jsonread.py reads a small file
    "json", "re", "enum",  # C's own JSON scanner and encoder; words checked without patterns
    "decimal", "numbers",  # amounts added as whole millionths
    "contextlib", "functools",  # a class pauses the GC; only writers lock
    "pathlib", "urllib", "ipaddress", "fnmatch",  # strings and os.path
    "threading",  # a DataFile's lock is _thread's
    "math",  # only datetime's Python copy imports it: the C module stands for it
    "typing", "warnings",  # annotations are strings; marks.py stands in for Generic
    "tomllib", "tomlkit",  # no config file to read
    "argparse", "textual", "tinydb", "pendulum",
    "smallwins.core.changes", "smallwins.core.notes", "smallwins.core.cli",
    "smallwins.core.filelock", "smallwins.core.rotation", "fcntl",  # writes only
)
"""Modules a cold `smallwins status` on a small file with no config never imports."""


def modules_after_status(tmp_path: Path, *words: str) -> tuple[str, set[str]]:
    """The line `smallwins status` prints in a fresh interpreter, and its modules."""
    probe = ("import sys\nfrom smallwins.tui.main import main\n"
             f"code = main(['status', *{list(words)!r}])\n"
             "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    env = {**os.environ, "SMALLWINS_DATA": str(data_file(tmp_path)),
           "SMALLWINS_CONFIG": str(tmp_path / "config.toml"), "SMALLWINS_TODAY": TODAY}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=env, check=True)
    return result.stdout, set(result.stderr.splitlines()[-1].split())


def test_a_cold_status_imports_none_of_the_heavy_modules(tmp_path: Path) -> None:
    new_walk(tmp_path)
    new_run(tmp_path)
    cache = Path(f"{data_file(tmp_path)}.status")
    for fmt in ("plain", "tmux", "json"):
        cache.unlink(missing_ok=True)
        line, modules = modules_after_status(tmp_path, "--format", fmt)
        assert line.strip() and "smallwins.core.ledger" in modules  # it did compute
        assert sorted(modules & set(NOT_ON_THE_STATUS_PATH)) == [], fmt
    assert cache.exists()
    line_cached, modules = modules_after_status(tmp_path)
    assert "smallwins.core.ledger" not in modules and "json" not in modules
    assert sorted(modules & {"math", "collections", "array"}) == []  # the usual call
    line_next_day, modules = modules_after_status(tmp_path, "--today", "2026-11-30")
    assert line_next_day.strip()  # resumed from the cache, or computed: lean either way
    assert sorted(modules & set(NOT_ON_THE_STATUS_PATH)) == []
    cache.unlink()
    assert modules_after_status(tmp_path)[0] == line_cached


def test_a_config_file_costs_only_its_reading(tmp_path: Path) -> None:
    new_walk(tmp_path)
    (tmp_path / "config.toml").write_text('day_starts_at = 4\nremind_at = "21:00"\n',
                                          encoding="utf-8")
    _line, modules = modules_after_status(tmp_path, "--format", "json")
    assert "tomllib" in modules
    assert sorted(modules & {"dataclasses", "inspect", "orjson", "uuid", "threading"}) == []


absolute_paths = st.lists(st.sampled_from(["", ".", "..", "a", "b.json", "~", " ", "é"]),
                          max_size=6).map(lambda parts: "/" + "/".join(parts)) \
    | st.text(alphabet="/.a~", max_size=12)


@given(absolute_paths)
def test_paths_are_spelled_as_pathlib_spells_them(text: str) -> None:
    spelled = pathlib_text(text)
    assert spelled is None or spelled == str(Path(text)), text
    if text.startswith("/") and not text.startswith("//"):
        assert spelled is not None


@given(absolute_paths)
def test_a_data_file_is_where_pathlib_would_put_it(text: str) -> None:
    try:
        expected = Path(text).expanduser().absolute()
    except RuntimeError as exc:  # `~nobody`: the same error as before
        with pytest.raises(RuntimeError, match=str(exc)):
            DataFile(text)
        return
    data = DataFile(text)
    if not expected.is_symlink():
        assert data.path == expected and str(data.path) == data._where
    assert data.lock_path == Path(f"{data.path}.lock")
    assert data.backup_dir == data.path.parent / "backups"


def test_the_status_line_reads_a_missing_config_as_the_defaults(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.toml")
    assert load_config(missing, keep_path=False) == replace(load_config(missing), path=None)
    assert load_config(missing).path == Path(missing)
    there = tmp_path / "config.toml"
    there.write_text("day_starts_at = 4\n", encoding="utf-8")
    assert load_config(str(there), keep_path=False) == load_config(there)
    assert load_config(f"{tmp_path}//./config.toml").path == there


def test_the_status_line_takes_datetime_from_its_c_module_and_gives_it_back(
        tmp_path: Path) -> None:
    """A status line is said with `_datetime` standing for `datetime` (the very same
    classes); a call the full path must explain (a day that is not one) leaves the
    whole module to it."""
    new_walk(tmp_path)
    probe = ("import sys\nfrom smallwins.tui.main import main\n"
             "code = main(['status', *sys.argv[1:]])\n"
             "import datetime, _datetime\n"
             "print(code, datetime.__name__, datetime.date is _datetime.date, file=sys.stderr)")
    env = {**os.environ, "SMALLWINS_DATA": str(data_file(tmp_path)),
           "SMALLWINS_CONFIG": str(tmp_path / "config.toml"), "SMALLWINS_TODAY": TODAY}
    said = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env=env, check=True)
    assert said.stdout.strip() and said.stderr.split() == ["0", "_datetime", "True"]
    refused = subprocess.run([sys.executable, "-c", probe, "--today", "someday"],
                             capture_output=True, text=True, env=env, check=False)
    lines = refused.stderr.splitlines()
    assert lines[-1].split() == ["2", "datetime", "True"]
    assert len(lines) == 2 and "someday" in lines[0]
