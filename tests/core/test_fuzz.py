"""Random command lines, field values, import files and hand edits: never a traceback.

Hypothesis feeds the command line (in process, on a real data file in a
temporary folder) with random words and values (huge, tiny, negative, NaN,
control characters, long strings), random JSON shapes and mutated exports to
`import`, and random values into the data file itself.  After every input:

- the exit code is 0, 1, 2 or 3;
- stderr holds at most one line, and never a traceback;
- no input takes more than HANG_SECONDS (a hang fails the test);
- the data file is byte for byte as it was, or it is valid: every command
  that reads it (`list --json`, `show` of each ladder, `status`, both
  exports) succeeds on it.

The counts (inputs tried, refused, accepted, tracebacks, hangs) are printed
at the end of the module: `pytest -s tests/core/test_fuzz.py`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import string
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import cli

TODAY = "2026-11-23"
HANG_SECONDS = 20
EXAMPLES = int(os.environ.get("SMALLWINS_FUZZ_EXAMPLES", "100"))
"""Per target; `SMALLWINS_FUZZ_EXAMPLES=2000 pytest -s tests/core/test_fuzz.py` digs deeper."""
COUNTS: Counter[str] = Counter()
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Hang(BaseException):
    """An input that ran past HANG_SECONDS (a BaseException: nothing swallows it)."""


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    tried = COUNTS["tried"]
    print(f"\nfuzz: inputs tried {tried}, refused {COUNTS['refused']}, accepted "
          f"{COUNTS['accepted']}, tracebacks {COUNTS['tracebacks']}, hangs {COUNTS['hangs']}"
          f" (exit 1: {COUNTS['exit 1']}, 2: {COUNTS['exit 2']}, 3: {COUNTS['exit 3']})")


# ------------------------------------------------------------------ a home


class Home:
    """A temporary folder with a data file of two ladders (one with history)."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="smallwins-fuzz-")
        self.root = Path(self._dir.name)
        self.data = self.root / "data" / "smallwins.json"
        self.env = cli.smallwins_env(self.root)
        for args in (
            ("new", "--identity", "I move", "--action", "walk", "--unit", "steps", "--start",
             "50", "--step", "50", "--hold", "1", "--started", "2026-11-16"),
            ("new", "--identity", "I read", "--action", "read", "--unit", "pages", "--start",
             "0.5", "--step", "0.5", "--granularity", "0.5", "--started", "2026-11-20"),
            ("done", "walk-steps", "--day", "2026-11-17", "--note", "a note\non two lines"),
            ("rest", "walk-steps", "--day", "2026-11-18"),
            ("done", "walk-steps", "--day", "2026-11-19"), ("done", "walk-steps"),
            ("climb", "walk-steps"),
        ):
            r = self.run(list(args))
            assert r.returncode == 0, (args, r.stderr)
        self.seed = self.data.read_bytes()

    def reset(self) -> None:
        self.data.write_bytes(self.seed)

    def run(self, argv: list[str]) -> Any:
        return cli.run_in_process([*argv, "--today", TODAY], self.env)

    def close(self) -> None:
        self._dir.cleanup()


@pytest.fixture(scope="module")
def home() -> Iterator[Home]:
    made = Home()
    yield made
    made.close()


@contextlib.contextmanager
def deadline() -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def check(home: Home, argv: list[str], before: bytes | None = None) -> None:
    """Run `argv` and hold it to the promises in the module docstring."""
    before = home.data.read_bytes() if before is None else before
    COUNTS["tried"] += 1
    try:
        with deadline():
            r = home.run(argv)
    except Hang:
        COUNTS["hangs"] += 1
        pytest.fail(f"hung for {HANG_SECONDS}s: {argv!r}")
    if "Traceback" in r.stderr:
        COUNTS["tracebacks"] += 1
        pytest.fail(f"traceback for {argv!r}:\n{r.stderr}")
    assert r.returncode in (0, 1, 2, 3), (argv, r.returncode, r.stderr)
    assert len(r.stderr.splitlines()) <= 1, (argv, r.stderr)
    COUNTS["accepted" if r.returncode == 0 else "refused"] += 1
    COUNTS[f"exit {r.returncode}"] += 1
    after = home.data.read_bytes() if home.data.exists() else None
    if after != before:
        assert r.returncode == 0, ("a refused command changed the file", argv, r.stderr)
        readable_by_every_command(home, argv)


def readable_by_every_command(home: Home, cause: list[str]) -> None:
    listed = home.run(["list", "--json"])
    assert listed.returncode == 0, (cause, listed.stderr)
    ids = json.loads(home.data.read_text())["ladders"]
    for argv in (["status"], ["export"], ["export", "--format", "csv"], ["list"],
                 *(["show", lid] for lid in ids), *(["show", lid, "--json"] for lid in ids)):
        r = home.run(argv)
        assert r.returncode == 0, (cause, argv, r.stderr)
        assert "Traceback" not in r.stderr


