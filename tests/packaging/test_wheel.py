"""What people install: the wheel, in a fresh virtual environment outside the repository.

An editable install hides packaging mistakes (a subpackage left out of the
wheel, a data file not shipped, a top-level name that collides with other
projects'), so this builds the wheel the way pip, pipx and `uv tool install`
do, installs it into a new venv in a temporary folder, and runs every
command there with the repository nowhere on the path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from smallwins import __version__

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `smallwins` program of a fresh venv with the wheel installed."""
    root = tmp_path_factory.mktemp("wheel")
    wheels = root / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q",
                    "-w", str(wheels)], check=True, cwd=root, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("smallwins-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"smallwins", f"smallwins-{__version__}.dist-info",
                    f"smallwins-{__version__}.data"}, tops
    for needed in ("smallwins/core/importers/loop.py", "smallwins/tui/styles/app.tcss",
                   "smallwins/themes/dark.toml", "smallwins/tui/screens/today.py"):
        assert needed in names, needed
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                    "--disable-pip-version-check", str(wheel)], check=True, cwd=root,
                   capture_output=True, timeout=600)
    return venv / "bin" / "smallwins"


def run(program: Path, home: Path, *args: str, code: int = 0) -> str:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "SMALLWINS_TODAY": TODAY,
           "LANG": os.environ.get("LANG", "C.UTF-8")}
    r = subprocess.run([str(program), *args], capture_output=True, text=True, env=env,
                       cwd=home, timeout=120)
    assert r.returncode == code, (args, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    return r.stdout


def test_every_command_works_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    home = tmp_path
    assert run(installed, home, "--version").strip() == f"smallwins {__version__}"
    assert run(installed, home, "new", "--identity", "I am a walker", "--action", "walk",
               "--unit", "steps", "--start", "50", "--step", "50", "--hold", "1").strip() \
        == "walk-steps"
    run(installed, home, "done", "walk-steps")
    assert "walk 50 steps" in run(installed, home, "list")
    shown = json.loads(run(installed, home, "show", "walk-steps", "--json"))
    assert shown["votes"] == 1 and shown["ready_to_climb"]
    assert run(installed, home, "status").startswith("✔ 1/1")
    run(installed, home, "climb", "walk-steps")
    export = home / "export.json"
    run(installed, home, "export", "-o", str(export))
    assert json.loads(export.read_text())["ladders"][0]["id"] == "walk-steps"
    assert "day,ladder" in run(installed, home, "export", "--format", "csv")
    assert "backups of" in run(installed, home, "backups")
    run(installed, home, "restore", "smallwins-previous.json")
    other = home / "other"
    other.mkdir()
    env_data = ["--data", str(other / "smallwins.json")]
    assert "imported 1 new" in run(installed, home, *env_data, "import", str(export))
    assert "Loop Habit Tracker" in run(installed, home, *env_data, "import",
                                       str(FIXTURES / "loop"))
    assert "harsh" in run(installed, home, *env_data, "import", str(FIXTURES / "harsh"))
    run(installed, home, "--data", str(home / "demo.json"), "demo", "--ladders", "3")
    assert len(json.loads(run(installed, home, "--data", str(home / "demo.json"), "list",
                              "--json"))) == 3
    run(installed, home, "done", "nope", code=2)
    run(installed, home, "halve", "walk-steps")


def test_the_wheel_puts_nothing_at_the_top_of_site_packages_but_smallwins(
        installed: Path) -> None:
    python = installed.parent / "python"
    for name in ("core", "tui", "themes"):
        r = subprocess.run([str(python), "-c", f"import {name}"], capture_output=True,
                           text=True, cwd="/")
        assert r.returncode != 0 and "ModuleNotFoundError" in r.stderr
