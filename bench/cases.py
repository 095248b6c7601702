"""The measurements behind each budget of SPEC section 7.

Each case returns table rows.  Programs are run the way users run them: the
installed `smallwins` command in a tmux pane or from a shell, on files made
by `smallwins demo`.  Every timing is repeated, and runs of the program and of
its reference alternate (in a rotating order), so a machine busy with other
work slows both alike and the ratio between them stays meaningful.
"""

from __future__ import annotations

import contextlib
import os
import re
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

from bench import bare_app
from bench.datasets import TODAY, Dataset, count_wins, first_ladder, has_win
from bench.proc import cpu_ns, cpu_ticks, peak_rss_kib, timed_run
from bench.report import Budget, Row
from bench.tmux import Tmux, TmuxError, clean_env

T = TypeVar("T")

BARE_APP = Path(bare_app.__file__).resolve()
BARE = "bare Textual app"
MB = 1_000_000
SCREEN_KEYS = {"today": "1", "ladders": "2", "heatmap": "3"}
"""The key that opens each main screen (the defaults: the bench runs without a config)."""
DAY_LINE = r"^\s*\w{3} \d{1,2} \w{3}(?: \d{4})?: (\S)"
"""The heatmap's line about the cursor's day; its first glyph is the day's mark."""


@dataclass
class Bench:
    """What every case needs: the programs, the data files, how long to spend."""

    quick: bool
    workdir: Path
    python: str
    smallwins: str
    config: Path
    """A config path that does not exist: the defaults, whatever the user has."""
    typical: Dataset
    heavy: Dataset
    status_config: Path | None = None
    """The config `smallwins status` is timed with (None: `config`); `--remind-at`
    makes one that sets remind_at, so the nudge's cost is in the measure."""

    def reps(self, full: int, quick: int) -> int:
        return quick if self.quick else full

    def app_argv(self, data: Path) -> list[str]:
        return [self.smallwins, "--data", str(data), "--today", TODAY,
                "--config", str(self.config)]

    def bare_argv(self) -> list[str]:
        return [self.python, str(BARE_APP)]

    def status_argv(self, data: Path) -> list[str]:
        return [self.smallwins, "status", "--data", str(data), "--today", TODAY,
                "--config", str(self.status_config or self.config)]

    def copy(self, dataset: Dataset, label: str) -> Path:
        return dataset.copy(self.workdir, label)


def rotated(items: Sequence[T], turn: int) -> list[T]:
    """`items` starting at position `turn`: no one is always first (or last)."""
    k = turn % len(items) if items else 0
    return [*items[k:], *items[:k]]


def ms(seconds: float) -> float:
    return seconds * 1000.0


# ----------------------------------------------------------------- panes


@dataclass
class Pane:
    """A program shown in its own tmux server: the bare app, or smallwins on a file."""

    label: str
    argv: list[str]
    data: Path | None = None
    screen: str = "today"
    """The screen the check-off is made on: today, ladders (key 2) or heatmap (key 3)."""
    server: Tmux = field(init=False)
    first_screen: str = ""

    def __post_init__(self) -> None:
        self.server = Tmux(self.label)

    @property
    def is_app(self) -> bool:
        return self.data is not None

    def glyph(self, screen: str) -> str | None:
        """The glyph a check-off flips (the selected ladder's, or the bare app's);
        None while the screen does not show it (a frame still being drawn)."""
        if not self.is_app:
            pattern = rf"(\S) {re.escape(bare_app.TEXT)}"
        elif self.screen == "heatmap":
            pattern = DAY_LINE  # the cursor's day, today: "Sun 29 Nov: ✔ won, ..."
        else:
            pattern = r"▸\s*(\S)"
        found = re.search(pattern, screen, re.MULTILINE)
        return found.group(1) if found else None

    def changed_from(self, glyph: str) -> Callable[[str], bool]:
        """A test of a screen: does it show a glyph other than `glyph`?"""
        return lambda screen: self.glyph(screen) not in (None, glyph)

    def current_glyph(self) -> str:
        screen = self.server.capture()
        glyph = self.glyph(screen)
        if glyph is None:
            raise TmuxError(f"{self.label}: no check-off glyph on screen:\n{screen}")
        return glyph


