"""The fresh processes of `make profile` (bench/profile.py): one part each.

`python bench/phases.py status|opening|settle|memory|against ARGS` (`USAGE`): the day
and the keys come from bench/profile.py, which has them from the bench.
Nothing is imported at the top but what Python has imported before any
program runs, so the process imports what the program does and no more; the
results are printed as lines of `name<TAB>number`, without `json` (the
status line does not import it).
"""

from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


STATUS_PHASES = (
    ("smallwins.core.ledger", "Ledger.load", "read, parse and check the file"),
    ("smallwins.core.summary", "states_of", "replay every day"),
    ("smallwins.core.status", "full_info", "the line's numbers"),
    ("smallwins.core.status", "write_cache", "write the cache"),
)
OPENING_PHASES = (
    ("smallwins.core.ledger", "Ledger.load", "store: read, parse and check the file"),
    ("smallwins.tui.store", "Store._opening_carries", "store: the cache's carries and levels"),
    ("smallwins.tui.store", "Store._recompute_all", "store: replay from the carries"),
    ("smallwins.tui.store", "Store._make_snapshot", "store: the first snapshot"),
)
GROUPS = (("<frozen importlib", "modules' code"), ("/textual/", "Textual and Rich"),
          ("/rich/", "Textual and Rich"), ("/smallwins/", "smallwins"))
"""Where live Python memory was made, by the file of the innermost frame."""


class Clock:
    """Exclusive wall time of wrapped functions, by phase name: what a wrapped
    function spends inside another wrapped one counts for the inner one only."""

    def __init__(self, now: Callable[[], float] = time.perf_counter) -> None:
        self.spent: dict[str, float] = {}
        self._nested = [0.0]
        self._now = now

    def wrap(self, module: str, dotted: str, name: str) -> None:
        import importlib

        owner: Any = importlib.import_module(module)
        *outer, attribute = dotted.split(".")
        for part in outer:
            owner = getattr(owner, part)
        inner = getattr(owner, attribute)
        clock = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            clock._nested.append(0.0)
            start = clock._now()
            try:
                return inner(*args, **kwargs)
            finally:
                took = clock._now() - start
                within = clock._nested.pop()
                clock.spent[name] = clock.spent.get(name, 0.0) + took - within
                clock._nested[-1] += took

        setattr(owner, attribute, timed)
        if not outer:  # a function: also where another module imported it by name
            for other in list(sys.modules.values()):
                if getattr(other, attribute, None) is inner:
                    setattr(other, attribute, timed)


def status(data: str, config: str, today: str) -> dict[str, float]:
    """The phases of one `smallwins status` with no cache."""
    start = time.perf_counter()
    from smallwins.core.status import _c_datetime

    _c_datetime()  # as `fast_main` does before anything else is imported
    import smallwins.tui.main as entry

    clock = Clock()
    for module, dotted, name in STATUS_PHASES:
        clock.wrap(module, dotted, name)
    imported = time.perf_counter()
    shown, sys.stdout = sys.stdout, open(os.devnull, "w")  # noqa: SIM115
    try:
        code = entry.main(["status", "--data", data, "--today", today, "--config", config])
        end = time.perf_counter()
    finally:
        sys.stdout.close()
        sys.stdout = shown
    if code != 0:
        raise SystemExit(f"status exited with {code}")
    return {"import the status line's modules": imported - start, **clock.spent,
            "the rest": end - imported - sum(clock.spent.values())}


