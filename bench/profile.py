"""Where the time and memory of the budgets not met go: `make profile`.

`make bench` says how long and how large; this says what for, on the same
demo files.  Each part runs the program's own code in fresh processes and
times its phases from outside the code: a few of its functions are wrapped
with a clock (each phase's time is its own, what a wrapped function calls
inside another is counted once), nothing else is changed, and the rest of
the process is "the rest".

- `status` with no cache: Python starting (`python -c pass`, the budget's
  reference), importing the status line's modules, reading and checking the
  file, the replay, the line's numbers, writing the cache; beside it the plain
  call's own wall time in the same rotation.
- the app's opening up to `App.run`, in the program's order and with its
  garbage collector off, as it is until the first frame: importing the
  store's modules, the store's phases, importing Textual (a bare app pays
  it too) and the app's modules, making the app object.
- memory: after each step of the bench's memory case (headless, 80x24), the
  process's resident and peak memory and the live Python memory by where it
  was made: our modules' code, Textual and Rich, smallwins, the rest.
- memory against the bare app: the same case to its end for smallwins and the
  bare app (the budget's reference), side by side, and the modules only
  smallwins imports by the live Python memory their import made; then the peak
  of a plain Textual app with three screens like smallwins' (what Textual
  itself keeps for the design) and of smallwins on the same ladders with a
  week of history (what it holds before the history), between the two.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.cases import INTERACTIONS
from bench.datasets import TODAY, Dataset, a_week_of, datasets
from bench.phases import GROUPS as MADE_IN
from bench.proc import timed_run
from bench.three_screens import ROWS
from bench.tmux import clean_env
from smallwins.core.status import CACHE_SUFFIX

RESULTS = Path(__file__).resolve().parent / "results" / "profile.md"
PHASES = Path(__file__).resolve().parent / "phases.py"
KEYS = " ".join(INTERACTIONS)
RUNS = 9
"""Fresh processes per data set and part (medians are shown)."""
GROUPS = (*dict.fromkeys(name for _, name in MADE_IN), "the rest")
"""The memory table's columns: where live memory was made (bench/phases.py)."""


def run_part(python: str, *args: str) -> dict[str, float]:
    """What one fresh process of bench/phases.py found: phase (or step) -> number."""
    done = subprocess.run([python, str(PHASES), *args], capture_output=True, text=True,
                          check=False, env=clean_env())
    if done.returncode != 0:
        raise RuntimeError(f"bench/phases.py {args[0]} failed: {done.stderr.strip()[-400:]}")
    return {name: float(value) for name, value in
            (line.split("\t") for line in done.stdout.splitlines())}


def _medians(samples: list[dict[str, float]]) -> dict[str, float]:
    return {name: statistics.median(s.get(name, 0.0) for s in samples) for name in samples[0]}


def _table(title: str, columns: Sequence[str], rows: dict[str, list[str]]) -> str:
    lines = [f"| {title} | " + " | ".join(columns) + " |",
             "| --- | " + " | ".join("---" for _ in columns) + " |"]
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows.items()]
    return "\n".join(lines)


def _status_argv(smallwins: str, ds: Dataset, config: Path) -> list[str]:
    return [smallwins, "status", "--data", str(ds.path), "--today", TODAY,
            "--config", str(config)]


def profile_status(python: str, smallwins: str, sets: Sequence[Dataset],
                   config: Path) -> str:
    """`status` with no cache, by phase, beside `python -c pass` and the plain call."""
    rows: dict[str, list[str]] = {}
    for ds in sets:
        samples: list[dict[str, float]] = []
        passes: list[float] = []
        plain: list[float] = []
        cache = Path(f"{ds.path}{CACHE_SUFFIX}")
        for turn in range(RUNS + 1):
            if turn == 1:  # the first round warms the file cache and is dropped
                samples, passes, plain = [], [], []
            passes.append(timed_run([python, "-c", "pass"], clean_env()))
            cache.unlink(missing_ok=True)
            plain.append(timed_run(_status_argv(smallwins, ds, config), clean_env()))
            cache.unlink(missing_ok=True)
            samples.append(run_part(python, "status", str(ds.path), str(config), TODAY))
        ref = statistics.median(passes)
        phases = _medians(samples)
        shown = {"Python starting (`python -c pass`)": ref, **phases,
                 "sum of the above": ref + sum(phases.values()),
                 "`smallwins status` on its own, same rotation": statistics.median(plain)}
        for name, value in shown.items():
            rows.setdefault(name, []).append(f"{value * 1000:.1f}")
    return _table("`status` with no cache, ms (median)", [ds.name for ds in sets], rows)


