"""Bring a history in from another tracker: Loop Habit Tracker or harsh.

Each habit becomes a ladder at its current target, its history becomes
wins, misses (simply no mark) and rest days, so streaks and votes carry
over.  What the other tracker knows and a ladder cannot hold (a "3 times a
week" schedule, an "at most" target, notes on missed days) is listed, one
line per kind, so the user knows exactly what changed on the way in.

Reading is all or nothing: any line that does not parse stops the import
with ImportError_ naming the file and the line, before the data file is
touched.

Formats, as the trackers write them:

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

harsh keeps two text files.  `habits`: "Name: frequency" lines, where the
frequency is N (every N days; 1 daily, 0 tracked only) or T/N (T times in N
days); "! Heading" lines group habits; "#" starts a comment.  `log`:
"YYYY-MM-DD : Name : y|n|s [: comment [: amount]]" lines ("s" is a skip).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from core.model import REST, Mark, ModelError, Num, Win, from_dec, ladder_to_doc
from core.rules import new_ladder, slugify
from core.transfer import ImportError_, parse_export

SOURCES = ("auto", "smallwins", "loop", "harsh")
SOURCE_NAMES = {"smallwins": "a smallwins export", "loop": "Loop Habit Tracker",
                "harsh": "harsh"}

LOOP_HABITS = "Habits.csv"
LOOP_CHECKMARKS = "Checkmarks.csv"
HARSH_HABITS = "habits"
HARSH_LOG = "log"

MAX_MEMBER_BYTES = 64 * 1024 * 1024  # a zip member larger than this is not a habit export
BOOLEAN_UNIT = "times"

_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Imported:
    """Ladder documents ready to merge, and what could not be carried over."""

    source: str  # one of SOURCES except auto
    docs: dict[str, dict[str, Any]]
    notes: list[str]
    wins: int = 0
    rests: int = 0

    @property
    def foreign(self) -> bool:
        """From another tracker: list positions are assigned on the way in."""
        return self.source != "smallwins"


def load(path: Path, kind: str, today: date) -> Imported:
    """Read `path` as `kind` (or detect it) into ladder documents.

    ImportError_ (bad input, exit 2) for anything that cannot be read or
    parsed, including a folder or zip the system refuses to open.
    """
    try:
        return _load(path, kind, today)
    except OSError as exc:
        where = exc.filename or path
        raise ImportError_(f"cannot read {where}: {exc.strerror or exc}") from None


def _load(path: Path, kind: str, today: date) -> Imported:
    if kind not in SOURCES:
        raise ImportError_(f"unknown source {kind!r}: use one of {', '.join(SOURCES)}")
    if not path.exists():
        raise ImportError_(f"cannot read {path}: no such file or folder")
    if kind == "auto":
        kind = detect(path)
    if kind == "loop":
        return _load_loop(path, today)
    if kind == "harsh":
        return _load_harsh(path, today)
    if path.is_dir():
        raise ImportError_(f"{path} is a folder: a smallwins export is one JSON file")
    docs = parse_export(_read_text(path), str(path))
    return Imported("smallwins", docs, [])


def detect(path: Path) -> str:
    """Which tracker wrote `path`, by its content (see the module docstring)."""
    if path.is_dir():
        if _find_loop_root(path) is not None:
            return "loop"
        if (path / HARSH_HABITS).is_file() or (path / HARSH_LOG).is_file():
            return "harsh"
        raise ImportError_(
            f"cannot tell what {path} holds: expected {LOOP_HABITS} (Loop Habit Tracker) or "
            f"'{HARSH_HABITS}' and '{HARSH_LOG}' files (harsh); or use --from"
        )
    if zipfile.is_zipfile(path) or path.name == LOOP_HABITS:
        return "loop"
    if path.name in (HARSH_HABITS, HARSH_LOG):
        return "harsh"
    head = _read_text(path)[:4096].lstrip()
    if head.startswith(("{", "[")) or not head:
        return "smallwins"
    first = next((ln for ln in head.splitlines() if ln.strip() and not ln.startswith("#")), "")
    if _DAY_RE.match(first) and " : " in first:
        return "harsh"
    return "smallwins"


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportError_(f"cannot read {path}: not UTF-8 text") from None
    except OSError as exc:
        raise ImportError_(f"cannot read {path}: {exc.strerror or exc}") from None


def _day(text: str, where: str) -> date:
    """A YYYY-MM-DD day, strictly (fromisoformat alone also takes 20250101)."""
    text = text.strip()
    try:
        if _DAY_RE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ImportError_(f"{where}: bad date {text!r} (expected YYYY-MM-DD)")


# ------------------------------------------------------------- common parts


@dataclass
class _Habit:
    """One habit on its way to becoming a ladder."""

    name: str
    numeric: bool = False  # Loop's numeric habits: amounts against a target
    unit: str = BOOLEAN_UNIT
    target: Decimal = Decimal(1)
    granularity: Decimal = Decimal(1)
    step: Decimal = Decimal(1)
    archived: bool = False
    first_day: date | None = None  # the first day with any entry: the ladder's start
    marks: dict[date, Mark] = field(default_factory=dict)

    def seen(self, day: date) -> None:
        if self.first_day is None or day < self.first_day:
            self.first_day = day


@dataclass
class _Report:
    """What could not be carried over, gathered while reading, one line per kind."""

    inexact: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    auto_rests: int = 0
    below_target: int = 0
    dropped_notes: int = 0
    amounts_in_notes: int = 0
    future: int = 0
    loop_texts: int = 0

    def lines(self, today: date) -> list[str]:
        out: list[str] = []
        if self.skipped:
            out.append(f"not imported: {'; '.join(self.skipped)}")
        if self.inexact:
            out.append(
                f"schedules smallwins cannot keep exactly, now every day "
                f"(mark days off as rest days): {', '.join(self.inexact)}"
            )
        if self.auto_rests:
            out.append(f"{self.auto_rests} day(s) Loop counted as covered by the frequency "
                       "(YES_AUTO) are rest days: neither win nor miss")
        if self.steps:
            out.append("numeric habits have no step in Loop; each climbs by about a tenth "
                       f"of its target: {', '.join(self.steps)}")
        if self.below_target:
            out.append(f"{self.below_target} day(s) with an amount below the target "
                       "are not wins (a win is the whole target)")
        if self.amounts_in_notes:
            out.append(f"{self.amounts_in_notes} harsh amount(s) have no unit: they are "
                       "kept in the win's note")
        if self.dropped_notes:
            out.append(f"{self.dropped_notes} note(s) on missed, skipped or empty days "
                       "were dropped: only wins keep a note")
        if self.future:
            out.append(f"{self.future} entr(ies) after today ({today.isoformat()}) "
                       "were left out")
        if self.loop_texts:
            out.append(f"Loop's question and description of {self.loop_texts} habit(s) "
                       "are not kept")
        out.append("each ladder's identity is its habit's name: edit it in the app "
                   "to say who you are becoming")
        return out


def _unique_id(name: str, taken: set[str]) -> str:
    base = slugify(name)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _to_docs(habits: Iterable[_Habit], today: date) -> dict[str, dict[str, Any]]:
    """Ladders from habits, in their source order (`created` is that order)."""
    docs: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    for position, habit in enumerate(habits):
        ladder_id = _unique_id(habit.name, taken)
        try:
            ladder, _ = new_ladder(
                identity=habit.name, action=habit.name, unit=habit.unit,
                start=from_dec(habit.target), step=from_dec(habit.step),
                start_day=habit.first_day or today, granularity=from_dec(habit.granularity),
                ladder_id=ladder_id, created=position,
            )
        except ModelError as exc:
            raise ImportError_(f"habit {habit.name!r} cannot be a ladder: {exc}") from None
        ladder = replace(ladder, archived=habit.archived, marks=dict(sorted(habit.marks.items())))
        docs[ladder_id] = ladder_to_doc(ladder)
    return docs


def _count(docs: dict[str, dict[str, Any]]) -> tuple[int, int]:
    wins = rests = 0
    for doc in docs.values():
        for mark in doc["marks"].values():
            if mark == "r":
                rests += 1
            else:
                wins += 1
    return wins, rests


def _result(source: str, habits: list[_Habit], report: _Report, today: date) -> Imported:
    docs = _to_docs(habits, today)
    wins, rests = _count(docs)
    return Imported(source, docs, report.lines(today), wins, rests)


# -------------------------------------------------------------------- Loop


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
        if path.is_dir():
            root = _find_loop_root(path)
            if root is None:
                raise ImportError_(f"{path} has no {LOOP_HABITS}: is it a Loop Habit Tracker "
                                   "CSV export?")
            self.root = root
            return
        if path.name == LOOP_HABITS and not zipfile.is_zipfile(path):
            self.root = path.parent
            return
        try:
            self._zip = zipfile.ZipFile(path)
            self._names = {n for n in self._zip.namelist() if not n.endswith("/")}
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportError_(f"{path} is not a readable zip file ({exc})") from None
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
        info = self._zip.getinfo(name)
        if info.file_size > MAX_MEMBER_BYTES:
            raise ImportError_(f"{self.where(rel)} is too large for a habit export")
        try:
            raw = self._zip.read(name)
        except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, EOFError,
                NotImplementedError) as exc:
            raise ImportError_(f"{self.where(rel)} cannot be read from the zip ({exc})") from None
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportError_(f"{self.where(rel)} is not UTF-8 text") from None

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
    return _result("loop", habits, report, today)


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
        if note is not None and not isinstance(mark, Win):
            report.dropped_notes += 1


def _loop_mark(habit: _Habit, code: int, note: str | None, at: str,
               report: _Report) -> Mark | None:
    """The mark of one checkmark row; None for a miss or an unknown day."""
    if code in _SKIP_CODES:
        return REST
    if code == _UNKNOWN:
        return None
    if not habit.numeric:
        if code == _YES_MANUAL:
            return Win(1, None, note)
        if code == _YES_AUTO:
            report.auto_rests += 1
            return REST
        if code == _NO:
            return None
        raise ImportError_(f"{at}: value {code} is not a yes/no value")
    if code < 0:
        raise ImportError_(f"{at}: negative amount {code}")
    amount = Decimal(code) / 1000
    if amount < habit.target:
        if amount > 0:
            report.below_target += 1
        return None
    target = from_dec(habit.target)
    done: Num | None = from_dec(amount) if amount > habit.target else None
    return Win(target, done, note)


# ------------------------------------------------------------------- harsh


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
            every = f"every {days} days" if times == 1 else f"{times} in {days} days"
            report.inexact.append(f"{name} ({every})")
        habits[name] = habit
    return list(habits.values())


def _harsh_log(path: Path, habits: dict[str, _Habit] | None, today: date,
               report: _Report) -> dict[str, _Habit]:
    """Apply the log to `habits` (None: there is no habits file, take the names
    from the log).  Returns the habits in order."""
    known = habits is not None
    found: dict[str, _Habit] = dict(habits or {})
    entries: dict[tuple[str, date], tuple[str, str, Decimal]] = {}
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
                text = f"amount {from_dec(amount)}"
                note = f"{note}; {text}" if note else text
            habit.marks[day] = Win(1, None, note)
            continue
        if result == "s":
            habit.marks[day] = REST
        if comment:
            report.dropped_notes += 1
    return found


def _harsh_rest(fields: list[str]) -> tuple[str, Decimal]:
    """The comment and amount after the result.  harsh writes "comment : amount"
    with the comment verbatim, so a comment may itself hold " : "; a last field
    that is not a number belongs to the comment (older logs have no amount)."""
    if len(fields) >= 2:
        last = fields[-1].strip()
        try:
            amount = Decimal(last) if last else Decimal(0)
        except InvalidOperation:
            amount = Decimal("NaN")
        if amount.is_finite():
            return " : ".join(fields[:-1]).strip(), amount
    return " : ".join(fields).strip(), Decimal(0)


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
    if not habits:
        where = " and ".join(str(p) for p in (habits_file, log_file) if p is not None)
        raise ImportError_(f"{where}: no habits found (empty files?)")
    return _result("harsh", list(habits.values()), report, today)

