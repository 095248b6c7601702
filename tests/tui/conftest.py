"""Fixtures of the app's tests: a real data file in tmp_path and a fixed day."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.data import sample_ladders, write_ladders


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """A data file holding the four sample ladders."""
    path = tmp_path / "smallwins.json"
    write_ladders(path, sample_ladders())
    return path


@pytest.fixture
def empty_path(tmp_path: Path) -> Path:
    """Where a data file would be: nothing there yet (the first run)."""
    return tmp_path / "smallwins.json"