def panes_for(b: Bench, label: str, heavy: bool = True) -> list[Pane]:
    """The bare app and smallwins on typical (and heavy) data, each on its own copy."""
    panes = [Pane("bare", b.bare_argv())]
    for ds in (b.typical, b.heavy) if heavy else (b.typical,):
        path = b.copy(ds, label)
        panes.append(Pane(ds.name, b.app_argv(path), path))
    return panes


def check_complete(pane: Pane, screen: str) -> None:
    """Refuse a settled screen that is not the whole first screen (a crash, an error)."""
    lines = screen.rstrip("\n").split("\n")
    footer = lines[-1] if lines else ""
    body = "\n".join(lines[:-1])
    wanted = ("▸" in body and "Today" in lines[0]) if pane.is_app else bare_app.TEXT in body
    if len(lines) < 20 or "Quit" not in footer or not wanted:
        raise TmuxError(f"{pane.label}: the settled screen is not a complete first screen:\n"
                        f"{screen}")


@contextmanager
def opened(panes: Sequence[Pane]) -> Iterator[Sequence[Pane]]:
    """Start every pane, wait until each shows its settled first screen; kill them after."""
    try:
        for pane in panes:
            pane.server.start(pane.argv)
        for pane in panes:
            pane.first_screen = pane.server.wait_stable(quiet=1.0)
            check_complete(pane, pane.first_screen)
        yield panes
    finally:
        for pane in panes:
            pane.server.kill()


# ------------------------------------------------------------ first frame


def first_frame(b: Bench) -> list[Row]:
    """Spawn to complete first screen, in a fresh tmux server each time.

    The complete screen is learnt first: each program is run once until its
    screen stops changing.  Timed runs then poll the pane until it shows
    exactly that screen, so a half-drawn frame never counts.
    """
    panes = panes_for(b, "frame")
    for pane in panes:
        with opened([pane]):
            pass
    samples: dict[str, list[float]] = {pane.label: [] for pane in panes}
    for turn in range(b.reps(12, 3)):
        for pane in rotated(panes, turn):
            server = Tmux(f"frame-{pane.label}")
            try:
                start = time.perf_counter()
                server.start(pane.argv)
                seen, _ = server.wait_for(pane.first_screen.__eq__, timeout=30,
                                          what=f"{pane.label} first screen")
                samples[pane.label].append(ms(seen - start))
            finally:
                server.kill()
            time.sleep(0.1)
    what = "first full frame, tmux 80x24"
    return [
        Row("frame.typical", what, "typical", "ms", samples["typical"], BARE, samples["bare"],
            Budget("ratio", 1.15)),
        Row("frame.heavy", what, "heavy", "ms", samples["heavy"], BARE, samples["bare"],
            Budget("ratio", 1.3)),
    ]


# ----------------------------------------------------------------- status