def opening(data: str, today: str) -> dict[str, float]:
    """The phases of the app's opening up to `App.run`, in the order and with the
    garbage collector as the program has them (tui/main.py, tui/run.py): the
    collector off, the store opened, then Textual and the app imported."""
    import gc

    gc.disable()
    start = time.perf_counter()
    from datetime import date
    from pathlib import Path

    from smallwins.core.config import Config
    from smallwins.core.ledger import Ledger

    clock = Clock()
    for module, dotted, name in OPENING_PHASES:
        clock.wrap(module, dotted, name)
    from smallwins.tui.store import Store

    ours = time.perf_counter()
    day = date.fromisoformat(today)
    store = Store(Ledger(Path(data)), lambda: day, Config())
    opened = time.perf_counter()
    import textual.app  # noqa: F401 - what a bare Textual app imports first
    import textual.widgets  # noqa: F401

    textual_done = time.perf_counter()
    from smallwins.tui.app import SmallWinsApp

    app_imported = time.perf_counter()
    SmallWinsApp(store, Config())
    made = time.perf_counter()
    return {"import ours (the store's modules)": ours - start, **clock.spent,
            "store: the rest": opened - ours - sum(clock.spent.values()),
            "import Textual (a bare app too)": textual_done - opened,
            "import ours (the app's modules)": app_imported - textual_done,
            "make the app object": made - app_imported}


def settle(data: str, today: str) -> dict[str, float]:
    """Leave the status cache as the app does a moment after opening (`cache_status`):
    with each ladder's level history, which the next opening starts from."""
    from datetime import date
    from pathlib import Path

    from smallwins.core.config import Config
    from smallwins.core.ledger import Ledger
    from smallwins.tui.store import Store

    day = date.fromisoformat(today)
    store = Store(Ledger(Path(data)), lambda: day, Config())
    store.cache_status()
    return {"opened from the cache": float(store.opened_from_cache)}


def memory(data: str, today: str, keys: str, traced: str) -> dict[str, float]:
    """Memory after each key of `keys` (the bench's memory case), headless at 80x24: resident
    and peak (`traced` "no"), or live Python memory by where it was made ("yes":
    tracing costs memory of its own, so the two are separate processes)."""
    import gc

    gc.disable()  # as the program until its first frame (tui/main.py)
    if traced == "yes":
        import tracemalloc

        tracemalloc.start()
    found: dict[str, float] = {}
    steps = [0]

    def record(step: str, last: bool = False) -> None:
        key = f"{steps[0]:02d} {step}"
        steps[0] += 1
        measured = _sizes() if traced != "yes" else _live_by_group()
        found.update({f"{key}|{name}": value for name, value in measured.items()})

    record("Python")
    from datetime import date
    from pathlib import Path

    from smallwins.core.config import Config
    from smallwins.core.ledger import Ledger
    from smallwins.tui.store import Store

    record("+ the store's modules imported")
    day = date.fromisoformat(today)
    store = Store(Ledger(Path(data)), lambda: day, Config())
    record("+ the store opened")
    import textual.app  # noqa: F401

    record("+ Textual imported")
    from smallwins.tui.app import SmallWinsApp

    record("+ the app's modules imported")
    app = SmallWinsApp(store, Config(), poll_seconds=3600, rollover_seconds=3600)
    _press(app, keys, record)
    return found


def _sizes() -> dict[str, float]:
    """The process's resident and peak memory now (/proc/self/status)."""
    with open("/proc/self/status") as status:
        sizes = {line.split(":")[0]: int(line.split()[1]) * 1024 for line in status
                 if line.startswith(("VmRSS", "VmHWM"))}
    return {"resident": sizes["VmRSS"], "peak": sizes["VmHWM"]}


def _live_by_group() -> dict[str, float]:
    """Live Python memory now (traced), by where it was made (`GROUPS`), tracing's own
    records left out."""
    import tracemalloc

    found: dict[str, float] = {}
    for stat in tracemalloc.take_snapshot().statistics("filename"):
        where = stat.traceback[0].filename
        if where != tracemalloc.__file__:
            group = next((name for part, name in GROUPS if part in where), "the rest")
            found[group] = found.get(group, 0.0) + stat.size
    return found


