"""Loop Habit Tracker's CSV export.

Loop Habit Tracker's "Export as CSV" zip (or the folder it unzips to) holds
`Habits.csv` (Position, Name, Type, Question, Description,
FrequencyNumerator, FrequencyDenominator, Color, Unit, Target Type, Target
Value, Archived?; older versions: Position, Name, Question, Description,
NumRepetitions, Interval, Color) and one folder per exported habit,
"001 Name", with `Checkmarks.csv`: `Date,Value,Notes` rows, newest first,
dates as YYYY-MM-DD.  Values are YES_MANUAL (done), YES_AUTO (not done but
covered by the frequency), NO, SKIP, UNKNOWN, or a number: numeric habits
store the amount times 1000.  Older versions write `date,value` rows with
no header and the codes as numbers (2 done, 1 auto, 0 no, 3 skip).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import date
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from pathlib import Path

from smallwins.core import limits
from smallwins.core.importers.common import (
    LOOP_CHECKMARKS,
    LOOP_HABITS,
    MAX_IMPORT_BYTES,
    MAX_ZIP_MEMBERS,
    Imported,
    _day,
    _decoded,
    _Habit,
    _read_bytes,
    _read_text,
    _Report,
    _result,
)
from smallwins.core.model import Mark, Num, Rest, Win, from_dec
from smallwins.core.transfer import ImportError_


class _Tree:
    """The files of a Loop export, from a zip or a folder, read as text.

    Paths are relative to the folder holding Habits.csv (`root` on disk, or
    `prefix` inside the zip: a re-zipped export may have a top folder).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.root = path
        self.prefix = ""
        self._zip: zipfile.ZipFile | None = None
        self._names: set[str] = set()
        self._budget = MAX_IMPORT_BYTES
        if path.is_dir():
            root = _find_loop_root(path)
            if root is None:
                raise ImportError_(f"{path} has no {LOOP_HABITS}: is it a Loop Habit Tracker "
                                   "CSV export?")
            self.root = root
            return
        raw = _read_bytes(path)
        if path.name == LOOP_HABITS and not zipfile.is_zipfile(io.BytesIO(raw)):
            self.root = path.parent
            return
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(raw))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise ImportError_(f"{path} is not a readable zip file ({exc})") from None
        if len(infos) > MAX_ZIP_MEMBERS:
            raise ImportError_(f"{path} holds {len(infos):,} files, more than a Loop Habit "
                               f"Tracker export (at most {MAX_ZIP_MEMBERS:,})")
        unpacked = sum(info.file_size for info in infos)
        if unpacked > MAX_IMPORT_BYTES:
            raise ImportError_(f"{path} unpacks to {unpacked // 2**20:,} MB, more than the "
                               f"{MAX_IMPORT_BYTES // 2**20} MB an import reads")
        self._budget = MAX_IMPORT_BYTES
        self._names = {n.filename for n in infos if not n.filename.endswith("/")}
        habits = sorted((n for n in self._names if n.rsplit("/", 1)[-1] == LOOP_HABITS),
                        key=lambda n: (n.count("/"), n))
        if not habits:
            self.close()
            raise ImportError_(f"{path} has no {LOOP_HABITS}: is it a Loop Habit Tracker "
                               "CSV export?")
        self.prefix = habits[0][: -len(LOOP_HABITS)]

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> _Tree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def where(self, rel: str) -> str:
        return f"{self.path}:{rel}" if self._zip is not None else str(self.root / rel)

    def read(self, rel: str) -> str | None:
        """The file's text, None if it is not there."""
        if self._zip is None:
            file = self.root / rel
            return _read_text(file) if file.is_file() else None
        name = self.prefix + rel
        if name not in self._names:
            return None
        try:
            # Read no more than the budget left, whatever the zip says the size is.
            with self._zip.open(name) as member:
                raw = member.read(self._budget + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, EOFError,
                NotImplementedError, ValueError) as exc:
            raise ImportError_(f"{self.where(rel)} cannot be read from the zip ({exc})") from None
        if len(raw) > self._budget:
            raise ImportError_(f"{self.where(rel)} unpacks to more than the "
                               f"{MAX_IMPORT_BYTES // 2**20} MB an import reads")
        self._budget -= len(raw)
        return _decoded(raw, self.where(rel))

    def folders(self) -> list[str]:
        """Names of the folders beside Habits.csv."""
        if self._zip is None:
            return sorted(p.name for p in self.root.iterdir() if p.is_dir())
        found = {n[len(self.prefix):].split("/", 1)[0] for n in self._names
                 if n.startswith(self.prefix) and "/" in n[len(self.prefix):]}
        return sorted(found)