def profile_opening(python: str, sets: Sequence[Dataset]) -> str:
    """The app's opening up to `App.run`, by phase, with the cache the app leaves."""
    rows: dict[str, list[str]] = {}
    for ds in sets:
        phases = _medians([run_part(python, "opening", str(ds.path), TODAY) for _ in range(RUNS)])
        phases["ours in all (not Textual's import)"] = sum(
            value for name, value in phases.items() if not name.startswith("import Textual"))
        for name, value in phases.items():
            rows.setdefault(name, []).append(f"{value * 1000:.1f}")
    return _table("the app's opening up to `App.run`, ms (median)",
                  [ds.name for ds in sets], rows)


def profile_memory(python: str, ds: Dataset) -> str:
    """Resident and peak memory after each step (median of three processes), and the
    live Python memory by where it was made (one traced process)."""
    part = ("memory", str(ds.path), TODAY, KEYS)
    sizes = _medians([run_part(python, *part, "no") for _ in range(3)])
    traced = run_part(python, *part, "yes")
    steps = sorted({name.split("|")[0] for name in sizes})
    rows = {step[3:]: [f"{sizes[f'{step}|resident'] / 1e6:.1f}",
                       f"{sizes[f'{step}|peak'] / 1e6:.1f}"]
            + [f"{traced.get(f'{step}|{group}', 0.0) / 1e6:.2f}" for group in GROUPS]
            for step in steps}
    return _table(f"memory, {ds.name} data, MB", ["resident", "peak"]
                  + [f"live Python: {group}" for group in GROUPS], rows)


MODULES_SHOWN = 12
"""The modules listed by name in the table of what only smallwins imports."""


def _against(python: str, who: str, ds: Dataset, traced: bool) -> dict[str, float]:
    """`against` for `who` on `ds`: the median of three processes' sizes, or one traced."""
    part = ("against", who, str(ds.path), TODAY, KEYS)
    if traced:
        return run_part(python, *part, "yes")
    return _medians([run_part(python, *part, "no") for _ in range(3)])


def _mb(value: float, sign: bool = False) -> str:
    return f"{value / 1e6:+.2f}" if sign else f"{value / 1e6:.2f}"


def profile_floors(python: str, ds: Dataset, week: Dataset,
                   measured: dict[str, dict[str, float]]) -> str:
    """Peak memory at the end of the same memory case for the bare app, a plain app
    with three screens, smallwins on `week` (its ladders, a week of history) and on
    `ds` (`measured` holds the bare app's and smallwins' on `ds` already)."""
    peaks = [
        ("the bare Textual app (the budget's reference)", measured["bare"]["peak"]),
        (f"a plain Textual app with three screens of {ROWS} rows of text "
         "(bench/three_screens.py)", _against(python, "three-screens", ds, traced=False)["peak"]),
        (f"smallwins, {week.ladders} ladders with a week of history",
         _against(python, "smallwins", week, traced=False)["peak"]),
        (f"smallwins, {ds.name} data ({ds.ladders} ladders, {ds.years:g} years)",
         measured["smallwins"]["peak"]),
    ]
    bare, three = peaks[0][1], peaks[1][1]
    rows = {name: [_mb(peak), _mb(peak - bare, sign=True) if at > 0 else "-",
                   _mb(peak - three, sign=True) if at > 1 else "-"]
            for at, (name, peak) in enumerate(peaks)}
    return _table("peak resident at the end of the memory case, MB (median of 3)",
                  ["peak", "over the bare app", "over three plain screens"], rows)


