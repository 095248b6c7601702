"""The two data files of the budgets, made by the program's own `demo` command.

Using `smallwins demo` (with a fixed seed and day) rather than a generator
of our own means the benchmark measures the files users actually get, and
the same files on every run.  Each measurement that writes works on its own
copy, so one measurement never sees another's changes or backups.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from smallwins.core.ladder_doc import ladder_from_doc
from smallwins.core.model import Win
from smallwins.core.storage import DataFile

TODAY = "2026-11-29"
"""The fixed day of every run (a Sunday: some ladders have it off)."""
SEED = 1


@dataclass(frozen=True)
class Dataset:
    """One demo data file: `ladders` ladders with `years` of history."""

    name: str
    ladders: int
    years: float
    path: Path

    def demo_argv(self, smallwins: str, config: Path) -> list[str]:
        return [smallwins, "demo", "--ladders", str(self.ladders), "--years", f"{self.years:g}",
                "--seed", str(SEED), "--data", str(self.path), "--today", TODAY,
                "--config", str(config)]

    def make(self, smallwins: str, config: Path) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(self.demo_argv(smallwins, config), capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"smallwins demo failed ({done.returncode}): "
                               f"{done.stderr.strip()}")

    def copy(self, folder: Path, label: str) -> Path:
        """A private copy in its own folder (the app keeps backups beside its file)."""
        target = folder / f"{self.name}-{label}" / self.path.name
        target.parent.mkdir(parents=True, exist_ok=False)
        shutil.copyfile(self.path, target)
        return target


def datasets(folder: Path) -> tuple[Dataset, Dataset]:
    """The typical and the heavy data set of SPEC section 7, in `folder`."""
    return (Dataset("typical", 20, 3, folder / "typical" / "smallwins.json"),
            Dataset("heavy", 50, 10, folder / "heavy" / "smallwins.json"))


def a_week_of(ds: Dataset) -> Dataset:
    """The same number of ladders as `ds` with a week of history, beside it: what the
    program holds for those ladders before their history (`make profile`)."""
    return Dataset(f"{ds.name}, a week", ds.ladders, 0.02,  # `demo` makes it 7 days
                   ds.path.parent.parent / f"{ds.name}-week" / ds.path.name)


def first_ladder(path: Path) -> str:
    """The ladder the Today screen selects on opening: the first in display order."""
    ladders = [ladder_from_doc(doc) for doc in DataFile(path).read().values()]
    active = sorted((lad for lad in ladders if not lad.archived),
                    key=lambda lad: (lad.created, lad.id))
    return active[0].id


def count_wins(path: Path) -> int:
    """Every win recorded in the file, on every ladder."""
    return sum(
        sum(1 for mark in ladder_from_doc(doc).marks.values() if isinstance(mark, Win))
        for doc in DataFile(path).read().values()
    )


def has_win(path: Path, ladder_id: str, day: str) -> bool:
    """Whether the file on disk holds a win for `ladder_id` on `day`."""
    ladder = ladder_from_doc(DataFile(path).read()[ladder_id])
    return isinstance(ladder.marks.get(date.fromisoformat(day)), Win)
