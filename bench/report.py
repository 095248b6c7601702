"""Rows of results, their budgets, and the table they are printed and saved as.

A row is a median of repeated runs next to the median of its reference,
measured in the same run and interleaved with it, so a busy machine slows
both alike and the ratio still means something.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

BudgetKind = Literal["ratio", "max", "over"]


@dataclass(frozen=True)
class Budget:
    """`ratio`: value <= limit x reference; `max`: value <= limit; `over`: value -
    reference <= limit (all in the row's unit)."""

    kind: BudgetKind
    limit: float

    def text(self, unit: str) -> str:
        if self.kind == "ratio":
            return f"<= {self.limit:g}x"
        if self.kind == "over":
            return f"<= ref + {_num(self.limit, unit)} {unit}"
        return f"<= {_num(self.limit, unit)} {unit}"

    def passes(self, value: float, reference: float | None) -> bool:
        if self.kind == "max":
            return value <= self.limit
        if reference is None:
            raise ValueError(f"a {self.kind} budget needs a reference")
        if self.kind == "ratio":
            return value <= self.limit * reference
        return value - reference <= self.limit


@dataclass
class Row:
    """One line of the table: what was measured, on which data, against what."""

    key: str
    what: str
    data: str
    unit: str
    samples: list[float]
    reference: str = ""
    ref_samples: list[float] = field(default_factory=list)
    budget: Budget | None = None
    note: str = ""
    difference: bool = False
    """Compare by difference (value - reference), not by ratio: memory over a baseline."""

    @property
    def value(self) -> float:
        return statistics.median(self.samples)

    @property
    def ref_value(self) -> float | None:
        return statistics.median(self.ref_samples) if self.ref_samples else None

    @property
    def ratio(self) -> float | None:
        ref = self.ref_value
        return self.value / ref if ref else None

    @property
    def result(self) -> str:
        if self.budget is None:
            return "info"
        return "PASS" if self.budget.passes(self.value, self.ref_value) else "FAIL"

    def cells(self) -> list[str]:
        ref = self.ref_value
        ref_text = f"{self.reference} {_num(ref, self.unit)} {self.unit}" if ref is not None \
            else (self.reference or "-")
        ratio = self.ratio
        if self.difference and ref is not None:
            compared = f"{self.value - ref:+,.1f} {self.unit}"
        else:
            compared = f"{ratio:.2f}x" if ratio is not None else "-"
        return [
            self.what,
            self.data,
            f"{_num(self.value, self.unit)} {self.unit}",
            ref_text,
            compared,
            self.budget.text(self.unit) if self.budget else "-",
            f"**{self.result}**" if self.result == "FAIL" else self.result,
            str(len(self.samples)),
        ]

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["budget"] = asdict(self.budget) if self.budget else None
        out.update(value=self.value, ref_value=self.ref_value, ratio=self.ratio,
                   result=self.result)
        return out


HEADERS = ["measure", "data", "smallwins (median)", "reference, same run (median)",
           "ratio (or difference)",
           "budget", "result", "n"]


def _num(value: float, unit: str) -> str:
    if unit in ("B", "B/win", "KiB") or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(rows: list[Row]) -> str:
    """The rows as one Markdown table (the scaling rows as a table of their own)."""
    main = [row for row in rows if not row.key.startswith("scale.")]
    lines = [HEADERS, ["---"] * len(HEADERS), *(row.cells() for row in main)]
    text = "\n".join("| " + " | ".join(cells) + " |" for cells in lines)
    scaled = scaling_table(rows)
    return f"{text}\n\n{scaled}" if scaled else text


def scaling_table(rows: list[Row]) -> str:
    """One line per data size: first frame (and its ratio to the bare app), check-off,
    peak RSS, from the rows of the `scaling` case; "" when there are none."""
    sizes: dict[str, dict[str, Row]] = {}
    for row in rows:
        if row.key.startswith("scale."):
            _, size, measure = row.key.split(".")
            sizes.setdefault(size, {})[measure] = row
    if not sizes:
        return ""
    out = ["| data | first frame | vs bare app | check-off | peak RSS |",
           "| --- | --- | --- | --- | --- |"]

    def order(size: str) -> tuple[int, int]:
        ladders, years = size.split("x")
        return int(ladders), int(years)

    for size in sorted(sizes, key=order):
        found = sizes[size]
        frame, check, rss = found.get("frame"), found.get("checkoff"), found.get("rss")
        what = (frame or check or rss).what.split(": ", 1)[1]  # type: ignore[union-attr]
        out.append(" | ".join([
            f"| {what}",
            f"{frame.value:,.0f} ms" if frame else "-",
            f"{frame.ratio:.2f}x" if frame and frame.ratio else "-",
            f"{check.value:.1f} ms" if check else "-",
            f"{rss.value:.1f} MB |" if rss else "- |",
        ]))
    return "\n".join(out)


def machine() -> dict[str, Any]:
    """What the numbers were measured on: they only compare within one machine."""
    import textual

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    uname = os.uname()
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": f"{uname.sysname} {uname.release} {uname.machine}",
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "python_path": sys.executable,
        "textual": getattr(textual, "__version__", "unknown"),
    }


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def write(folder: Path, meta: dict[str, Any], rows: list[Row], notes: list[str]) -> Path:
    """Save the table as `latest.md` and everything as `latest.json`; the .md path."""
    folder.mkdir(parents=True, exist_ok=True)
    md = markdown(meta, rows, notes)
    data = {"meta": meta, "rows": [row.to_json() for row in rows], "notes": notes}
    for name, text in (("latest.md", md),
                       ("latest.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")):
        temp = folder / f"{name}.tmp"
        temp.write_text(text, encoding="utf-8")
        temp.replace(folder / name)
    return folder / "latest.md"


def markdown(meta: dict[str, Any], rows: list[Row], notes: list[str]) -> str:
    failed = [row for row in rows if row.result == "FAIL"]
    head = [
        "# smallwins benchmarks",
        "",
        f"- date: {meta['date']}",
        f"- machine: {meta['machine']}, {meta['cpu']}, {meta['cpus']} CPUs",
        f"- Python {meta['python']} ({meta['python_path']}), Textual {meta['textual']}",
        f"- run: {meta['mode']}; load average (1, 5, 15 min) at start {meta['load_start']}, "
        f"at end {meta['load_end']}; took {meta['seconds']:.0f} s",
        f"- work folder: {meta['workdir']} ({meta['workdir_fs']})",
        f"- budgets: {len(rows) - len(failed) - sum(r.budget is None for r in rows)} pass, "
        f"{len(failed)} fail" + (f" ({', '.join(r.key for r in failed)})" if failed else ""),
        "",
        table(rows),
        "",
        "## Commands",
        "",
        *(f"- {name}: `{command}`" for name, command in meta["commands"].items()),
        "",
        "## How each row is measured",
        "",
        *(f"- {note}" for note in notes),
        "",
    ]
    details = [f"- {row.key}: {row.note}" for row in rows if row.note]
    if details:
        head += ["## Details", "", *details, ""]
    return "\n".join(head)
