"""`smallwins status`: one short line for a tmux status bar.

tmux runs it every few seconds, so the usual call must cost little more than
starting Python.  The line depends only on the data file, the config (its day
start hour) and today, so it is kept in a small sidecar cache keyed by their
stat signatures and the day: a repeated call reads one small file and prints.
Any write to the data file (by any process) changes its signature, and the
next call recomputes.  The cache is derived data: losing it loses nothing.

There is one way to compute the answer (`answer`, through the use-case
layer) and one way to find the files and the day (core/paths.py,
core/dates.py), shared with every other command.  What is lean here is only
the reading of the command line: `fast_main` understands the few words of
`status` without argparse, and a test runs it beside the full parser over
the same cases.
"""

from __future__ import annotations

import os
import sys

# `typing` costs more to import than the whole cached answer: annotations are
# strings here, so it is only needed by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import date
    from typing import Any

    from smallwins.core.config import Config
    from smallwins.core.ledger import DaySummary
    from smallwins.core.rules import LadderState
    from smallwins.core.storage import Signature

FORMATS = ("plain", "tmux", "json")
CACHE_VERSION = 3
CACHE_SUFFIX = ".status"


def info_of(summary: DaySummary, today: date) -> dict[str, Any]:
    """The numbers of `status --format json`."""
    return {
        "today": today.isoformat(),
        "done": summary.done,
        "scheduled": summary.due,
        "resting": summary.resting,
        "bonus": summary.bonus,
        "best_streak": summary.best_streak,
        "best_streak_ladder": summary.best_streak_ladder,
        "ready_to_climb": list(summary.ready),
        "votes": summary.votes,
    }


def render(info: dict[str, Any], fmt: str, styles: Mapping[str, str] | None = None) -> str:
    """The line in one format: `plain` text, `tmux` with `#[style]` codes, or `json`.

    `styles` are the tmux styles of the pieces (`done`, `todo`, `streak`,
    `ready`: config.toml's `[status]`, checked when it was read); by default
    only attributes, so the segment takes the bar's own colours and stays
    readable on any bar.  An empty style leaves a piece in the bar's look.
    """
    if fmt == "json":
        import json

        return json.dumps(info, ensure_ascii=False, separators=(",", ":"))
    done, total = info["done"], info["scheduled"]
    all_done = total > 0 and done >= total
    head = f"{'✔' if all_done else '○'} {done}/{total}"
    streak = f"streak {info['best_streak']}" if info["best_streak"] else ""
    climb = "▲ climb" if info["ready_to_climb"] else ""
    if fmt == "plain":
        return " · ".join(part for part in (head, streak, climb) if part)
    if styles is None:
        from smallwins.core.config import STATUS_STYLES

        styles = STATUS_STYLES
    pieces = [("done" if all_done else "todo", head), ("streak", streak), ("ready", climb)]
    return " ".join(_styled(styles.get(name, ""), text) for name, text in pieces if text)


def _styled(style: str, text: str) -> str:
    return f"#[{style}]{text}#[default]" if style else text


# ------------------------------------------------------------- the answer


def signature_text(path: str) -> str:
    """The stat signature of a file as one line ('-' when it is missing)."""
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def cached(data: str, config: str, fixed: str | None, fmt: str) -> str | None:
    """The cached line if the cache is fresh for these files and today, else None."""
    # Plain lines, read without any parser: importing json would cost more
    # than the whole answer.
    try:
        with open(data + CACHE_SUFFIX, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if len(lines) < 5 + len(FORMATS) or lines[0] != f"smallwins-status {CACHE_VERSION}":
        return None
    if lines[1] != signature_text(data) or lines[2] != signature_text(config):
        return None
    from smallwins.core.dates import DateError, resolve_today

    try:
        today = resolve_today(fixed, int(lines[3]))
    except (DateError, ValueError):
        return None
    if lines[4] != today.isoformat():
        return None
    return lines[5 + FORMATS.index(fmt)]


def answer(data: str, config: str, fixed: str | None, fmt: str) -> str:
    """The status line, from the cache when it is fresh, else computed and cached.

    Raises the usual one-line errors (ConfigError, DateError, DataError) for
    a bad config, date or data file.
    """
    line = cached(data, config, fixed, fmt)
    if line is not None:
        return line
    from smallwins.core.config import load_config
    from smallwins.core.dates import resolve_today
    from smallwins.core.ledger import Ledger, day_summary, states_of

    settings = load_config(config)
    today = resolve_today(fixed, settings.day_starts_at)
    signature = signature_text(data)
    loaded = Ledger(data).load()
    info = info_of(day_summary(states_of(loaded.ladders.values(), today)), today)
    write_cache(data, config, settings, today, info, signature)
    return render(info, fmt, settings.status)


def write_cache(data_path: str, config_path: str, settings: Config, today: date,
                info: dict[str, Any], data_sig: str) -> None:
    """Keep the computed line for the next calls; a failure here is harmless."""
    if data_sig == "-" or data_sig != signature_text(data_path):
        return  # missing, or changed while we read it: do not cache a stale line
    lines = [
        f"smallwins-status {CACHE_VERSION}",
        data_sig,
        signature_text(config_path),
        str(settings.day_starts_at),
        today.isoformat(),
        *(render(info, fmt, settings.status) for fmt in FORMATS),
    ]
    payload = ("\n".join(line.replace("\n", " ") for line in lines) + "\n").encode("utf-8")
    import contextlib

    from smallwins.core.fileio import replace_file

    with contextlib.suppress(OSError):
        replace_file(data_path + CACHE_SUFFIX, payload, durable=False)


def cache_states(data: str, config: Config, today: date, states: Iterable[LadderState],
                 signature: Signature | None) -> None:
    """Cache the line for `states`, which are the whole file as of `signature`
    (the app, right after its own write, knows the answer without a reread)."""
    from smallwins.core.summary import day_summary

    info = info_of(day_summary(states), today)
    text = " ".join(str(part) for part in signature or ())
    write_cache(data, str(config.path) if config.path else "", config, today, info, text)


# ------------------------------------------------------------- fast path


def parse_words(argv: list[str]) -> dict[str, str] | None:
    """The few words of `status` as {option: value}; None means: let the full
    parser read them (and explain what is wrong with them)."""
    opts: dict[str, str] = {}
    words = iter(argv)
    seen_status = False
    for word in words:
        if word == "status" and not seen_status:
            seen_status = True
            continue
        name, eq, value = word.partition("=")
        if name not in ("--format", "--data", "--today", "--config") or name[2:] in opts:
            return None
        if not eq:
            value = next(words, "")
        if not value or value.startswith("-"):
            return None
        opts[name[2:]] = value
    if not seen_status or opts.get("format", "plain") not in FORMATS:
        return None
    return opts


def fast_main(argv: list[str]) -> int | None:
    """Print the status line from the cache when it is fresh; None to take the
    full path (words it does not know, a stale cache, an error to explain)."""
    opts = parse_words(argv)
    if opts is None:
        return None
    from smallwins.core.paths import config_path, data_path

    try:
        data = data_path(opts.get("data"))
        config = config_path(opts.get("config"))
    except ValueError:
        return None
    line = cached(data, config, opts.get("today"), opts.get("format", "plain"))
    if line is None:
        return None
    sys.stdout.write(line + "\n")
    return 0