def _press(app: Any, keys: str, after: Callable[[str, bool], None]) -> None:
    """Run `app` headless at 80x24 and press `keys`, each followed by a settled screen;
    `after(step, last)` after the first frame and after each key.  smallwins collects
    its garbage once its first frame is up, as the program does."""
    import asyncio

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.5)
            if type(app).__module__.startswith("smallwins."):
                from smallwins.tui.run import _collect_from_now_on

                _collect_from_now_on()  # as the program once its first frame is up
            pressed = keys.split()
            after("+ first frame", not pressed)
            for index, key in enumerate(pressed, 1):
                await pilot.press(key)
                await pilot.pause(0.4)
                after(f"+ key {key}", index == len(pressed))

    asyncio.run(drive())


WHO = ("smallwins", "bare", "three-screens")
"""What `against` runs: the program, the budget's reference (bench/bare_app.py), or a
plain Textual app with three screens like smallwins' (bench/three_screens.py)."""


def against(who: str, data: str, today: str, keys: str, traced: str) -> dict[str, float]:
    """The bench's memory case to its end, headless at 80x24, for smallwins, the bare
    app or the plain app with three screens (`who`; the last two read no data): peak
    and resident memory (`traced` "no"); or ("yes") the live Python memory left at the
    end, by where it was made (`GROUPS`), and by the module whose import made it (each
    module's own: its code, its classes, its values at the top level, not what the
    modules it imports make), "module|<name>"."""
    import gc

    found: dict[str, float] = {}
    if traced == "yes":
        import _frozen_importlib_external as loading
        import tracemalloc

        # Python's table of interned names grows by doubling, once in a while: the
        # import that happens to cross a size would be charged for all of it.  Grow
        # it first, untraced, past what the program will add (the names are held:
        # the table would shrink back to fit the ones left at its next growth).
        held = list(map(sys.intern, map("{}\x00interned".format, range(100_000))))
        found["interned names held"] = len(held)
        tracemalloc.start()
        plain = loading._LoaderBasics.exec_module
        inner: list[int] = []

        def exec_module(loader: Any, module: Any) -> None:
            before = tracemalloc.get_traced_memory()[0]
            inner.append(0)
            try:
                plain(loader, module)
            finally:
                theirs = inner.pop()
                made = tracemalloc.get_traced_memory()[0] - before
                found[f"module|{module.__name__}"] = made - theirs
                if inner:
                    inner[-1] += made

        loading._LoaderBasics.exec_module = exec_module
    if who == "smallwins":
        gc.disable()  # as the program until its first frame (tui/main.py)
        from datetime import date
        from pathlib import Path

        from smallwins.core.config import Config
        from smallwins.core.ledger import Ledger
        from smallwins.tui.store import Store

        day = date.fromisoformat(today)
        store = Store(Ledger(Path(data)), lambda: day, Config())
        from smallwins.tui.app import SmallWinsApp

        app: Any = SmallWinsApp(store, Config(), poll_seconds=3600, rollover_seconds=3600)
    elif who == "bare":
        from bare_app import BareApp  # bench/bare_app.py, beside this file

        app = BareApp()
    else:
        from three_screens import ThreeScreensApp  # bench/three_screens.py

        app = ThreeScreensApp()

    def at_the_end(step: str, last: bool) -> None:
        if last:
            gc.collect()
            found.update(_sizes() if traced != "yes" else
                         {f"live|{group}": size for group, size in _live_by_group().items()})

    _press(app, keys, at_the_end)
    return found


USAGE = ("usage: python bench/phases.py status DATA CONFIG DAY | opening DATA DAY"
         " | settle DATA DAY | memory DATA DAY KEYS yes|no"
         " | against smallwins|bare|three-screens DATA DAY KEYS yes|no")


def main(argv: list[str]) -> int:
    parts = {"status": (status, 3), "opening": (opening, 2), "settle": (settle, 2),
             "memory": (memory, 4), "against": (against, 5)}
    if not argv or argv[0] not in parts or len(argv) - 1 != parts[argv[0]][1] or (
            argv[0] == "against" and (argv[1] not in WHO or argv[5] not in ("yes", "no"))):
        sys.stderr.write(USAGE + "\n")
        return 2
    found = parts[argv[0]][0](*argv[1:])
    sys.stdout.write("".join(f"{name}\t{value!r}\n" for name, value in found.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
