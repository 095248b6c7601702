"""Check, zone by zone, mutants of the rollover that docs/MUTANTS.md calls equivalent.

    python -m mutate.tzcheck [--min-jump SECONDS] [--sample N] ID [ID ...]

Some changes to `next_rollover` could only show in a zone whose clock jumps
back by more than a day, or by exactly one second; the time zone database has
neither.  This compares `next_rollover` with each named mutant of
core/dates.py around every transition of the database (the tzdata package)
whose jump is at least --min-jump seconds, or a random sample of N of them:
every day start hour, at instants every 20 minutes from 36 hours before the
transition to 36 hours after.  It prints the cases that differ and exits 1 if
any did.  It takes minutes; `make mutate` does not run it.
"""

from __future__ import annotations

import argparse
import random
import struct
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

from mutate.mutants import mutated_tree

ROOT = Path(__file__).resolve().parent.parent
DATES = "core/dates.py"


def transitions(data: bytes) -> Iterator[tuple[int, int]]:
    """(instant, jump in seconds) of each transition in a TZif file (version 2 or later)."""
    def counts(at: int) -> tuple[int, ...]:
        return struct.unpack(">6l", data[at + 20:at + 44])

    isut, isstd, leap, count, types, chars = counts(0)
    at = 44 + count * 5 + types * 6 + chars + leap * 8 + isstd + isut  # skip version 1
    isut, isstd, leap, count, types, chars = counts(at)
    at += 44
    times = struct.unpack(f">{count}q", data[at:at + 8 * count])
    kinds = data[at + 8 * count:at + 9 * count]
    at += 9 * count
    offsets = [struct.unpack(">l", data[at + 6 * i:at + 6 * i + 4])[0] for i in range(types)]
    previous = offsets[0]
    for instant, kind in zip(times, kinds, strict=True):
        yield instant, offsets[kind] - previous
        previous = offsets[kind]


def jumps(min_jump: int) -> list[tuple[str, int]]:
    """Every (zone, instant) whose clock jumps by at least `min_jump` seconds, 1800-2100."""
    root = Path(str(files("tzdata").joinpath("zoneinfo")))
    found = []
    for path in sorted(root.rglob("*")):
        data = path.read_bytes() if path.is_file() else b""
        if data[:4] != b"TZif" or data[4:5] < b"2":
            continue
        name = str(path.relative_to(root))
        found += [(name, t) for t, jump in transitions(data)
                  if abs(jump) >= min_jump and -5_364_662_400 < t < 4_102_444_800]
    return found


def mutant_module(mutant_id: str) -> ModuleType:
    module = ModuleType(f"dates_{mutant_id}")
    tree = mutated_tree(ROOT / DATES, DATES, mutant_id)
    exec(compile(tree, str(ROOT / DATES), "exec"), module.__dict__)  # noqa: S102
    return module


def answer(module: ModuleType, now: datetime, hour: int) -> float | str:
    try:
        return float(module.next_rollover(now, hour).timestamp())
    except Exception as exc:  # noqa: BLE001 - a mutant may fail where the code does not
        return repr(exc)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m mutate.tzcheck",
                                     description=(__doc__ or "").split("\n")[0])
    parser.add_argument("ids", nargs="+", metavar="ID", help="mutants of core/dates.py")
    parser.add_argument("--min-jump", type=int, default=5400, metavar="SECONDS")
    parser.add_argument("--sample", type=int, metavar="N", help="only N random transitions")
    args = parser.parse_args(list(argv))
    from smallwins.core import dates

    mutants = {mutant_id: mutant_module(mutant_id) for mutant_id in args.ids}
    places = jumps(args.min_jump)
    if args.sample is not None and args.sample < len(places):
        places = random.Random(1).sample(places, args.sample)
    differences = {mutant_id: 0 for mutant_id in mutants}
    cases = 0
    for name, instant in places:
        zone = ZoneInfo(name)
        for step in range(-108, 109):
            now = datetime.fromtimestamp(instant + step * 1200, UTC).astimezone(zone)
            for hour in range(24):
                expected = answer(dates, now, hour)
                cases += 1
                for mutant_id, module in mutants.items():
                    got = answer(module, now, hour)
                    if got != expected:
                        differences[mutant_id] += 1
                        print(f"{mutant_id}: {name} {now.isoformat()} hour {hour}: "
                              f"{expected} -> {got}")
    print(f"{len(places)} transitions, {cases} cases")
    for mutant_id, count in differences.items():
        print(f"{mutant_id}: {count} differences")
    return 1 if any(differences.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
