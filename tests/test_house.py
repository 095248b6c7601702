"""The house stays small and described: every module under core/, tui/ and themes/
is below LIMIT lines, and the README's table of modules names each one.

A module past the limit has more than the one job its name says (STYLE.md):
split it by job rather than raise the limit.  The few files still being
split are named below; one that has come under the limit must leave the
list, so the list cannot hide a file that grows back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400
STILL_TOO_LONG = frozenset({
    "core/changes.py",
    "tui/widgets/heatmap.py",
})
"""Modules known to be past the limit, waiting for their split."""


def _modules() -> dict[str, int]:
    """Every Python module of the installed packages, with its number of lines."""
    found: dict[str, int] = {}
    for folder in ("core", "tui", "themes"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "__pycache__" not in path.parts:
                lines = len(path.read_text(encoding="utf-8").splitlines())
                found[path.relative_to(ROOT).as_posix()] = lines
    return found


def test_the_modules_are_found() -> None:
    modules = _modules()
    assert {"core/ledger.py", "tui/store.py", "themes/__init__.py"} <= set(modules)
    assert all(lines > 0 for name, lines in modules.items() if not name.endswith("__init__.py"))


@pytest.mark.parametrize("name", sorted(STILL_TOO_LONG))
def test_the_list_of_long_modules_names_real_files(name: str) -> None:
    assert name in _modules(), f"{name} is gone: take it off STILL_TOO_LONG"


def test_every_module_is_below_the_limit() -> None:
    too_long = {name: lines for name, lines in _modules().items()
                if lines >= LIMIT and name not in STILL_TOO_LONG}
    assert not too_long, (
        f"modules of {LIMIT} lines or more: {too_long}; split each by job "
        "(one job its name says, STYLE.md)"
    )


def test_a_module_that_got_short_leaves_the_list() -> None:
    modules = _modules()
    short = sorted(name for name in STILL_TOO_LONG if modules.get(name, 0) < LIMIT)
    assert not short, f"{short} are below {LIMIT} lines now: take them off STILL_TOO_LONG"


def _table_of_modules() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("| module | its one job |")
    end = readme.find("\n\n", start)
    return readme[start:] if end < 0 else readme[start:end]


def test_the_readme_names_every_module() -> None:
    """A module in a folder of its own kind (screens, widgets, importers, web) is named
    by its folder's row; any other by its own row."""
    table = _table_of_modules()
    missing = []
    for name in _modules():
        if name.endswith("__init__.py") or name.startswith("themes/"):
            continue
        folder = name.rsplit("/", 1)[0]
        if f"`{name}`" not in table and (folder in ("core", "tui") or f"`{folder}/" not in table):
            missing.append(name)
    assert not missing, f"README's table of modules has no row for {missing}: add one each"


def test_the_readme_names_no_module_that_is_gone() -> None:
    named = re.findall(r"`((?:core|tui)/[\w/]+\.py)`", _table_of_modules())
    assert named, "no module found in README's table"
    gone = [name for name in named if not (ROOT / name).is_file()]
    assert not gone, f"README's table names modules that are gone: {gone}"
