"""The nudge before a miss: `remind` and `status` against a faked wall clock.

The real program runs under faketime (`-f '@YYYY-MM-DD HH:MM:SS'`, read as
the local time of the TZ given), without --today: the day and the time both
come from the clock, as from cron or a tmux status bar.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from smallwins.core.config import ConfigError, load_config
from smallwins.core.dates import minutes_into_day, next_wall_time
from smallwins.core.nudge import Nudge, is_past
from tests import cli
from tests.core.test_notes import ok

STAKE = "walk: a miss today drops back to 50"


@pytest.fixture(autouse=True)
def _faketime() -> None:
    if shutil.which("faketime") is None:
        pytest.fail("faketime is needed (`make test` installs it)")


def at(env_dir: Path, clock: str, *args: str, tz: str = "UTC",
       extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real program with its data and config under env_dir, the wall clock at `clock`."""
    env = cli.smallwins_env(env_dir, {"TZ": tz, **(extra or {})})
    env.pop("SMALLWINS_TODAY", None)
    env.pop("TMUX", None)
    return subprocess.run(["faketime", "-f", f"@{clock}", str(cli.BIN), *args],
                          capture_output=True, text=True, env=env, timeout=60)


def config(env_dir: Path, text: str) -> None:
    (env_dir / "config.toml").write_text(text, encoding="utf-8")


def consolidating_walk(env_dir: Path, today: str = "2026-11-25") -> None:
    """Walk 50 held on the two days before `today`, then climbed to 100: consolidating."""
    from datetime import date, timedelta

    day = date.fromisoformat(today)
    first, second = (day - timedelta(days=2)).isoformat(), (day - timedelta(days=1)).isoformat()
    ok(env_dir, "new", "--identity", "I am someone who moves every day", "--action", "walk",
       "--unit", "steps", "--start", "50", "--step", "50", "--hold", "2", "--started", first,
       today=today)
    ok(env_dir, "done", "walk-steps", "--day", first, today=today)
    ok(env_dir, "done", "walk-steps", "--day", second, today=today)
    ok(env_dir, "climb", "walk-steps", today=second)


def test_remind_is_silent_before_remind_at_and_names_the_stake_after(tmp_path: Path) -> None:
    consolidating_walk(tmp_path)
    config(tmp_path, 'remind_at = "20:00"\n')
    before = at(tmp_path, "2026-11-25 19:59:30", "remind")
    assert (before.returncode, before.stdout, before.stderr) == (0, "", "")
    after = at(tmp_path, "2026-11-25 20:00:05", "remind")
    assert after.returncode == 1, after.stderr
    assert after.stdout == f"⚠ 1 win left today: walk 100 steps · {STAKE}\n"
    # Once it is done there is nothing to say.
    ok(tmp_path, "done", "walk-steps", today="2026-11-25")
    done = at(tmp_path, "2026-11-25 21:00:00", "remind")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_without_remind_at_there_is_no_nudge(tmp_path: Path) -> None:
    consolidating_walk(tmp_path)
    quiet = at(tmp_path, "2026-11-25 23:30:00", "remind")
    assert (quiet.returncode, quiet.stdout) == (0, "")
    assert at(tmp_path, "2026-11-25 23:30:00", "status").stdout.startswith("○ 0/1")


def test_a_day_that_starts_at_four_is_still_yesterday_after_midnight(tmp_path: Path) -> None:
    consolidating_walk(tmp_path)
    config(tmp_path, 'day_starts_at = 4\nremind_at = "20:00"\n')
    # 01:30 on the 26th is the end of the 25th: the reminder stands.
    late = at(tmp_path, "2026-11-26 01:30:00", "remind")
    assert late.returncode == 1 and STAKE in late.stdout
    # 04:30 begins the 26th; after a miss on the 25th, walk is back at 50, and it is
    # far from 20:00 in the new day.
    morning = at(tmp_path, "2026-11-26 04:30:00", "remind")
    assert (morning.returncode, morning.stdout) == (0, "")
    # A reminder set in the small hours belongs to the end of the user's day.
    config(tmp_path, 'day_starts_at = 4\nremind_at = "02:00"\n')
    assert at(tmp_path, "2026-11-25 23:00:00", "remind").returncode == 0
    assert at(tmp_path, "2026-11-26 02:10:00", "remind").returncode == 1


