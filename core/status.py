"""`smallwins status`: one short line for a tmux status bar.

tmux runs it every few seconds, so the usual call must cost little more than
starting Python.  The line depends only on the data file, the config (its day
start hour) and today, so it is kept in a small sidecar cache keyed by their
stat signatures and the day: a repeated call reads one small file and prints.
Any write to the data file (by any process) changes its signature, and the
next call recomputes.  The cache is derived data: losing it loses nothing.

It reads the data file without the write lock, never imports Textual, and
keeps its own imports to the standard library until it must recompute.
"""

from __future__ import annotations

import os
import sys

# `typing` costs more to import than the whole cached answer: annotations are
# strings here, so it is only needed by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date
    from typing import Any

    from smallwins.core.rules import LadderState

FORMATS = ("plain", "tmux", "json")
CACHE_VERSION = 1


def summary(states: list[LadderState]) -> dict[str, Any]:
    scheduled = [s for s in states if s.scheduled_today and not s.rest_today]
    done = [s for s in scheduled if s.done_today]
    best = max(states, key=lambda s: s.streak, default=None)
    ready = [s.id for s in states if s.ready_to_climb]
    return {
        "today": states[0].today.isoformat() if states else None,
        "done": len(done),
        "scheduled": len(scheduled),
        "bonus": sum(1 for s in states if s.done_today and not s.scheduled_today),
        "best_streak": best.streak if best else 0,
        "best_streak_ladder": best.id if best and best.streak else None,
        "ready_to_climb": ready,
        "votes": sum(s.votes for s in states),
    }


def render(info: dict[str, Any], fmt: str) -> str:
    """The line in one format: `plain` text, `tmux` with #[fg=...] codes, or `json`."""
    if fmt == "json":
        import orjson

        return orjson.dumps(info).decode()
    done, total = info["done"], info["scheduled"]
    all_done = total > 0 and done >= total
    head = f"{'✔' if all_done else '○'} {done}/{total}"
    streak = f"streak {info['best_streak']}" if info["best_streak"] else ""
    climb = "▲ climb" if info["ready_to_climb"] else ""
    if fmt == "plain":
        return " · ".join(part for part in (head, streak, climb) if part)
    colour = "green" if all_done else "yellow"
    out = f"#[fg={colour}]{head}#[default]"
    if streak:
        out += f" {streak}"
    if climb:
        out += f" #[fg=cyan,bold]{climb}#[default]"
    return out


def compute(docs: dict[str, Any], today: date) -> dict[str, Any]:
    from smallwins.core.views import load_ladders, states_of

    return summary(states_of(load_ladders(docs).values(), today))


# ------------------------------------------------------------- fast path


def _sig_text(path: str) -> str:
    """The stat signature of a file as one line ('-' when it is missing)."""
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def _default_path(env: str, xdg: str, fallback: str, name: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if sys.platform.startswith("linux"):
        base = os.environ.get(xdg) or os.path.join(os.path.expanduser("~"), fallback)
        return os.path.join(base, "smallwins", name)
    from smallwins.core import paths

    return str(paths.data_path(None) if name.endswith(".json") else paths.config_path(None))


def _parse(argv: list[str]) -> dict[str, str] | None:
    """The few words of `status`; None means: let the full parser explain."""
    opts: dict[str, str] = {}
    words = iter(argv)
    seen_status = False
    for word in words:
        if word == "status" and not seen_status:
            seen_status = True
            continue
        name, eq, value = word.partition("=")
        if name not in ("--format", "--data", "--today", "--config"):
            return None
        if not eq:
            value = next(words, "")
        if not value:
            return None
        opts[name[2:]] = value
    if not seen_status or opts.get("format", "plain") not in FORMATS:
        return None
    return opts


def fast_main(argv: list[str]) -> int | None:
    """Print the status line from the cache when it is fresh; None to take the
    full path (bad words, a stale cache, an error to explain)."""
    opts = _parse(argv)
    if opts is None:
        return None
    data = opts.get("data") or _default_path("SMALLWINS_DATA", "XDG_DATA_HOME",
                                              ".local/share", "smallwins.json")
    config = opts.get("config") or _default_path("SMALLWINS_CONFIG", "XDG_CONFIG_HOME",
                                                  ".config", "config.toml")
    fixed = opts.get("today") or os.environ.get("SMALLWINS_TODAY")
    fmt = opts.get("format", "plain")
    line = _cached(data, config, fixed, fmt)
    if line is None:
        line = _recompute(data, config, fixed, fmt)
    if line is None:
        return None
    sys.stdout.write(line + "\n")
    return 0


def _cached(data: str, config: str, fixed: str | None, fmt: str) -> str | None:
    """The cached line if the cache is fresh for these files and today."""
    # Plain lines, read without any parser: importing json or orjson would
    # cost more than the whole answer.
    try:
        with open(data + ".status", encoding="utf-8") as fh:
            lines = fh.read().split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if len(lines) < 8 or lines[0] != f"smallwins-status {CACHE_VERSION}":
        return None
    if lines[1] != _sig_text(data) or lines[2] != _sig_text(config):
        return None
    if fixed is not None:
        today = fixed
    else:
        from datetime import datetime, timedelta

        now = datetime.now()
        hour = int(lines[3]) if lines[3].isdigit() else 0
        today = (now - timedelta(days=1) if now.hour < hour else now).date().isoformat()
    if lines[4] != today:
        return None
    return lines[5 + FORMATS.index(fmt)]


def _recompute(data: str, config: str, fixed: str | None, fmt: str) -> str | None:
    """Compute the line and cache it, with no argument parser or command machinery.

    Any problem (a bad config, date or data file) gives None: the full command
    path then says what is wrong in its usual words.
    """
    from pathlib import Path

    from smallwins.core.config import ConfigError, load_config
    from smallwins.core.dates import DateError, resolve_today
    from smallwins.core.model import ShapeError
    from smallwins.core.storage import DataError, DataFile

    try:
        settings = load_config(Path(config))
        today = resolve_today(fixed, settings.day_starts_at)
        signature = _sig_text(data)
        docs = DataFile(data).read()
        info = compute(docs, today)
    except (ConfigError, DateError, DataError, ShapeError, ValueError, OSError):
        return None
    write_cache(data, config, settings.day_starts_at, today, info, signature)
    return render(info, fmt)


def write_cache(data_path: str, config_path: str, day_starts_at: int, today: date,
                info: dict[str, Any], data_sig: str) -> None:
    """Keep the computed line for the next calls; a failure here is harmless."""
    if data_sig == "-" or data_sig != _sig_text(data_path):
        return  # missing, or changed while we read it: do not cache a stale line
    lines = [
        f"smallwins-status {CACHE_VERSION}",
        data_sig,
        _sig_text(config_path),
        str(day_starts_at),
        today.isoformat(),
        *(render(info, fmt) for fmt in FORMATS),
    ]
    target = data_path + ".status"
    tmp = f"{target}.tmp-{os.getpid()}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(line.replace("\n", " ") for line in lines) + "\n")
        os.replace(tmp, target)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
