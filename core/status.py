"""`smallwins status`: one short line for a tmux status bar.

tmux runs it every few seconds, so the usual call must cost little more than
starting Python.  The line depends only on the data file, the config (its day
start hour) and today, so it is kept in a small sidecar cache keyed by their
stat signatures and the day: a repeated call reads one small file and prints.
Any write to the data file (by any process) changes its signature, and the
next call recomputes.  The cache is derived data: losing it loses nothing.

There is one way to compute the answer (`answer`, through the use-case layer) and one
way to find the files and the day (core/paths.py, core/dates.py), shared with every other
command.  What is lean here is only the reading of the command line: `fast_main` reads the
few words of `status` without argparse, and a test runs it beside the full parser.
"""

from __future__ import annotations

import os
import sys

# `typing` costs more to import than the whole cached answer: annotations are
# strings here, so it is only needed by type checkers.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date, datetime
    from typing import Any

    from smallwins.core.config import Config
    from smallwins.core.rules import LadderState

FORMATS = ("plain", "tmux", "json")
CACHE_VERSION = 7
CACHE_SUFFIX = ".status"
MAX_CACHE_BYTES = 1 << 21
LINES = 6 + 2 * len(FORMATS)
"""Header, two signatures, day start hour, day, reminder minute; then the line in
each format, first as it is before the reminder time, then after it.  Then a
check of those lines (`check_of`), what the first call of the next day resumes
from (core/status_resume.py), each ladder's level history for the app
(core/opening.py), and a check of everything before it (`check_of_all`)."""
_CHECK_PRIME = (1 << 61) - 1


def check_of(body: bytes) -> bytes:
    """A check of `body`: its bytes as one number, modulo a large prime.

    The cache is written over in place without an fsync (core/fileio.py
    `overwrite_derived`): after a crash, or to a reader that comes in the
    middle, it may be cut short, or hold zeros, old blocks or a mix of old
    and new lines.  Any such change alters this number, so a torn cache is
    refused and recomputed, never answered from.  The lines the fast path
    answers from have a check of their own, so it costs microseconds however
    long the rest is, and no import.
    """
    return b"%x" % (int.from_bytes(body, "big") % _CHECK_PRIME)


def check_of_all(*body: bytes) -> bytes:
    """A check of the whole cache (`body`'s pieces as one): CRC-32 and Adler-32, 64 bits.

    CRC-32 alone changes with every cut, zeroed block or run of changed bytes
    up to 32 bits long, and any other change passes both only by chance.  It
    costs a tenth of `check_of` on a cache the size of a large file's level
    histories (0.3 against 3.4 ms on 340 KB), read and written on every
    opening of the app and after each of its changes.
    """
    import zlib

    crc, adler = 0, 1
    for piece in body:
        crc, adler = zlib.crc32(piece, crc), zlib.adler32(piece, adler)
    return b"%08x%08x" % (crc, adler)


# ------------------------------------------------------------- the answer


def signature_text(path: str) -> str:
    """The stat signature of a file as one line ('-' when it is missing)."""
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}"


def read_cache(data: str) -> bytes | None:
    """The status cache's bytes, None when it is missing or cannot be read."""
    from smallwins.core.fileio import read_regular

    try:  # never blocks: a FIFO planted as the cache is refused, not read
        return read_regular(data + CACHE_SUFFIX, MAX_CACHE_BYTES)
    except OSError:
        return None