def test_the_day_the_clocks_go_forward(tmp_path: Path) -> None:
    """Berlin, Sunday 29 March 2026: 02:00 jumps to 03:00.  Wall-clock times count."""
    consolidating_walk(tmp_path, today="2026-03-29")
    config(tmp_path, 'remind_at = "20:00"\n')
    berlin = {"tz": "Europe/Berlin"}
    assert at(tmp_path, "2026-03-29 19:59:00", "remind", **berlin).returncode == 0
    evening = at(tmp_path, "2026-03-29 20:01:00", "remind", **berlin)
    assert evening.returncode == 1 and STAKE in evening.stdout
    # A reminder inside the hour the clock skips is due once the clock is past it.
    config(tmp_path, 'remind_at = "02:30"\n')
    assert at(tmp_path, "2026-03-29 01:59:00", "remind", **berlin).returncode == 0
    assert at(tmp_path, "2026-03-29 03:00:30", "remind", **berlin).returncode == 1


def test_status_chooses_its_cached_line_by_the_clock(tmp_path: Path) -> None:
    consolidating_walk(tmp_path)
    config(tmp_path, 'remind_at = "20:00"\n')
    cache = tmp_path / "data" / "smallwins.json.status"
    early = at(tmp_path, "2026-11-25 19:00:00", "status")
    assert early.stdout == "○ 0/1 · streak 2\n"
    written = cache.stat().st_mtime_ns
    late = at(tmp_path, "2026-11-25 20:30:00", "status")
    assert late.stdout == f"⚠ {STAKE} · streak 2\n"
    assert cache.stat().st_mtime_ns == written  # from the cache: only the clock was asked
    tmux = at(tmp_path, "2026-11-25 20:30:00", "status", "--format", "tmux").stdout
    assert tmux.startswith(f"#[bold,reverse]⚠ {STAKE}#[default]")
    import json

    info = json.loads(at(tmp_path, "2026-11-25 20:30:00", "status", "--format", "json").stdout)
    assert (info["nudge"], info["left"], info["stakes"]) == (True, 1, [STAKE])
    # The same cache, recomputed after a change, still knows both lines.
    os.utime(tmp_path / "data" / "smallwins.json")
    assert at(tmp_path, "2026-11-25 20:45:00", "status").stdout == f"⚠ {STAKE} · streak 2\n"
    assert at(tmp_path, "2026-11-25 19:45:00", "status").stdout == "○ 0/1 · streak 2\n"


def test_remind_tmux_without_a_tmux_server_says_so_on_stderr(tmp_path: Path) -> None:
    consolidating_walk(tmp_path)
    config(tmp_path, 'remind_at = "20:00"\n')
    empty = tmp_path / "no-tmux"
    empty.mkdir()
    r = at(tmp_path, "2026-11-25 20:30:00", "remind", "--tmux",
           extra={"TMUX_TMPDIR": str(empty)})
    assert r.returncode == 4
    assert STAKE in r.stdout
    assert r.stderr.startswith("smallwins: tmux is not running") and r.stderr.count("\n") == 1


@pytest.mark.parametrize("value,words", [
    ('"24:00"', 'got "24:00"'), ("2000", "got 2000"), ('"8pm"', 'got "8pm"'),
    ('"20:00:30"', 'got "20:00:30"'),
])
def test_a_bad_remind_at_is_named_with_its_line(tmp_path: Path, value: str,
                                                words: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"theme = \"dark\"\nremind_at = {value}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert 'line 2: remind_at must be a time "HH:MM"' in message and words in message
    r = cli.run(tmp_path, "remind", today="2026-11-25")
    assert r.returncode == 2 and "remind_at" in r.stderr


def test_the_reminder_window_and_its_next_moment() -> None:
    assert minutes_into_day(20, 0, 4) == 16 * 60 and minutes_into_day(2, 0, 4) == 22 * 60
    assert is_past(3, 59, (20, 0), 4) and not is_past(4, 0, (20, 0), 4)
    assert not is_past(23, 0, None, 0)
    from datetime import datetime

    berlin = next_wall_time(datetime(2026, 3, 29, 1, 0), 2, 30, "Europe/Berlin")
    assert (berlin.hour, berlin.minute) == (3, 0)  # the first instant past the gap
    assert Nudge(2, (STAKE,)).head() == f"⚠ 2 left · {STAKE}"
    assert Nudge(1, ()).head() == "⚠ 1 left"
    assert Nudge(3, (STAKE, "x", "y")).head().endswith("(+2 more)")
