"""The table `make mutate` prints, and the checks on the list of equivalent mutants."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mutate.runner import Job

HEADER = ("module", "mutants", "killed", "survived", "equivalent", "score")


def report(
    modules: Sequence[str],
    jobs: Sequence[Job],
    outcomes: Sequence[tuple[str, float]],
    equivalents: set[str],
    threshold: float,
    all_modules: Iterable[str] = (),
) -> bool:
    """Print the table and the survivors; True when something must be fixed.

    `equivalent` counts survivors listed in docs/MUTANTS.md; the score is
    killed / (mutants - equivalent).  An id in the list that names no mutant
    of a module that was run, or a listed mutant that was killed, means the
    list is out of date: it is printed, and counts as a failure.
    """
    rows: list[tuple[str, ...]] = []
    survivors: list[Job] = []
    low: list[str] = []
    timeouts = 0
    pairs = [(job, outcome) for job, (outcome, _) in zip(jobs, outcomes, strict=True)]
    for path in modules:
        mine = [(job, outcome) for job, outcome in pairs if job.path == path]
        killed = sum(1 for _, outcome in mine if outcome != "passed")
        timeouts += sum(1 for _, outcome in mine if outcome == "timeout")
        alive = [job for job, outcome in mine if outcome == "passed"]
        equivalent = [job for job in alive if _id(job) in equivalents]
        real = [job for job in alive if _id(job) not in equivalents]
        survivors += real
        judged = len(mine) - len(equivalent)
        score = 100.0 * killed / judged if judged else 100.0
        if score < threshold:
            low.append(f"{path} scores {score:.1f}%, under {threshold:.0f}%")
        rows.append((path, str(len(mine)), str(killed), str(len(real)), str(len(equivalent)),
                     f"{score:.1f}%"))
    _table([HEADER, *rows])
    if timeouts:
        print(f"(killed includes {timeouts} by timeout)")

    if survivors:
        print("\nSurviving mutants:")
        for job in sorted(survivors, key=lambda j: (j.path, _line(j))):
            assert job.mutant is not None
            print(f"  {job.mutant.describe()}  [{job.mutant.id}]")

    problems = _stale(modules, pairs, equivalents, all_modules or modules)
    for line in [*problems, *low]:
        print(line)
    return bool(problems or low)


def _stale(modules: Sequence[str], pairs: Sequence[tuple[Job, str]], equivalents: set[str],
           all_modules: Iterable[str]) -> list[str]:
    run_stems = {Path(path).stem for path in modules}
    known_stems = {Path(path).stem for path in all_modules}
    ids = {_id(job) for job, _ in pairs}
    killed = {_id(job) for job, outcome in pairs if outcome != "passed"}
    lines = []
    for mutant_id in sorted(equivalents):
        stem = mutant_id.split(".", 1)[0]
        if stem not in known_stems:
            lines.append(f"docs/MUTANTS.md names {mutant_id}, of no module in TARGETS: "
                         "correct or remove it")
        elif stem in run_stems and mutant_id not in ids:
            moved = _moved(mutant_id, ids)
            if moved:
                lines.append(f"docs/MUTANTS.md names {mutant_id}: the same change of the "
                             f"same line is now {moved}; update its id in the list")
            else:
                lines.append(f"docs/MUTANTS.md names {mutant_id}, which is no mutant: "
                             "its line changed; judge the new survivors and update the list")
        elif mutant_id in killed:
            lines.append(f"docs/MUTANTS.md calls {mutant_id} equivalent, but the tests "
                         "kill it: remove it from the list")
    return lines


def _moved(mutant_id: str, ids: set[str]) -> str:
    """The one mutant of the same module with the same line text and change as
    `mutant_id` under another function name (a function renamed or split), or ''."""
    stem, rest = mutant_id.split(".", 1)
    tail = _after_scope(rest)
    if tail is None:
        return ""
    found = [other for other in ids if other.startswith(stem + ".")
             and _after_scope(other.split(".", 1)[1]) == tail]
    return found[0] if len(found) == 1 else ""


def _after_scope(rest: str) -> str | None:
    """`<hash>.<change>[.n]` of an id without its module: what follows the scope."""
    parts = rest.split(".")
    for index in range(len(parts) - 1, -1, -1):  # from the right: a function may look like hex
        part = parts[index]
        if len(part) == 6 and all(c in "0123456789abcdef" for c in part):
            return ".".join(parts[index:])
    return None


def _id(job: Job) -> str:
    return job.mutant.id if job.mutant is not None else ""


def _line(job: Job) -> int:
    return job.mutant.line if job.mutant is not None else 0


def _table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(cells))
