"""harsh's `habits` and `log` files.

harsh keeps two text files.  `habits`: "Name: frequency" lines, where the
frequency is N (every N days; 1 daily, 0 tracked only) or T/N (T times in N
days); "! Heading" lines group habits; "#" starts a comment.  `log`:
"YYYY-MM-DD : Name : y|n|s [: comment [: amount]]" lines ("s" is a skip).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from smallwins.core.importers.common import (
    _DAY_RE,
    HARSH_HABITS,
    HARSH_LOG,
    Imported,
    _day,
    _Habit,
    _read_text,
    _Report,
    _result,
)
from smallwins.core.model import Rest, Win, from_dec
from smallwins.core.transfer import ImportError_
from smallwins.core.words import count


def _harsh_files(path: Path) -> tuple[Path | None, Path | None]:
    """The habits and log files: in the folder given, or beside the file given."""
    if path.is_dir():
        folder = path
    elif path.name in (HARSH_HABITS, HARSH_LOG):
        folder = path.parent
    else:
        # A log or habits file under another name: tell which by its lines.
        first = next((ln for ln in _read_text(path).splitlines()
                      if ln.strip() and not ln.lstrip().startswith(("#", "!"))), "")
        return (None, path) if _DAY_RE.match(first.strip()) else (path, None)
    habits, log = folder / HARSH_HABITS, folder / HARSH_LOG
    return (habits if habits.is_file() else None, log if log.is_file() else None)


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Numbered lines as harsh reads them: split on newlines only (str.splitlines
    would also split inside a comment holding a form feed or U+2028)."""
    for number, line in enumerate(_read_text(path).split("\n"), 1):
        yield number, line.removesuffix("\r")


def _harsh_frequency(text: str, where: str) -> tuple[int, int]:
    """(times, days) as harsh reads it: "N" is once every N days, "0" tracked only."""
    times_text, slash, days_text = text.partition("/")
    try:
        times = int(times_text.strip())
        days = int(days_text.strip()) if slash else (times or 1)
        if not slash and times:
            times = 1
    except ValueError:
        raise ImportError_(f"{where}: frequency {text!r} is not N or N/N") from None
    if times < 0 or days < 1 or times > days:
        raise ImportError_(f"{where}: frequency {text!r} is not a frequency harsh accepts")
    return times, days


def _harsh_habits(path: Path, report: _Report) -> list[_Habit]:
    habits: dict[str, _Habit] = {}
    for line, raw in _text_lines(path):
        text = raw.strip()
        if not text or text.startswith(("#", "!")):
            continue
        where = f"{path} line {line}"
        name, sep, frequency = text.rpartition(": ")
        if not sep:
            name, sep, frequency = text.rpartition(":")
        name = name.strip()
        if not sep or not name or not frequency.strip():
            raise ImportError_(f"{where}: expected 'Habit name: frequency', got {text!r}")
        times, days = _harsh_frequency(frequency, where)
        habit = _Habit(name)
        if times == 0:
            report.inexact.append(f"{name} (tracked only)")
        elif times != days:
            every = f"every {count(days, 'day')}" if times == 1 else f"{times} in {days} days"
            report.inexact.append(f"{name} ({every})")
        habits[name] = habit
    return list(habits.values())


def _harsh_log(path: Path, habits: dict[str, _Habit] | None, today: date,
               report: _Report) -> dict[str, _Habit]:
    """Apply the log to `habits` (None: there is no habits file, take the names
    from the log).  Returns the habits in order."""
    known = habits is not None
    found: dict[str, _Habit] = dict(habits or {})
    entries: dict[tuple[str, date], tuple[str, str, str]] = {}
    for line, raw in _text_lines(path):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        where = f"{path} line {line}"
        parts = raw.split(" : ")
        if len(parts) < 3:
            raise ImportError_(f"{where}: expected 'YYYY-MM-DD : habit : y|n|s', got {raw!r}")
        day = _day(parts[0], where)
        name, result = parts[1].strip(), parts[2].strip()
        if not name:
            raise ImportError_(f"{where}: the habit name is empty")
        if result not in ("y", "n", "s"):
            raise ImportError_(f"{where}: result {result!r} is not y, n or s")
        comment, amount = _harsh_rest(parts[3:])
        if name not in found:
            if known:
                raise ImportError_(f"{where}: habit {name!r} is not in the habits file "
                                   "(add it there, or remove its lines from the log)")
            found[name] = _Habit(name)
            report.inexact.append(f"{name} (no habits file)")
        entries[(name, day)] = (result, comment, amount)
    for (name, day), (result, comment, amount) in sorted(entries.items(),
                                                         key=lambda kv: kv[0][1]):
        if day > today:
            report.future += 1
            continue
        habit = found[name]
        habit.seen(day)
        if result == "y":
            note = comment or None
            if amount:
                report.amounts_in_notes += 1
                text = f"amount {amount}"
                note = f"{note}; {text}" if note else text
            habit.marks[day] = Win(1, None, note)
            continue
        if result == "s":
            habit.marks[day] = Rest(comment or None)
        elif comment:
            report.dropped_notes += 1
    return found


def _harsh_rest(fields: list[str]) -> tuple[str, str]:
    """The comment and amount (as written; "" when there is none) after the
    result.  harsh writes "comment : amount" with the comment verbatim, so a
    comment may itself hold " : "; a last field that is not a number belongs to
    the comment (older logs have no amount).  The amount is kept as text: it
    only goes into a note, and a number like 1e999999 is never computed."""
    if len(fields) >= 2:
        last = fields[-1].strip()
        if not last:
            return " : ".join(fields[:-1]).strip(), ""
        if len(last) <= 40:
            try:
                amount = Decimal(last)
            except InvalidOperation:
                amount = Decimal("NaN")
            if amount.is_finite():
                if amount.is_zero():
                    return " : ".join(fields[:-1]).strip(), ""
                tidy = str(from_dec(amount)) if -7 < amount.adjusted() < 16 else last
                return " : ".join(fields[:-1]).strip(), tidy
    return " : ".join(fields).strip(), ""


def _load_harsh(path: Path, today: date) -> Imported:
    habits_file, log_file = _harsh_files(path)
    if habits_file is None and log_file is None:
        raise ImportError_(f"{path} has no '{HARSH_HABITS}' or '{HARSH_LOG}' file of harsh")
    report = _Report()
    habits: dict[str, _Habit] | None = None
    if habits_file is not None:
        habits = {h.name: h for h in _harsh_habits(habits_file, report)}
    if log_file is not None:
        habits = _harsh_log(log_file, habits, today, report)
    where = " and ".join(str(p) for p in (habits_file, log_file) if p is not None)
    if not habits:
        raise ImportError_(f"{where}: no habits found (empty files?)")
    return _result("harsh", list(habits.values()), report, today, where)