def _find_loop_root(folder: Path) -> Path | None:
    """The folder holding Habits.csv: `folder` itself or one level down (an
    unzipped export often sits in a folder named after the zip)."""
    if (folder / LOOP_HABITS).is_file():
        return folder
    inner = [p for p in sorted(folder.iterdir()) if (p / LOOP_HABITS).is_file()]
    return inner[0] if len(inner) == 1 else None


# Loop's checkmark codes (org.isoron.uhabits.core.models.Entry).
_YES_MANUAL, _YES_AUTO, _NO, _SKIP, _UNKNOWN = 2, 1, 0, 3, -1
_CODES = {"YES_MANUAL": _YES_MANUAL, "YES_AUTO": _YES_AUTO, "NO": _NO, "SKIP": _SKIP,
          "UNKNOWN": _UNKNOWN}
_SKIP_CODES = {_SKIP, -3}  # an earlier version stored skips as -3


def _loop_folder_name(position: str, name: str) -> str:
    """The folder Loop writes a habit's files to: position and the name with
    every character but letters, digits, space, '.', '_' and '-' removed."""
    sane = re.sub(r"[^ a-zA-Z0-9._-]+", "", name)[:100]
    return f"{position} {sane}".strip()


def _csv_rows(text: str, where: str) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (a quoted note may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for row in reader:
            yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportError_(f"{where} line {reader.line_num}: not valid CSV ({exc})") from None


def _loop_columns(header: list[str], where: str) -> dict[str, int]:
    columns = {name.strip(): i for i, name in enumerate(header)}
    for needed in ("Position", "Name"):
        if needed not in columns:
            raise ImportError_(f"{where} has no {needed} column: is it Loop Habit Tracker's "
                               f"{LOOP_HABITS}?")
    if not ({"FrequencyNumerator", "FrequencyDenominator"} <= columns.keys()
            or {"NumRepetitions", "Interval"} <= columns.keys()):
        raise ImportError_(f"{where} has no FrequencyNumerator and FrequencyDenominator "
                           f"columns: is it Loop Habit Tracker's {LOOP_HABITS}?")
    return columns


def _load_loop(path: Path, today: date) -> Imported:
    with _Tree(path) as tree:
        return _read_loop(tree, today)


def _read_loop(tree: _Tree, today: date) -> Imported:
    where = tree.where(LOOP_HABITS)
    text = tree.read(LOOP_HABITS)
    if text is None or not text.strip():
        raise ImportError_(f"{where} is empty: is it a Loop Habit Tracker CSV export?")
    rows = _csv_rows(text, where)
    _, header = next(rows)
    columns = _loop_columns(header, where)
    folders = tree.folders()
    report = _Report()
    habits: list[_Habit] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            index = columns.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        name = cell("Name")
        if not name:
            raise ImportError_(f"{where} line {line}: a habit has no name")
        habit = _loop_habit(cell, name, f"{where} line {line}", report)
        if habit is None:
            continue
        folder = _loop_folder(cell("Position"), name, folders)
        checkmarks = None if folder is None else tree.read(f"{folder}/{LOOP_CHECKMARKS}")
        if checkmarks is None:
            report.skipped.append(f"{name} (no {LOOP_CHECKMARKS}: it was not selected "
                                  "for the export)")
            continue
        _loop_entries(habit, checkmarks, tree.where(f"{folder}/{LOOP_CHECKMARKS}"), today,
                      report)
        if cell("Question") or cell("Description"):
            report.loop_texts += 1
        habits.append(habit)
    if not habits:
        raise ImportError_(f"{where} lists no habit that can be imported")
    return _result("loop", habits, report, today, str(tree.path))


def _loop_folder(position: str, name: str, folders: list[str]) -> str | None:
    exact = _loop_folder_name(position, name)
    if exact in folders:
        return exact
    near = [f for f in folders if f == position or f.startswith(f"{position} ")]
    return near[0] if len(near) == 1 else None


def _whole(text: str, what: str, where: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ImportError_(f"{where}: {what} {text!r} is not a whole number") from None


def _loop_habit(cell: Callable[[str], str], name: str, where: str,
                report: _Report) -> _Habit | None:
    """A habit's settings from its Habits.csv row (None: it cannot be a ladder)."""
    kind = cell("Type") or "YES_NO"
    if kind not in ("YES_NO", "NUMERICAL"):
        report.skipped.append(f"{name} (habit type {kind})")
        return None
    if cell("FrequencyNumerator") or cell("FrequencyDenominator"):
        times = _whole(cell("FrequencyNumerator"), "FrequencyNumerator", where)
        period = _whole(cell("FrequencyDenominator"), "FrequencyDenominator", where)
    else:
        times = _whole(cell("NumRepetitions"), "NumRepetitions", where)
        period = _whole(cell("Interval"), "Interval", where)
    if times < 1 or period < 1:
        raise ImportError_(f"{where}: frequency {times}/{period} is not a frequency")
    habit = _Habit(name, archived=cell("Archived?").lower() == "true")
    if kind == "NUMERICAL":
        if cell("Target Type") == "AT_MOST":
            report.skipped.append(f"{name} (an 'at most' target has no rung to climb)")
            return None
        if times != period:
            # Loop sums a numeric habit's amounts over the period: a weekly
            # target compared with one day's amount would never be won.
            report.skipped.append(f"{name} (its target is for {period} days together; "
                                  "a rung is one day's win)")
            return None
        try:
            target = Decimal(cell("Target Value"))
        except InvalidOperation:
            raise ImportError_(f"{where}: Target Value {cell('Target Value')!r} "
                               "is not a number") from None
        if not target.is_finite() or target <= 0:
            raise ImportError_(f"{where}: Target Value {cell('Target Value')!r} "
                               "is not a positive number")
        if target.adjusted() >= 10 or target > limits.MAX_AMOUNT:
            raise ImportError_(f"{where}: Target Value {cell('Target Value')!r} is above "
                               f"{limits.MAX_AMOUNT:,}, the largest target smallwins keeps")
        habit.numeric = True
        habit.unit = cell("Unit")
        habit.granularity = _granularity(target)
        habit.target = _round_down(target, habit.granularity)
        habit.step = _step(habit.target, habit.granularity)
        report.steps.append(f"{name} +{from_dec(habit.step)}")
    elif times != period:
        report.inexact.append(f"{name} ({times} in {period} days)")
    return habit


def _granularity(target: Decimal) -> Decimal:
    """The smallest decimal place the target uses; Loop keeps thousandths."""
    exponent = target.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return Decimal(1).scaleb(max(min(exponent, 0), -3))


def _round_down(value: Decimal, granularity: Decimal) -> Decimal:
    rounded = (value / granularity).to_integral_value(rounding=ROUND_FLOOR) * granularity
    return max(rounded, granularity)


def _step(target: Decimal, granularity: Decimal) -> Decimal:
    """About a tenth of the target, to one significant digit: 5000 -> 500."""
    tenth = target / 10
    if tenth < granularity:
        return granularity
    scale = Decimal(1).scaleb(tenth.adjusted())
    return _round_down((tenth / scale).to_integral_value(rounding=ROUND_FLOOR) * scale,
                       granularity)


def _loop_code(text: str, where: str) -> int:
    text = text.strip()
    code = _CODES.get(text)
    if code is not None:
        return code
    try:
        return int(text)
    except ValueError:
        raise ImportError_(f"{where}: unknown value {text!r} (expected YES_MANUAL, "
                           "YES_AUTO, NO, SKIP, UNKNOWN or a number)") from None


def _loop_entries(habit: _Habit, text: str, where: str, today: date, report: _Report) -> None:
    for line, row in _csv_rows(text, where):
        if not row or not any(c.strip() for c in row):
            continue
        if line == 1 and row[0].strip() == "Date":
            continue
        at = f"{where} line {line}"
        if len(row) < 2:
            raise ImportError_(f"{at}: expected a date and a value")
        day = _day(row[0], at)
        code = _loop_code(row[1], at)
        note = row[2].strip() if len(row) > 2 and row[2].strip() else None
        if day > today:
            report.future += 1
            continue
        mark = _loop_mark(habit, code, note, at, report)
        if code != _UNKNOWN:
            habit.seen(day)
        if mark is not None:
            habit.marks[day] = mark
        if note is not None and mark is None:
            report.dropped_notes += 1


def _loop_mark(habit: _Habit, code: int, note: str | None, at: str,
               report: _Report) -> Mark | None:
    """The mark of one checkmark row; None for a miss or an unknown day."""
    if code in _SKIP_CODES:
        return Rest(note)
    if code == _UNKNOWN:
        return None
    if not habit.numeric:
        if code == _YES_MANUAL:
            return Win(1, None, note)
        if code == _YES_AUTO:
            report.auto_rests += 1
            return Rest(note)
        if code == _NO:
            return None
        raise ImportError_(f"{at}: value {code} is not a yes/no value")
    if code < 0:
        raise ImportError_(f"{at}: negative amount {code}")
    if code > limits.MAX_AMOUNT * 1000:
        raise ImportError_(f"{at}: amount {limits.shown(Decimal(code) / 1000)} is above "
                           f"{limits.MAX_AMOUNT:,}, the largest amount smallwins keeps")
    amount = Decimal(code) / 1000
    if amount < habit.target:
        if amount > 0:
            report.below_target += 1
        return None
    target = from_dec(habit.target)
    done: Num | None = from_dec(amount) if amount > habit.target else None
    return Win(target, done, note)
