"""The core never imports the UI (STYLE.md): checked by import-linter's contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_imports_nothing_from_tui_themes_or_textual():
    lint = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "core never imports the UI KEPT" in r.stdout


def test_the_contract_would_catch_a_breach(tmp_path):
    """The same contract fails on a core module that imports textual."""
    top = tmp_path / "smallwins"
    top.mkdir()
    (top / "__init__.py").write_text("")
    for name in ("core", "tui", "themes"):
        (top / name).mkdir()
        (top / name / "__init__.py").write_text("")
    (top / "core" / "bad.py").write_text("import textual\n")
    config = (ROOT / "pyproject.toml").read_text()
    contract = config[config.index("[tool.importlinter]"):]
    (tmp_path / "pyproject.toml").write_text(contract)
    lint = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run([str(lint), "--config", str(tmp_path / "pyproject.toml")], cwd=tmp_path,
                       capture_output=True, text=True, timeout=120,
                       env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert r.returncode != 0
    assert "BROKEN" in r.stdout
