"""Time one check-off on large data files.

Run: .venv/bin/python tests/core/storage_bench.py [folder]

"warm" is an open app (the DataFile already holds the parsed file); "cold"
is a one-shot command such as `smallwins done` (a fresh DataFile).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from smallwins.core.storage import DataFile


def ladder_doc(index: int, days: int, rng: random.Random) -> dict[str, Any]:
    first = date(2016, 1, 1)
    marks: dict[str, Any] = {}
    for offset in range(days):
        roll = rng.random()
        if roll < 0.08:
            marks[(first + timedelta(offset)).isoformat()] = "r"
        elif roll < 0.15:
            marks[(first + timedelta(offset)).isoformat()] = {
                "t": 20 + offset,
                "a": 30 + offset,
                "n": "good",
            }
        elif roll < 0.9:
            marks[(first + timedelta(offset)).isoformat()] = 20 + offset // 14 * 5
    return {
        "id": f"ladder-{index:03d}",
        "identity": "I am someone who moves every day",
        "action": "walk",
        "unit": "steps",
        "start": 20,
        "step": 5,
        "hold": 14,
        "days": [0, 1, 2, 3, 4, 5, 6],
        "granularity": 1,
        "start_day": first.isoformat(),
        "minutes": None,
        "archived": False,
        "created": index,
        "events": [[(first + timedelta(d)).isoformat(), "climb"] for d in range(0, days, 30)],
        "marks": marks,
    }


def check_off(data: DataFile, ladder_id: str, day: str) -> None:
    def fn(docs: dict[str, dict[str, Any]]) -> None:
        docs[ladder_id]["marks"][day] = 99

    data.transact(fn)


def bench(folder: Path, ladders: int, days: int, rounds: int = 15) -> None:
    rng = random.Random(7)
    path = folder / f"bench-{ladders}x{days}" / "smallwins.json"
    seed = DataFile(path)
    seed.transact(
        lambda docs: docs.update(
            {d["id"]: d for d in (ladder_doc(i, days, rng) for i in range(ladders))}
        )
    )
    size = path.stat().st_size
    target = "ladder-000"

    warm_file = DataFile(path)
    check_off(warm_file, target, "2030-01-01")
    warm = []
    for n in range(rounds):
        start = time.perf_counter()
        check_off(warm_file, target, f"2031-01-{n + 1:02d}")
        warm.append(time.perf_counter() - start)

    cold = []
    for n in range(rounds):
        start = time.perf_counter()
        check_off(DataFile(path), target, f"2032-01-{n + 1:02d}")
        cold.append(time.perf_counter() - start)

    reads = []
    for _ in range(rounds):
        start = time.perf_counter()
        DataFile(path).read()
        reads.append(time.perf_counter() - start)

    def ms(values: list[float]) -> str:
        return (
            f"median {statistics.median(values) * 1000:6.1f} ms, max {max(values) * 1000:6.1f} ms"
        )

    print(f"{ladders} ladders x {days} days ({size / 1e6:.1f} MB)")
    print(f"  check-off, warm: {ms(warm)}")
    print(f"  check-off, cold: {ms(cold)}")
    print(f"  read():          {ms(reads)}")


def main() -> None:
    with tempfile.TemporaryDirectory(dir=sys.argv[1] if len(sys.argv) > 1 else None) as folder:
        bench(Path(folder), 20, 1100)
        bench(Path(folder), 50, 3650)


if __name__ == "__main__":
    main()