def _stat_sig(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def status(b: Bench) -> list[Row]:
    """`smallwins status` against `python -c pass`, in the four situations a bar meets.

    - cached: the usual call, nothing changed since the last one;
    - after a write: right after another smallwins process changed the data
      file (`smallwins done` / `undo` on the first ladder, not timed): every
      writer leaves the cache fresh, so this must be a cache hit too;
    - no cache: the cache file deleted, so everything is computed;
    - a new day: the cache holds yesterday's answer and today is asked.
    Each run is checked against what it claims: a cached run leaves the cache
    file alone, a run with no cache writes it.
    """
    env = clean_env()
    reference = [b.python, "-c", "pass"]
    files = {ds.name: b.copy(ds, "status") for ds in (b.typical, b.heavy)}
    firsts = {name: first_ladder(path) for name, path in files.items()}
    samples: dict[str, list[float]] = {"ref": []}
    misses: dict[str, int] = {}
    flips: dict[str, bool] = {}

    def run_ref() -> None:
        samples["ref"].append(ms(timed_run(reference, env)))

    def sample(name: str, kind: str, argv: list[str], must_hit: bool) -> None:
        sidecar = Path(f"{files[name]}.status")
        before = _stat_sig(sidecar)
        elapsed = timed_run(argv, env)
        if must_hit and _stat_sig(sidecar) != before:
            misses[f"{name}.{kind}"] = misses.get(f"{name}.{kind}", 0) + 1
        if not must_hit and _stat_sig(sidecar) is None:
            raise RuntimeError(f"smallwins status did not write {sidecar}")
        samples.setdefault(f"{name}.{kind}", []).append(ms(elapsed))

    def cached(name: str) -> None:
        timed_run(b.status_argv(files[name]), env)  # make sure the cache is fresh
        sample(name, "cached", b.status_argv(files[name]), True)

    def after_write(name: str) -> None:
        flips[name] = not flips.get(name, False)
        word = "done" if flips[name] else "undo"
        timed_run([b.smallwins, word, firsts[name], "--data", str(files[name]),
                   "--today", TODAY, "--config", str(b.status_config or b.config)], env)
        sample(name, "write", b.status_argv(files[name]), True)

    def no_cache(name: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{files[name]}.status")
        sample(name, "cold", b.status_argv(files[name]), False)

    def new_day(name: str) -> None:
        yesterday = (date.fromisoformat(TODAY) - timedelta(days=1)).isoformat()
        argv = b.status_argv(files[name])
        timed_run([*argv[:-4], "--today", yesterday, *argv[-2:]], env)  # yesterday's cache
        sample(name, "day", argv, False)

    def parse_only(name: str) -> None:
        samples.setdefault(f"{name}.floor", []).append(
            ms(timed_run([b.python, "-c", PARSE_ONLY, str(files[name])], env)))

    jobs: list[Callable[[], None]] = [run_ref]
    for name in files:
        jobs += [partial(case, name)
                 for case in (cached, after_write, no_cache, new_day, parse_only)]
    for job in jobs * 2:  # warm the page cache and the cache files
        job()
    for key in list(samples):
        samples[key].clear()
    misses.clear()
    for turn in range(b.reps(20, 5)):
        for job in rotated(jobs, turn):
            job()

    rows = []
    kinds = (("cached", "`smallwins status`, cached", {"typical": 2, "heavy": None}),
             ("write", "`smallwins status` right after another process wrote",
              {"typical": 2, "heavy": 2}),
             ("cold", "`smallwins status` with no cache", {"typical": 4, "heavy": 6}),
             ("day", "`smallwins status`, first call of a new day", {"typical": 4, "heavy": 6}),
             ("floor", "the data file read and parsed, nothing else (a floor)",
              {"typical": None, "heavy": None}))
    for name in files:
        for kind, words, limits in kinds:
            limit = limits[name]
            note = ""
            if misses.get(f"{name}.{kind}"):
                note = f"the cache missed in {misses[f'{name}.{kind}']} runs"
            rows.append(Row(f"status.{kind}.{name}", words, name, "ms",
                            samples[f"{name}.{kind}"], "`python -c pass`", samples["ref"],
                            Budget("ratio", limit) if limit else None,
                            note or ("" if limit else FLOOR_NOTE if kind == "floor"
                                     else "for information")))
    return rows


PARSE_ONLY = "import json, sys; json.loads(open(sys.argv[1], 'rb').read())"
"""What any computation from the data file costs at least: Python starting, reading
the file and parsing its JSON with the standard library's C parser."""
FLOOR_NOTE = ("for information: what `status` with no cache costs at least, "
              f"`python -c \"{PARSE_ONLY}\"` (no check, no replay)")


def one_shot(b: Bench) -> list[Row]:
    """A one-shot `smallwins done` (and `undo`) on heavy data, against `status` with
    no cache on the same file: a script's check-off costs at most twice a cold status."""
    env = clean_env()
    path = b.copy(b.heavy, "one-shot")
    first = first_ladder(path)
    samples: dict[str, list[float]] = {"write": [], "cold": []}
    state = {"done": False}

    def write() -> None:
        state["done"] = not state["done"]
        word = "done" if state["done"] else "undo"
        samples["write"].append(ms(timed_run(
            [b.smallwins, word, first, "--data", str(path), "--today", TODAY,
             "--config", str(b.config)], env)))

    def cold() -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}.status")
        samples["cold"].append(ms(timed_run(b.status_argv(path), env)))

    jobs = [write, cold]
    for job in jobs * 2:
        job()
    for values in samples.values():
        values.clear()
    for turn in range(b.reps(20, 5)):
        for job in rotated(jobs, turn):
            job()
    return [Row("oneshot.heavy", "one-shot `smallwins done` / `undo`", "heavy", "ms",
                samples["write"], "`smallwins status` with no cache", samples["cold"],
                Budget("ratio", 2))]


# ------------------------------------------------------- check-off: store


def durable_write(path: Path, payload: bytes) -> None:
    """The floor of any durable change: temp file, fsync, rename, fsync the folder."""
    temp = path.with_name(f".{path.name}.bench-tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)
    folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def checkoff_store(b: Bench) -> list[Row]:
    """Store intent -> durable write -> state recomputed, in this process.

    The real Store on a copy of each data file toggles the first ladder's win
    for today on and off; each toggle is one sample.  Its reference is the
    disk alone: a durable write of a file of the same size, in the same folder.
    """
    from datetime import date

    from smallwins.core.ledger import Ledger
    from smallwins.tui.store import Store

    today = date.fromisoformat(TODAY)
    samples: dict[str, list[float]] = {}
    jobs: list[Callable[[], None]] = []

    for ds in (b.typical, b.heavy):
        path = b.copy(ds, "checkoff-store")
        store = Store(Ledger(path), lambda: today)
        ladder_id = next(iter(store.states))
        scratch = path.with_name("reference.json")
        payload = path.read_bytes()

        def toggle(name: str = ds.name, store: Store = store, ladder_id: str = ladder_id) -> None:
            was = store.states[ladder_id].done_today
            start = time.perf_counter()
            outcome = store.toggle_win(ladder_id)
            elapsed = time.perf_counter() - start
            if not outcome.ok or store.states[ladder_id].done_today == was:
                raise RuntimeError(f"toggle_win({ladder_id!r}) did not toggle: {outcome}")
            samples.setdefault(name, []).append(ms(elapsed))

        def reference(name: str = ds.name, scratch: Path = scratch,
                      payload: bytes = payload) -> None:
            start = time.perf_counter()
            durable_write(scratch, payload)
            samples.setdefault(f"{name}.ref", []).append(ms(time.perf_counter() - start))

        jobs += [toggle, reference]

    for job in jobs * 2:
        job()
    for values in samples.values():
        values.clear()
    for turn in range(b.reps(40, 10)):
        for job in rotated(jobs, turn):
            job()
    ref = "durable write of the same bytes"
    what = "check-off in process: intent -> disk -> state"
    return [
        Row("checkoff.store.typical", what, "typical", "ms", samples["typical"], ref,
            samples["typical.ref"], Budget("max", 30)),
        Row("checkoff.store.heavy", what, "heavy", "ms", samples["heavy"], ref,
            samples["heavy.ref"], Budget("max", 100)),
    ]


# --------------------------------------------------------- check-off: key


def _await_checkoff(pane: Pane, timeout: float = 10.0) -> tuple[float, float | None, str]:
    """Send `space` and poll until the glyph changes (and, for the app, the file).

    Returns (seconds to both, seconds to the file on disk or None, new glyph).
    The file counts as written when a new one has been renamed into place.
    """
    server = pane.server
    glyph = pane.current_glyph()
    sig = _stat_sig(pane.data) if pane.data else None
    start = time.perf_counter()
    server.send_keys("space")
    disk: float | None = None if pane.data else start
    shown: float | None = None
    new_glyph = glyph
    deadline = start + timeout
    while disk is None or shown is None:
        if disk is None and pane.data and _stat_sig(pane.data) != sig:
            disk = time.perf_counter()
        if shown is None:
            screen = server.capture()
            now = time.perf_counter()
            seen = pane.glyph(screen)
            if seen is not None and seen != glyph:
                shown, new_glyph = now, seen
        if disk is None and pane.data and _stat_sig(pane.data) != sig:
            disk = time.perf_counter()
        if time.perf_counter() > deadline:
            raise TmuxError(f"{pane.label}: a check-off did not reach "
                            f"{'the screen' if shown is None else 'the file'} in {timeout:.0f} s")
        time.sleep(0.001)
    return max(disk, shown) - start, (disk - start if pane.data else None), new_glyph


def checkoff_key(b: Bench) -> list[Row]:
    """`space` on the Today screen until the file on disk and the pane both show it.

    Two references: the bare app flipping a glyph on `space` (the cost of tmux,
    Textual and the polling themselves, with nothing written), and that plus a
    durable write of a file of the same size in the same folder, timed in
    between: the least a key -> durable write -> repaint can cost here.
    """
    from smallwins.tui.widgets.ladder_list import DONE

    samples: dict[str, list[float]] = {}
    with opened(panes_for(b, "checkoff-key")) as panes:
        ladders = {pane.label: first_ladder(pane.data) for pane in panes if pane.data}
        payloads = {pane.label: pane.data.read_bytes() for pane in panes if pane.data}
        scratch = {pane.label: pane.data.with_name("reference.json")
                   for pane in panes if pane.data}
        for turn in range(b.reps(20, 5)):
            for pane in rotated(panes, turn):
                both, disk, glyph = _await_checkoff(pane)
                samples.setdefault(pane.label, []).append(ms(both))
                if pane.data and disk is not None:
                    samples.setdefault(f"{pane.label}.disk", []).append(ms(disk))
                    if has_win(pane.data, ladders[pane.label], TODAY) != (glyph == DONE):
                        raise RuntimeError(f"{pane.label}: the screen shows {glyph} but the "
                                           "file says otherwise")
                time.sleep(0.15)
            for label, payload in payloads.items():
                start = time.perf_counter()
                durable_write(scratch[label], payload)
                samples.setdefault(f"{label}.write", []).append(
                    ms(time.perf_counter() - start))
    what = "check-off in tmux: key -> disk + repaint"
    rows = []
    for name, limit in (("typical", 15.0), ("heavy", 30.0)):
        disk_median = statistics.median(samples[f"{name}.disk"])
        rows.append(Row(f"checkoff.key.{name}", what, name, "ms", samples[name],
                        f"{BARE}, key -> repaint", samples["bare"], Budget("max", limit),
                        f"key -> file on disk alone: median {disk_median:.1f} ms"))
    for name in ("typical", "heavy"):
        floor = [repaint + write for repaint, write
                 in zip(samples["bare"], samples[f"{name}.write"], strict=True)]
        rows.append(Row(f"checkoff.key.{name}.floor", what, name, "ms", samples[name],
                        f"{BARE}, key -> repaint + durable write of the same bytes", floor,
                        Budget("ratio", 2.5),
                        "durable write alone: median "
                        f"{statistics.median(samples[f'{name}.write']):.1f} ms"))
    return rows


# ------------------------------------------------------------------- move


MOVE_KEYS = {"today": ("j", "k"), "ladders": ("j", "k"), "heatmap": ("k", "j")}
"""On each main screen, a key that moves the selection and the one that moves it back
(the heatmap's cursor starts on today, which has no day after it)."""


def _await_screen(pane: Pane, key: str, want: str, timeout: float = 10.0) -> float:
    """Send `key` and poll the pane until it shows `want`; the seconds it took."""
    start = time.perf_counter()
    pane.server.send_keys(key)
    while pane.server.capture() != want:
        if time.perf_counter() - start > timeout:
            raise TmuxError(f"{pane.label}: `{key}` did not reach its screen in {timeout:.0f} s")
        time.sleep(0.001)
    return time.perf_counter() - start


def moving(b: Bench) -> list[Row]:
    """The selection moved on Today, Ladders and Heatmap, each in its own pane: from the
    key to the whole screen it leads to (learnt beforehand), the detail beside the list
    included; against the bare app's key -> repaint."""
    copies = {screen: b.copy(b.typical, f"move-{screen}") for screen in MOVE_KEYS}
    panes = [Pane("bare", b.bare_argv())] + [
        Pane(screen, b.app_argv(path), path, screen) for screen, path in copies.items()]
    samples: dict[str, list[float]] = {}
    with opened(panes) as opened_panes:
        screens: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {}
        for pane in opened_panes:
            keys = MOVE_KEYS.get(pane.label, ("space", "space"))
            if pane.label in MOVE_KEYS:
                pane.server.send_keys(SCREEN_KEYS[pane.label])
            start = pane.server.wait_stable(quiet=0.5)
            pane.server.send_keys(keys[0])
            moved = pane.server.wait_stable(quiet=0.5)
            pane.server.send_keys(keys[1])
            if pane.server.wait_stable(quiet=0.5) != start or moved == start:
                raise TmuxError(f"{pane.label}: {keys[0]} and {keys[1]} do not move there "
                                f"and back:\n{moved}")
            screens[pane.label] = ((keys[0], moved), (keys[1], start))
        for turn in range(b.reps(20, 5)):
            for pane in rotated(opened_panes, turn):
                for key, want in screens[pane.label]:
                    samples.setdefault(pane.label, []).append(ms(_await_screen(pane, key, want)))
                    time.sleep(0.1)
    return [Row(f"move.{screen}", f"move the selection in tmux, {screen.title()}: "
                "key -> whole screen", "typical", "ms", samples[screen],
                f"{BARE}, key -> repaint", samples["bare"],
                note=f"keys {' and '.join(MOVE_KEYS[screen])} in turn")
            for screen in MOVE_KEYS]


# ------------------------------------------------------------------- idle


def idle(b: Bench) -> list[Row]:
    """CPU used over a minute with no input, all three programs at once."""
    seconds = 15.0 if b.quick else 60.0
    with opened(panes_for(b, "idle")) as panes:
        time.sleep(2.0)
        pids = {pane.label: pane.server.pane_pid() for pane in panes}
        before = {label: (cpu_ns(pid), cpu_ticks(pid)) for label, pid in pids.items()}
        time.sleep(seconds)
        after = {label: (cpu_ns(pid), cpu_ticks(pid)) for label, pid in pids.items()}
    used = {label: ms((after[label][0] - before[label][0]) / 1e9) for label in pids}
    ticks = {label: after[label][1] - before[label][1] for label in pids}
    what = f"idle CPU over {seconds:.0f} s, tmux"
    return [
        Row(f"idle.{name}", what, name, "ms", [used[name]], BARE, [used["bare"]],
            Budget("ratio", 1.2),
            f"utime+stime {ticks[name]} ticks vs {ticks['bare']} ticks for the bare app "
            f"(1 tick = {1000 // os.sysconf('SC_CLK_TCK')} ms)")
        for name in ("typical", "heavy")
    ]


# ----------------------------------------------------------------- memory


INTERACTIONS = ("j", "k", "space", "space", "2", "3", "1")
"""Down, up, check off and back, visit Ladders and Heatmap, back to Today."""


def memory(b: Bench) -> list[Row]:
    """Peak RSS (VmHWM) after the first frame and a few interactions."""
    peak: dict[str, list[float]] = {}
    first: dict[str, list[float]] = {}
    for turn in range(b.reps(3, 1)):
        with opened(rotated(panes_for(b, f"memory-{turn}"), turn)) as panes:
            for pane in panes:
                first.setdefault(pane.label, []).append(
                    peak_rss_kib(pane.server.pane_pid()) * 1024 / MB)
            for key in INTERACTIONS:
                for pane in panes:
                    pane.server.send_keys(key)
                for pane in panes:
                    pane.server.wait_stable(quiet=0.4)
            for pane in panes:
                peak.setdefault(pane.label, []).append(
                    peak_rss_kib(pane.server.pane_pid()) * 1024 / MB)
    what = "peak RSS after a few keys"
    keys = " ".join(INTERACTIONS)
    return [
        Row(f"memory.{name}", what, name, "MB", peak[name], BARE, peak["bare"],
            Budget("over", 15 if name == "heavy" else 6),
            f"keys {keys}; peak after the first frame alone: "
            f"{statistics.median(first[name]):.1f} MB "
            f"(bare {statistics.median(first['bare']):.1f} MB)"
            , difference=True)
        for name in ("heavy", "typical")
    ]


# ------------------------------------------------------------------ bytes


def _wait_quiet(path: Path, quiet: float = 0.3, timeout: float = 10.0) -> int:
    """The file's size once it has stopped growing for `quiet` seconds."""
    deadline = time.perf_counter() + timeout
    size = path.stat().st_size if path.exists() else 0
    since = time.perf_counter()
    while time.perf_counter() < deadline:
        time.sleep(0.01)
        now_size = path.stat().st_size if path.exists() else 0
        if now_size != size:
            size, since = now_size, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            return size
    raise TmuxError(f"the terminal output in {path} never stopped")


BYTES_BUDGETS = {"today": 400, "ladders": 600, "heatmap": 1000}
"""Bytes a check-off may send on each main screen, its message line included."""


def terminal_bytes(b: Bench) -> list[Row]:
    """Bytes written to the terminal by one check-off, through `tmux pipe-pane`,
    on each main screen (each in its own pane, on its own copy of the typical file)."""
    samples: dict[str, list[float]] = {}
    panes = [Pane("bare", b.bare_argv())]
    for screen in BYTES_BUDGETS:
        path = b.copy(b.typical, f"bytes-{screen}")
        panes.append(Pane(screen, b.app_argv(path), path, screen=screen))
    with opened(panes):
        logs = {}
        for pane in panes:
            if pane.is_app and pane.screen != "today":
                pane.server.send_keys(SCREEN_KEYS[pane.screen])
                pane.server.wait_for(lambda screen, p=pane: p.glyph(screen) is not None,
                                     timeout=10, what=f"the {pane.screen} screen")
                pane.server.wait_stable(quiet=0.5)
            logs[pane.label] = b.workdir / f"bytes-{pane.label}.out"
            pane.server.pipe_to(logs[pane.label])
        for turn in range(b.reps(10, 3)):
            for pane in rotated(panes, turn):
                log = logs[pane.label]
                before = _wait_quiet(log)
                glyph = pane.current_glyph()
                pane.server.send_keys("space")
                pane.server.wait_for(pane.changed_from(glyph), timeout=10,
                                     what=f"{pane.label} check-off")
                samples.setdefault(pane.label, []).append(float(_wait_quiet(log) - before))
    return [Row(f"bytes.{screen}" if screen != "today" else "bytes.typical",
                f"bytes to the terminal per check-off, {screen.title()}", "typical", "B",
                samples[screen], f"{BARE}, one glyph", samples["bare"],
                Budget("max", limit))
            for screen, limit in BYTES_BUDGETS.items()]


# ---------------------------------------------------------------- scaling

SCALE_LADDERS = (5, 20, 50, 200)
SCALE_YEARS = (1, 3, 10, 20)


def scaling(b: Bench) -> list[Row]:
    """How the cost grows with work: first frame, check-off and peak memory for
    5-200 ladders (3 years each) and 1-20 years (20 ladders), on demo files.

    It should grow with the marks on screen, not with the history: a person
    with ten years behind them must not wait ten times as long.
    """
    from bench.datasets import Dataset

    grid = sorted({(n, 3) for n in SCALE_LADDERS} | {(20, y) for y in SCALE_YEARS})
    bare = Pane("bare", b.bare_argv())
    with opened([bare]):
        pass
    bare_frames = [_frame_once(bare) for _ in range(b.reps(3, 1))]
    rows: list[Row] = []
    for ladders, years in grid:
        ds = Dataset(f"{ladders}x{years}", ladders, years,
                     b.workdir / "scale" / f"{ladders}x{years}" / "smallwins.json")
        ds.make(b.smallwins, b.config)
        path = b.copy(ds, "scale")
        pane = Pane(f"scale-{ds.name}", b.app_argv(path), path)
        with opened([pane]):
            pass
        frames = [_frame_once(pane) for _ in range(b.reps(3, 1))]
        checkoffs: list[float] = []
        with opened([pane]):
            for _ in range(b.reps(6, 2)):
                both, _disk, _glyph = _await_checkoff(pane)
                checkoffs.append(ms(both))
                time.sleep(0.15)
            rss = peak_rss_kib(pane.server.pane_pid()) * 1024 / MB
        wins = count_wins(ds.path)
        key = f"scale.{ladders}x{years}"
        what = f"{ladders} ladders x {years} year{'' if years == 1 else 's'} ({wins:,} wins)"
        rows += [Row(f"{key}.frame", f"first frame: {what}", ds.name, "ms", frames, BARE,
                     bare_frames),
                 Row(f"{key}.checkoff", f"check-off: {what}", ds.name, "ms", checkoffs),
                 Row(f"{key}.rss", f"peak RSS: {what}", ds.name, "MB", [rss])]
    return rows


def _frame_once(pane: Pane) -> float:
    """Spawn to the settled first screen, once, in a fresh tmux server (ms)."""
    server = Tmux(f"frame1-{pane.label}")
    try:
        start = time.perf_counter()
        server.start(pane.argv)
        seen, _ = server.wait_for(pane.first_screen.__eq__, timeout=60,
                                  what=f"{pane.label} first screen")
        return ms(seen - start)
    finally:
        server.kill()


# ------------------------------------------------------------- data file


def data_file(b: Bench) -> list[Row]:
    """File size over the number of wins it records."""
    rows = []
    for ds in (b.typical, b.heavy):
        size = ds.path.stat().st_size
        wins = count_wins(ds.path)
        rows.append(Row(f"file.{ds.name}", "data file bytes per win", ds.name, "B/win",
                        [size / wins], budget=Budget("max", 40),
                        note=f"{size:,} bytes, {wins:,} wins, {ds.ladders} ladders"))
    return rows


CASES: dict[str, Callable[[Bench], list[Row]]] = {
    "file": data_file,
    "status": status,
    "one-shot": one_shot,
    "checkoff": checkoff_store,
    "frame": first_frame,
    "checkoff-key": checkoff_key,
    "move": moving,
    "bytes": terminal_bytes,
    "memory": memory,
    "idle": idle,
    "scaling": scaling,
}
"""Every case by the name `--only` takes, in the order they run."""

NOTES: dict[str, str] = {
    "file": "data file: the demo file's size divided by its wins (read with "
            "`DataFile(path).read()` and `ladder_from_doc`).",
    "status": "status: `smallwins status` and `python -c pass` (the venv's python for both) "
              "run alternately by posix_spawn, output to /dev/null: cached; right after a "
              "`smallwins done`/`undo` by another process (not timed); with the cache file "
              "deleted; and on a new day over yesterday's cache.",
    "one-shot": "one-shot: `smallwins done`/`undo` on the first ladder of the heavy file, "
                "alternately, against `smallwins status` with its cache deleted, same file.",
    "checkoff": "check-off in process: `Store.toggle_win` on the first ladder, on and off, "
                "on a copy of the data file (lock, re-read check, write through TinyDB with "
                "fsync and rename, backup link, replay of the ladder); the reference is a "
                "durable write (temp file, fsync, rename, fsync folder) of the same bytes.",
    "frame": "first frame: from `tmux new-session -d -x 80 -y 24` to the first "
             "`capture-pane -p` (polled every 5 ms) equal to the program's settled first "
             "screen, learnt beforehand; a fresh tmux server per run.",
    "checkoff-key": "check-off in tmux: `send-keys space` on the Today screen, then the file's "
                    "stat is polled (a new file renamed into place) and the pane captured "
                    "until the selected ladder's glyph changes; the sample is the later of "
                    "the two.  Each file change is then read back and checked.  The floor "
                    "row's reference is the bare app's key -> repaint plus a durable write "
                    "(temp file, fsync, rename, fsync folder) of the same bytes in the same "
                    "folder, timed after each round.",
    "move": "move: `send-keys j` then `k` on Today and Ladders (`k` then `j` on Heatmap), each "
            "screen in its own pane on typical data, until the pane is the whole screen the "
            "key leads to, learnt beforehand (on Ladders the details of the ladder moved to "
            "too); the bare app's `space` the same way.",
    "bytes": "bytes: `tmux pipe-pane -o 'cat >> FILE'` on the pane; after 0.3 s without "
             "output, one `space`, then until the glyph changes and output stops for 0.3 s; "
             "on Today, and on Ladders and Heatmap (opened by their keys first), each in "
             "its own pane.",
    "memory": "memory: VmHWM from /proc/PID/status of the pane's process after the first "
              "frame and the keys listed in the details (each followed by a settled screen).",
    "scaling": "scaling: demo files of 5, 20, 50 and 200 ladders (3 years) and 1, 3, 10 "
               "and 20 years (20 ladders); first frame as in `frame`, check-off as in "
               "`checkoff-key`, peak RSS (VmHWM) after the check-offs.",
    "idle": "idle CPU: the bare app and smallwins on both data sets at once, each in its own "
            "tmux server; CPU time of the pane's process over the window with no input, from "
            "the kernel's per-process CPU clock (ns); utime+stime from /proc/PID/stat is in "
            "the details (whole 10 ms ticks, too coarse for a ratio).",
}