# ------------------------------------------------------------- strategies

SPECIAL_NUMBERS = [
    "0", "-0", "-1", "1", "0.5", "1e20", "99999999999999999999", "1e300", "1e308", "1e-30",
    "1e1000000", "-1e1000000", "1e-1000000", "nan", "NaN", "inf", "-inf", "Infinity", "1e9",
    "1000000000", "1000000000.000001", "999999999.999999", "0.000001", "0.0000001", "1_000",
    "12,500", "1,5", "0x10", "1e", ".", "", " ", "٣", "1e" + "9" * 30, "9" * 5000,
]
SPECIAL_DAYS = [
    "today", "yesterday", "-1", "-99999", "-99999999999999999999", "0001-01-01",
    "9999-12-31", "1969-12-31", "1970-01-01", "2199-12-31", "2200-01-01", "2026-02-30",
    "20261123", "2026-W48-1", "", "tomorrow",
]
CONTROL = "".join(chr(c) for c in [*range(0, 32), 127, *range(0x80, 0xA0)]) + "\u2028\u2029"

plain_words = st.text(alphabet=string.ascii_letters + " -é", min_size=1, max_size=20)
texts = st.one_of(
    plain_words,
    st.text(max_size=40),
    st.text(alphabet=string.printable + CONTROL + "é✔", max_size=60),
    st.sampled_from(["\x1b[2J\x1b]0;pwned\x07", "a\r\nb", "\x1b]52;c;aGk=\x07", "x" * 100_000,
                     "walk-steps", "read-pages", "../../etc/passwd", "Walk", ""]),
)
numbers = st.one_of(
    st.integers(min_value=1, max_value=10**6).map(str),
    st.decimals(min_value="0.5", max_value=10**9, places=1).map(str),
    st.sampled_from(SPECIAL_NUMBERS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    texts,
)
days = st.one_of(st.sampled_from(SPECIAL_DAYS), st.dates().map(lambda d: d.isoformat()),
                 st.dates(min_value=date(2026, 11, 1), max_value=date(2026, 11, 30))
                 .map(lambda d: d.isoformat()), texts)
ladder_words = st.one_of(st.sampled_from(["walk-steps", "read-pages", "walk", "w", "r", "nope",
                                          ""]),
                         texts)

OPTION_VALUES = {
    "--identity": texts, "--action": texts, "--unit": texts, "--unit-one": texts,
    "--start": numbers,
    "--step": numbers, "--hold": numbers, "--days": st.one_of(
        st.sampled_from(["mon-fri", "daily", "weekends", "sun-mon", "mon,,tue", "-"]), texts),
    "--minutes": numbers, "--granularity": numbers, "--id": texts, "--started": days,
    "--day": days, "--amount": numbers, "--note": texts, "--format": st.sampled_from(
        ["json", "csv", "plain", "tmux", "xml", ""]),
    "--today": days, "--from": st.one_of(
        st.sampled_from(["auto", "smallwins", "loop", "harsh", "x"]), days),
    "--to": days, "--since": days,
    "-o": texts.map(lambda t: OUT + t.replace("/", "_").replace("\x00", "")),
    "--ladders": st.sampled_from(["0", "-1", "2", "501", "x", "1e3"]),
    "--years": st.sampled_from(["0", "-1", "0.01", "31", "nan", "1e9"]),
    "--seed": numbers,
}
OUT = "@out@"
"""Stands for a file in the home's folder: an export never lands outside it."""
FLAGS = ["--json", "--replace", "--force", "--help", "--all", "--cancel", "--week", "--month",
         "--year"]
COMMANDS = ["new", "list", "show", "done", "undo", "rest", "climb", "halve", "status",
            "export", "import", "backups", "restore", "demo", "archive", "unarchive", "ask",
            "notes", "review", "remind"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    argv = [draw(st.sampled_from(COMMANDS))]
    if argv[0] in ("show", "done", "undo", "rest", "climb", "halve", "archive", "unarchive",
                   "ask", "notes"):
        argv.append(draw(ladder_words))
    elif argv[0] in ("import", "restore"):
        argv.append(draw(st.one_of(st.sampled_from(["/dev/null", "nope.json", "previous"]),
                                   texts.map(lambda t: t.replace("/", "_")))))
    for _ in range(draw(st.integers(0, 5))):
        if draw(st.booleans()):
            option = draw(st.sampled_from(sorted(OPTION_VALUES)))
            argv += [option, draw(OPTION_VALUES[option])]
        else:
            argv.append(draw(st.sampled_from(FLAGS)))
    if argv[0] == "demo" and "--years" not in argv:
        argv += ["--years", "0.01", "--ladders", "1"]  # never a long demo
    return argv


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**25), max_value=10**25),
              st.floats(allow_nan=False, allow_infinity=False), texts),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