def cached(data: str, config: str, fixed: str | None, fmt: str,
           raw: bytes | None = None) -> str | None:
    """The cached line if the cache is fresh for these files and today, else None.

    The cache holds the line as it reads before the reminder time and after
    it; the wall clock chooses, so the nudge costs no recomputation.  `raw`:
    the cache's bytes when the caller has read them (`read_cache`)."""
    # Plain lines, read without any parser: importing json would cost more
    # than the whole answer.
    if raw is None:
        raw = read_cache(data)
        if raw is None:
            return None
    try:
        parts = raw.split(b"\n", LINES + 1)
        head = b"\n".join(parts[:LINES]) + b"\n"
        if len(parts) < LINES + 2 or parts[LINES] != check_of(head):
            return None  # torn by a crash, or not a cache this version wrote
        lines = head.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    if lines[0] != f"smallwins-status {CACHE_VERSION}":
        return None
    if lines[1] != signature_text(data) or lines[2] != signature_text(config):
        return None
    from datetime import datetime

    from smallwins.core.dates import DateError, minutes_into_day, resolve_today

    now = datetime.now()  # noqa: DTZ005 - the local wall clock is the point
    try:
        day_starts_at = int(lines[3])
        today = resolve_today(fixed, day_starts_at, now)
    except (DateError, ValueError):
        return None
    if lines[4] != today.isoformat():
        return None
    threshold = lines[5]
    past = threshold.isdigit() and \
        minutes_into_day(now.hour, now.minute, day_starts_at) >= int(threshold)
    return lines[6 + FORMATS.index(fmt) + (len(FORMATS) if past else 0)]


def answer(data: str, config: str, fixed: str | None, fmt: str,
           raw: bytes | None = None) -> str:
    """The status line, from the cache when it is fresh, else computed and cached;
    `raw`: the cache's bytes, read once, when the caller found them stale.  Raises
    the usual one-line errors (ConfigError, DateError, DataError) for a bad
    config, date or data file."""
    if raw is None:
        raw = read_cache(data)
        line = None if raw is None else cached(data, config, fixed, fmt, raw)
        if line is not None:
            return line
    from datetime import datetime

    from smallwins.core.config import load_config
    from smallwins.core.dates import resolve_today

    settings = load_config(config, keep_path=False)  # the line never needs its path
    now = datetime.now()  # noqa: DTZ005 - the local wall clock is the point
    today = resolve_today(fixed, settings.day_starts_at, now)
    signature = signature_text(data)
    lines = None if raw is None else intact(data, raw)
    states = resumed(lines, config, settings, today, signature)
    # Resumed, the level histories of the cache read stay true or are dropped at no
    # cost; after a whole replay, writing them would cost a large file a tenth of
    # this call: the app writes them (core/opening.py).
    histories = None if states is None or lines is None else lines[LINES + 2]
    if states is None:
        from smallwins.core.ledger import Ledger, states_of

        states = states_of(Ledger(data).load().ladders.values(), today)
    info = full_info(states, today)
    write_cache(data, config, settings, today, info, signature, states,
                histories=histories is not None, previous=histories)
    from smallwins.core.status_line import render

    return render(info, fmt, is_nudging(settings, now), settings.status)


def resumed(lines: list[str] | None, config: str, settings: Config, today: date,
            signature: str) -> list[LadderState] | None:
    """Today's states from `lines` (`intact`: the cache of an earlier day), when the
    data file and the config are as they were then (None otherwise): see
    core/status_resume.py."""
    if lines is None or signature == "-" or lines[1] != signature \
            or lines[2] != signature_text(config) or lines[3] != str(settings.day_starts_at) \
            or not lines[4] < today.isoformat():
        return None
    from smallwins.core.status_resume import resumed as resume

    return resume(lines[LINES + 1], today)


def intact(data: str, raw: bytes | None = None) -> list[str] | None:
    """The cache's lines (read now, or `raw`) when whole and of this version, else None."""
    if raw is None:
        raw = read_cache(data)
        if raw is None:
            return None
    try:
        body, _, check = raw[:-1].rpartition(b"\n")
        if not raw.endswith(b"\n") or check != check_of_all(body, b"\n"):
            return None  # torn by a crash, or not a cache this version wrote
        lines = body.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    if len(lines) != LINES + 3 or lines[0] != f"smallwins-status {CACHE_VERSION}":
        return None
    return lines


def full_info(states: Iterable[LadderState], today: date) -> dict[str, Any]:
    """Every number of the status line, the nudge and the pause included."""
    from smallwins.core.nudge import nudge_of, paused_until
    from smallwins.core.status_line import info_of
    from smallwins.core.summary import day_summary

    states = list(states)
    return info_of(day_summary(states), today, paused_until(states), nudge_of(states))


def is_nudging(settings: Config, now: datetime) -> bool:
    """Whether the wall clock `now` is past the config's reminder time."""
    from smallwins.core.nudge import is_past

    return is_past(now.hour, now.minute, settings.remind_at, settings.day_starts_at)


