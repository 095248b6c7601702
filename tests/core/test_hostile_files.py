"""Odd files where smallwins expects its own: FIFOs, devices, links, bombs, its own files.

Each case once hung, grew without end, followed a planted link or overwrote
the data file.  Commands that could hang run as real processes with a
deadline, so a regression fails the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from smallwins.core import fileio
from smallwins.core.storage import DataFile
from tests import cli

TODAY = "2026-11-23"
DEADLINE = 20
"""Seconds a command may take before it counts as hung (each takes well under one)."""


def run(env_dir: Path, *args: str, env: dict[str, str] | None = None):
    return cli.run(env_dir, *args, today=TODAY, env=env)


def run_bin(env_dir: Path, *args: str, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """The real program with a deadline: a hang is a failure, not a stalled suite."""
    try:
        return subprocess.run([str(cli.BIN), *args, "--today", TODAY], capture_output=True,
                              text=True, env=cli.smallwins_env(env_dir, env), timeout=DEADLINE)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`smallwins {' '.join(args)}` hung for {DEADLINE}s")


def data_file(env_dir: Path) -> Path:
    return env_dir / "data" / "smallwins.json"


def new_walk(env_dir: Path) -> None:
    r = run(env_dir, "new", "--identity", "I move", "--action", "walk", "--unit", "steps",
            "--start", "50", "--step", "50", "--hold", "1")
    assert r.returncode == 0, r.stderr


def one_line(r: subprocess.CompletedProcess[str], code: int) -> str:
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    return r.stderr.strip()


# ------------------------------------------------------------------- FIFOs


@pytest.mark.parametrize("args", [("list",), ("done", "walk-steps"), ("status",),
                                  ("export",), ("show", "walk-steps")])
def test_a_fifo_as_the_data_file_is_refused_without_blocking(tmp_path, args) -> None:
    path = data_file(tmp_path)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    words = one_line(run_bin(tmp_path, *args), 3)
    assert f"cannot read {path}: it is not a regular file" in words
    assert stat.S_ISFIFO(os.stat(path).st_mode)


def test_a_fifo_as_the_data_file_refuses_an_import_too(tmp_path) -> None:
    new_walk(tmp_path / "src")
    export = tmp_path / "e.json"
    export.write_text(run(tmp_path / "src", "export").stdout)
    path = data_file(tmp_path)
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    assert "it is not a regular file" in one_line(run_bin(tmp_path, "import", str(export)), 3)


@pytest.mark.parametrize("args", [("list",), ("status",), ("done", "walk-steps")])
def test_a_fifo_as_the_config_is_refused_without_blocking(tmp_path, args) -> None:
    new_walk(tmp_path)
    os.mkfifo(tmp_path / "config.toml")
    words = one_line(run_bin(tmp_path, *args), 2)
    assert words == (f"smallwins: {tmp_path / 'config.toml'}: cannot be read (it is not a "
                     "regular file); fix it or pass --config another file")


def test_a_fifo_as_the_status_cache_is_passed_by(tmp_path) -> None:
    new_walk(tmp_path)
    cache = Path(f"{data_file(tmp_path)}.status")
    cache.unlink(missing_ok=True)  # every writer leaves one: plant a FIFO in its place
    os.mkfifo(cache)
    r = run_bin(tmp_path, "status")
    assert r.returncode == 0 and r.stdout == "○ 0/1\n", r.stderr


@pytest.mark.parametrize("source", ["fifo", "/dev/zero", "/dev/null"])
def test_an_import_of_a_fifo_or_a_device_is_refused_at_once(tmp_path, source) -> None:
    new_walk(tmp_path)
    before = data_file(tmp_path).read_bytes()
    if source == "fifo":
        source = str(tmp_path / "fifo")
        os.mkfifo(source)
    words = one_line(run_bin(tmp_path, "import", source), 2)
    assert words == f"smallwins: cannot read {source}: it is not a regular file (import " \
        "reads a file or a folder)"
    assert data_file(tmp_path).read_bytes() == before


def test_a_fifo_named_as_a_backup_is_refused(tmp_path) -> None:
    new_walk(tmp_path)
    fifo = tmp_path / "old.json"
    os.mkfifo(fifo)
    r = run_bin(tmp_path, "restore", str(fifo))
    assert r.returncode == 2 and "Traceback" not in r.stderr


# ----------------------------------------------------------- import caps


def test_a_zip_that_unpacks_beyond_the_cap_is_refused_before_it_is_unpacked(tmp_path) -> None:
    new_walk(tmp_path)
    before = data_file(tmp_path).read_bytes()
    bomb = tmp_path / "bomb.zip"
    zeros = bytes(40 * 2**20)
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Habits.csv", "Position,Name,FrequencyNumerator,FrequencyDenominator\n")
        for n in range(2):
            archive.writestr(f"00{n} x/Checkmarks.csv", zeros)
    assert bomb.stat().st_size < 2**20
    words = one_line(run_bin(tmp_path, "import", str(bomb)), 2)
    assert words == f"smallwins: {bomb} unpacks to 80 MB, more than the 64 MB an import reads"
    assert data_file(tmp_path).read_bytes() == before


def test_a_file_beyond_the_line_cap_is_refused(tmp_path) -> None:
    new_walk(tmp_path)
    log = tmp_path / "log"
    log.write_text("\n" * 1_000_001)
    words = one_line(run(tmp_path, "import", str(log)), 2)
    assert words == (f"smallwins: cannot read {log}: it has more than 1,000,000 lines, too "
                     "many for an import")


def test_a_file_beyond_the_size_cap_is_refused_before_it_is_read(tmp_path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as out:
        out.truncate(64 * 2**20 + 1)  # sparse: no disk space used
    words = one_line(run(tmp_path, "import", str(big)), 2)
    assert words == (f"smallwins: cannot read {big}: it is larger than 64 MB, too large for "
                     "an import")


def test_json_nested_100000_deep_is_one_line(tmp_path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "smallwins-export", "version": 1, "ladders": '
                    + "[" * 100_000 + "]" * 100_000 + "}")
    words = one_line(run(tmp_path, "import", str(deep)), 2)
    assert words == f"smallwins: {deep}: its JSON is nested too deep for a smallwins export"


def test_a_config_nested_500_deep_is_one_line_also_through_status(tmp_path) -> None:
    new_walk(tmp_path)
    (tmp_path / "config.toml").write_text("x = " + "[" * 500 + "]" * 500 + "\n")
    for args in (("list",), ("status",)):
        words = one_line(run(tmp_path, *args), 2)
        assert words == (f"smallwins: {tmp_path / 'config.toml'}: not valid TOML: arrays or "
                         "tables nested too deep; a config holds a few plain settings")


# ---------------------------------------------------------- export -o


@pytest.mark.parametrize("target", ["data", "lock", "cache", "backup", "link", "relative"])
def test_export_never_lands_on_smallwins_own_files(tmp_path, target, monkeypatch) -> None:
    new_walk(tmp_path)
    assert run(tmp_path, "done", "walk-steps").returncode == 0  # a backup exists now
    assert run(tmp_path, "status").returncode == 0  # and the status cache
    data = DataFile(data_file(tmp_path))
    backup = data.backups()[0]
    link = tmp_path / "link.json"
    link.symlink_to(data.path)
    monkeypatch.chdir(data.path.parent)
    out = {"data": data.path, "lock": data.lock_path, "cache": Path(f"{data.path}.status"),
           "backup": backup, "link": link, "relative": Path(data.path.name)}[target]
    own = [data.path, data.lock_path, Path(f"{data.path}.status"), backup]
    before = {p: p.read_bytes() for p in own}
    words = one_line(run(tmp_path, "export", "-o", str(out)), 2)
    assert words.endswith("is smallwins' own file: export to another file "
                          "(e.g. -o smallwins-export.json)")
    assert {p: p.read_bytes() for p in own} == before
    assert run(tmp_path, "list").returncode == 0


def test_export_writes_a_private_file_atomically(tmp_path) -> None:
    new_walk(tmp_path)
    out = tmp_path / "out" / "e.json"
    out.parent.mkdir()
    out.write_text("old")
    os.chmod(out, 0o644)
    r = run(tmp_path, "export", "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert json.loads(out.read_text())["ladders"][0]["id"] == "walk-steps"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert sorted(p.name for p in out.parent.iterdir()) == ["e.json"]  # no temp left


# ------------------------------------------------------- planted links


def test_a_planted_link_at_the_status_cache_is_replaced_not_followed(tmp_path) -> None:
    new_walk(tmp_path)
    victim = tmp_path / "victim"
    victim.write_text("precious")
    cache = Path(f"{data_file(tmp_path)}.status")
    cache.unlink(missing_ok=True)
    cache.symlink_to(victim)
    # The names a temp file of this process could have had before: links to the victim.
    for name in (f"{cache}.tmp-{os.getpid()}", f"{cache.parent}/.{cache.name}.tmp-{os.getpid()}"):
        os.symlink(victim, name)
    r = run(tmp_path, "status")
    assert r.returncode == 0 and r.stdout == "○ 0/1\n"
    assert victim.read_text() == "precious"
    assert not cache.is_symlink() and cache.read_text().startswith("smallwins-status")


def test_the_status_cache_is_written_over_in_place_only_when_it_is_its_own_file(
        tmp_path) -> None:
    """The cache is written over in place (derived data, refused when torn), but only
    a private regular file with one name is: a link, a second name of another
    file, a FIFO or a file open to others is replaced, never written through."""
    victim = tmp_path / "victim"
    victim.write_text("precious")
    cache = tmp_path / "data.json.status"
    fileio.overwrite_derived(cache, b"first\n")
    assert cache.read_bytes() == b"first\n" and stat.S_IMODE(cache.stat().st_mode) == 0o600
    inode = cache.stat().st_ino
    fileio.overwrite_derived(cache, b"second, longer\n")
    fileio.overwrite_derived(cache, b"third\n")
    assert cache.read_bytes() == b"third\n" and cache.stat().st_ino == inode  # in place
    cache.unlink()
    os.link(victim, cache)  # a second name of a file that is not the cache
    fileio.overwrite_derived(cache, b"cache\n")
    cache.unlink()
    cache.symlink_to(victim)
    fileio.overwrite_derived(cache, b"cache\n")
    assert victim.read_text() == "precious" and not cache.is_symlink()
    cache.unlink()
    os.mkfifo(cache)
    fileio.overwrite_derived(cache, b"cache\n")  # no reader: would block if opened
    assert stat.S_ISREG(os.lstat(cache).st_mode) and cache.read_bytes() == b"cache\n"
    cache.chmod(0o644)
    fileio.overwrite_derived(cache, b"private\n")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600 and cache.read_bytes() == b"private\n"


def test_a_temp_file_is_never_opened_through_a_link(tmp_path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious")
    link = tmp_path / "temp"
    link.symlink_to(victim)
    with pytest.raises(FileExistsError):
        fileio.write_new_private(link, b"evil")
    (tmp_path / "dangling").symlink_to(tmp_path / "created-by-the-link")
    with pytest.raises(FileExistsError):
        fileio.write_new_private(tmp_path / "dangling", b"evil")
    assert victim.read_text() == "precious"
    assert not (tmp_path / "created-by-the-link").exists()


@pytest.mark.parametrize("victim_exists", [True, False])
def test_a_planted_link_at_the_lock_file_is_refused(tmp_path, victim_exists) -> None:
    new_walk(tmp_path)
    data = DataFile(data_file(tmp_path))
    before = data.path.read_bytes()
    victim = tmp_path / "victim"
    if victim_exists:
        victim.write_text("precious")
        os.chmod(victim, 0o644)
    data.lock_path.unlink()
    data.lock_path.symlink_to(victim)
    words = one_line(run(tmp_path, "done", "walk-steps"), 3)
    assert words.startswith(f"smallwins: cannot lock {data.lock_path}: ")
    assert data.path.read_bytes() == before
    if victim_exists:
        assert victim.read_text() == "precious"
        assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    else:
        assert not victim.exists()


# ------------------------------------------------------------ the folder


def test_smallwins_own_folder_is_made_private_once(tmp_path) -> None:
    """The platform data folder, made 0755 by someone else, is tightened on the first
    write and said once; a folder given with --data is only warned about."""
    home = tmp_path / "home"
    folder = home / "share" / "smallwins"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o755)
    env = {k: v for k, v in cli.smallwins_env(tmp_path).items() if k != "SMALLWINS_DATA"}
    env["XDG_DATA_HOME"] = str(home / "share")
    args = ["new", "--identity", "I", "--action", "a", "--unit", "u", "--start", "1", "--step",
            "1", "--today", TODAY]
    first = cli.run_in_process(args, env)
    assert first.returncode == 0, first.stderr
    assert first.stderr == (f"note: {folder} was open to others (mode 755); it is now private "
                            "(700), as smallwins keeps its own folder\n")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    second = cli.run_in_process(["done", "a-u", "--today", TODAY], env)
    assert second.returncode == 0 and second.stderr == ""


def test_a_folder_given_by_the_user_is_warned_about_once_and_left_alone(tmp_path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o755)
    env = {"SMALLWINS_DATA": str(folder / "s.json")}
    first = run(tmp_path, "new", "--identity", "I", "--action", "a", "--unit", "u", "--start",
                "1", "--step", "1", env=env)
    assert first.returncode == 0
    assert first.stderr == (f"note: {folder} is open to others (mode 755): the data file is "
                            f"private, but its name and its backups' show; `chmod 700 {folder}` "
                            "hides them\n")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "s.json").stat().st_mode) == 0o600
    second = run(tmp_path, "done", "a-u", env=env)
    assert second.returncode == 0 and second.stderr == ""
    status = run(tmp_path, "status", env=env)
    assert status.stdout.count("\n") == 1 and status.stderr == ""


def test_a_catch_up_file_nested_too_deep_counts_as_empty(tmp_path) -> None:
    from smallwins.core import catchup_file

    new_walk(tmp_path)
    catchup_file.path_of(data_file(tmp_path)).write_text("[" * 100_000 + "]" * 100_000)
    assert catchup_file.read(data_file(tmp_path)) == catchup_file.Settled()


@pytest.mark.parametrize("args,code", [
    (("restore", "x" * 5000), 2), (("import", "x" * 5000), 2),
    (("export", "-o", "{tmp}/" + "x" * 5000), 2), (("--data", "{tmp}/" + "x" * 5000, "list"), 3),
    (("--data", "{tmp}/" + "x" * 5000, "done", "walk-steps"), 3),
])
def test_a_name_too_long_for_the_file_system_is_one_line(tmp_path, args, code) -> None:
    new_walk(tmp_path)
    before = data_file(tmp_path).read_bytes()
    words = one_line(run(tmp_path, *(a.replace("{tmp}", str(tmp_path)) for a in args)), code)
    assert "xxxxxxxx" in words
    assert data_file(tmp_path).read_bytes() == before