LADDER_KEYS = ["id", "identity", "action", "unit", "start", "step", "hold", "days",
               "granularity", "start_day", "minutes", "archived", "created", "events", "marks",
               "levels", "unknown"]


@st.composite
def mutated_ladder(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    """A ladder document with a few of its fields (or inner marks and events) replaced."""
    doc = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from(LADDER_KEYS))
        where = draw(st.sampled_from(["field", "mark", "event"]))
        if where == "mark":
            day = draw(st.one_of(st.sampled_from(["2026-11-17", "2026-11-21"]), days))
            doc.setdefault("marks", {})
            if isinstance(doc["marks"], dict):
                doc["marks"][day] = draw(json_values)
        elif where == "event":
            if isinstance(doc.get("events"), list):
                doc["events"].append(draw(st.lists(json_values, max_size=4)))
        else:
            doc[key] = draw(st.one_of(json_values, numbers.map(_as_json_number)))
    return doc


def _as_json_number(text: str) -> Any:
    try:
        value = float(text)
    except ValueError:
        return text
    return value if value == value and abs(value) != float("inf") else text


# ------------------------------------------------------------------ targets


@FUZZ
@given(argv=command_lines())
def test_random_command_lines(home: Home, argv: list[str]) -> None:
    home.reset()
    check(home, [w.replace(OUT, f"{home.root}/out-", 1) if w.startswith(OUT) else w
                 for w in argv])


NEW_FIELDS = {
    "--identity": (plain_words, texts), "--action": (plain_words, texts),
    "--unit": (plain_words, texts), "--unit-one": (plain_words, texts),
    "--start": (st.integers(1, 1000).map(str), numbers),
    "--step": (st.integers(1, 1000).map(str), numbers),
    "--hold": (st.integers(1, 3650).map(str), numbers),
    "--granularity": (st.just("1"), numbers), "--minutes": (st.integers(0, 1440).map(str), numbers),
    "--id": (st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True), texts),
    "--started": (st.sampled_from(["today", "yesterday", "2026-11-01"]), days),
    "--days": (st.sampled_from(["mon-fri", "daily", "sat,sun"]), texts),
}


@FUZZ
@given(data=st.data())
def test_random_values_for_a_new_ladder(home: Home, data: st.DataObject) -> None:
    """Most fields plausible, one to three of them hostile, so both the checks and the
    ladders they let through (and every command reading those) are exercised."""
    home.reset()
    hostile = data.draw(st.sets(st.sampled_from(sorted(NEW_FIELDS)), min_size=0, max_size=3))
    argv = ["new"]
    for option, (plausible, anything) in NEW_FIELDS.items():
        if option in hostile or option in ("--identity", "--action", "--unit", "--start",
                                           "--step") or data.draw(st.booleans()):
            argv += [option, data.draw(anything if option in hostile else plausible)]
    check(home, argv)


@FUZZ
@given(data=st.data())
def test_random_json_to_import(home: Home, data: st.DataObject) -> None:
    home.reset()
    export = json.loads(home.run(["export"]).stdout)
    shape = data.draw(st.sampled_from(["any json", "ladders", "mutated export"]))
    if shape == "any json":
        payload: Any = data.draw(json_values)
    elif shape == "ladders":
        payload = {"format": "smallwins-export", "version": data.draw(
            st.one_of(st.just(1), json_values)), "ladders": data.draw(json_values)}
    else:
        payload = export
        ladders = payload["ladders"]
        index = data.draw(st.integers(0, len(ladders) - 1))
        ladders[index] = data.draw(mutated_ladder(ladders[index]))
        if data.draw(st.booleans()):
            ladders[index]["id"] = data.draw(st.one_of(st.just("new-one"), texts))
    source = home.root / "import.json"
    source.write_text(json.dumps(payload, ensure_ascii=data.draw(st.booleans())),
                      encoding="utf-8")
    check(home, ["import", str(source), *data.draw(st.sampled_from([[], ["--replace"]]))])


@FUZZ
@given(data=st.data())
def test_random_values_in_a_hand_edited_data_file(home: Home, data: st.DataObject) -> None:
    home.reset()
    tables = json.loads(home.seed)
    walk = tables["ladders"]["walk-steps"]
    tables["ladders"]["walk-steps"] = data.draw(mutated_ladder(walk))
    home.data.write_text(json.dumps(tables), encoding="utf-8")
    edited = home.data.read_bytes()
    argv = data.draw(st.sampled_from([["list"], ["status"], ["export"], ["done", "walk-steps"],
                                      ["show", "walk-steps"], ["halve", "walk-steps"],
                                      ["rest", "walk-steps"], ["export", "--format", "csv"],
                                      ["undo", "walk-steps", "--day", "2026-11-17"]]))
    check(home, argv, before=edited)