def write_cache(data_path: str, config_path: str, settings: Config, today: date,
                info: dict[str, Any], data_sig: str,
                states: Iterable[LadderState] | None = None, *, histories: bool = True,
                previous: str | None = None) -> None:
    """Keep the computed lines for the next calls, and with `states` (the whole
    file's) what the next day resumes from, and with `histories` what the app
    opens from (core/opening.py; `previous`: the histories of the cache the states
    were resumed from); a failure here is harmless."""
    from smallwins.core.nudge import remind_minutes
    from smallwins.core.status_line import render

    if data_sig == "-" or data_sig != signature_text(data_path):
        return  # missing, or changed while we read it: do not cache a stale line
    threshold = remind_minutes(settings.remind_at, settings.day_starts_at)
    lines = [
        f"smallwins-status {CACHE_VERSION}",
        data_sig,
        signature_text(config_path),
        str(settings.day_starts_at),
        today.isoformat(),
        "-" if threshold is None else str(threshold),
        *(render(info, fmt, styles=settings.status) for fmt in FORMATS),
        *(render(info, fmt, nudging=True, styles=settings.status) for fmt in FORMATS),
    ]
    from smallwins.core.status_resume import NONE, section

    head = ("\n".join(line.replace("\n", " ") for line in lines) + "\n").encode("utf-8")
    resume, levels = NONE, [NONE.encode()]
    if states is not None:
        listed = list(states)
        resume = section(listed, data_path)
        if histories:
            from smallwins.core.opening import levels_line

            levels = levels_line(listed, previous, data_path)
    body = [head, check_of(head), b"\n", resume.replace("\n", " ").encode("utf-8"),
            b"\n", *levels, b"\n"]  # JSON: on one line; written in pieces, never joined
    from smallwins.core.fileio import overwrite_derived

    try:  # noqa: SIM105 - not contextlib.suppress, which costs a cold status milliseconds
        overwrite_derived(data_path + CACHE_SUFFIX, [*body, check_of_all(*body) + b"\n"])
    except OSError:
        pass


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
    """Print the status line without argparse or the command machinery: from the
    cache when it is fresh, else computed; None to take the full path (words it
    does not know, an error to explain)."""
    opts = parse_words(argv)
    if opts is None:
        return None
    lean = _c_datetime()
    code = _print_line(opts)
    if code is None and lean:
        del sys.modules["datetime"]  # the full path imports the whole module
    return code


def _c_datetime() -> bool:
    """Make `import datetime` give the C module `_datetime` in this process, unless
    `datetime` is imported already; whether it did.

    The `datetime` module is a copy of `_datetime` in Python, which it runs and
    then replaces with the C module's names (`from _datetime import *`): some 3
    ms and an import of `math` for nothing, as much as the rest of a cached
    call's own work.  `_datetime` holds every public name of `datetime`, as the
    very same classes; only the Python copy's private helpers are missing,
    which nothing on this path reads."""
    if "datetime" in sys.modules:
        return False
    try:
        import _datetime  # type: ignore[import-not-found]  # no stub: the C half of datetime
    except ImportError:  # a Python without the C module: the module as it is
        return False
    sys.modules["datetime"] = _datetime
    return True


def _print_line(opts: dict[str, str]) -> int | None:
    from smallwins.core.paths import config_path, data_path

    try:
        data = data_path(opts.get("data"))
        config = config_path(opts.get("config"))
    except ValueError:
        return None
    fmt = opts.get("format", "plain")
    raw = read_cache(data)
    line = None if raw is None else cached(data, config, opts.get("today"), fmt, raw)
    if line is None:
        # Computed by the same `answer` the full command uses; only a failure
        # (a bad config, date or file) takes the full path, which explains it.
        from smallwins.core.errors import SmallwinsError

        try:
            line = answer(data, config, opts.get("today"), fmt, raw)
        except (SmallwinsError, OSError, ValueError):
            return None
    from smallwins.core.terminal import for_stream

    sys.stdout.write(for_stream(line + "\n", sys.stdout))
    return 0