def profile_against(python: str, ds: Dataset, week: Dataset) -> str:
    """smallwins and the bare app at the end of the same memory case; and what the
    modules only smallwins imports made, module by module; and where smallwins stands
    between the bare app, a plain app with three screens and itself with little data."""
    (ours, ours_live), (bare, bare_live) = (
        (_against(python, who, ds, traced=False), _against(python, who, ds, traced=True))
        for who in ("smallwins", "bare"))
    rows: dict[str, list[str]] = {}
    for name, key in (("peak resident (VmHWM)", "peak"), ("resident", "resident")):
        rows[name] = [_mb(ours[key]), _mb(bare[key]), _mb(ours[key] - bare[key], sign=True)]
    for group in (*GROUPS, "all"):
        mine, theirs = (sum(value for key, value in live.items() if key.startswith("live|"))
                        if group == "all" else live.get(f"live|{group}", 0.0)
                        for live in (ours_live, bare_live))
        rows[f"live Python: {group}"] = [_mb(mine), _mb(theirs), _mb(mine - theirs, sign=True)]
    made = {key[7:]: value for key, value in ours_live.items() if key.startswith("module|")}
    made_bare = {key[7:] for key in bare_live if key.startswith("module|")}
    only = {name: value for name, value in made.items() if name not in made_bare}
    own = {name: value for name, value in only.items() if name.split(".")[0] == "smallwins"}
    shared = sum(value for name, value in made.items() if name in made_bare) - sum(
        value for key, value in bare_live.items()
        if key.startswith("module|") and key[7:] in made)
    rows[f"imports only smallwins makes: its own {len(own)} modules"] = [
        _mb(sum(own.values())), "-", _mb(sum(own.values()), sign=True)]
    others = sorted(name for name in only if name not in own)
    rows["imports only smallwins makes: " + ", ".join(sorted({n.split(".")[0] for n in others}))
         ] = ["-", "-", _mb(sum(only[name] for name in others), sign=True)]
    rows["imports both make"] = ["-", "-", _mb(shared, sign=True)]
    first = _table(f"memory at the end of the memory case, {ds.name} data, MB",
                   ["smallwins", "bare Textual app", "difference"], rows)
    listed = sorted(only.items(), key=lambda item: -item[1])
    module_rows = {f"`{name}`": [f"{value / 1e3:.0f}"] for name, value in listed[:MODULES_SHOWN]}
    module_rows[f"the other {len(listed) - MODULES_SHOWN} modules"] = [
        f"{sum(value for _, value in listed[MODULES_SHOWN:]) / 1e3:.0f}"]
    module_rows["all the modules only smallwins imports"] = [f"{sum(only.values()) / 1e3:.0f}"]
    second = _table("module only smallwins imports", ["live Python memory its import made, kB"],
                    module_rows)
    floors = profile_floors(python, ds, week, {"smallwins": ours, "bare": bare})
    return first + "\n\n" + second + "\n\n" + floors


def main() -> int:
    python = sys.executable
    smallwins = str(Path(python).parent / "smallwins")
    with tempfile.TemporaryDirectory(prefix="smallwins-profile-") as folder:
        config = Path(folder) / "no-config.toml"
        sets = datasets(Path(folder) / "data")
        week = a_week_of(sets[0])
        for ds in (*sets, week):
            print(f"profile: making {ds.name} data", file=sys.stderr)
            ds.make(smallwins, config)
        print("profile: status with no cache", file=sys.stderr)
        parts = [profile_status(python, smallwins, sets, config)]
        for ds in sets:  # the opening as it usually is: after the app has run once
            run_part(python, "settle", str(ds.path), TODAY)
        print("profile: the opening", file=sys.stderr)
        parts.append(profile_opening(python, sets))
        print("profile: memory", file=sys.stderr)
        parts.append(profile_memory(python, sets[0]))
        print("profile: memory against the bare app", file=sys.stderr)
        parts.append(profile_against(python, sets[0], week))
    text = "# Where the time and memory go (`make profile`)\n\n" + "\n\n".join(parts) + "\n"
    RESULTS.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
