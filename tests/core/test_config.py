"""The config file and the file locations (SPEC section 4), on real files."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from smallwins.core import paths
from smallwins.core.config import Config, ConfigError, load_config
from smallwins.core.config_save import save_setting
from smallwins.core.keys import parse_key

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- reading -----------------------------------------------------------------


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "config.toml"
    config = load_config(path)
    assert config == Config(path=path)
    assert (config.day_starts_at, config.week_starts_on, config.theme) == (0, 0, "dark")
    assert dict(config.keys) == {}
    assert not path.parent.exists()


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# night owl\n"
        "day_starts_at = 4\n"
        'week_starts_on = "Sunday"\n'
        'theme = "high-contrast"  # easier on the eyes\n',
    )
    config = load_config(path)
    assert config.day_starts_at == 4
    assert config.week_starts_on == 6
    assert config.theme == "high-contrast"
    assert config.path == path
    assert dict(config.keys) == {}


def test_keys_overrides_translate_literal_characters(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[keys]\n"
        'help = "?"\n'
        'prev_year = "["\n'
        'next_year = "]"\n'
        'palette = "Ctrl+K"\n'
        'toggle = "enter"\n'
        'quit = "F10"\n'
        'down = "J"\n',
    )
    config = load_config(path)
    assert dict(config.keys) == {
        "help": "question_mark",
        "prev_year": "left_square_bracket",
        "next_year": "right_square_bracket",
        "palette": "ctrl+k",
        "toggle": "enter",
        "quit": "f10",
        "down": "J",
    }
    with pytest.raises(TypeError):
        config.keys["quit"] = "x"  # type: ignore[index]


def test_swapping_two_keys_is_allowed(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[keys]\ndown = "k"\nup = "j"\n'))
    assert (config.keys["down"], config.keys["up"]) == ("k", "j")


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("q", "q"),
        ("7", "7"),
        (" ", "space"),
        ("Space", "space"),
        ("?", "question_mark"),
        ("question_mark", "question_mark"),
        ("[", "left_square_bracket"),
        ("]", "right_square_bracket"),
        ("/", "slash"),
        ("+", "plus"),
        ("ctrl+p", "ctrl+p"),
        ("ctrl+shift+X", "ctrl+shift+x"),
        ("alt+?", "alt+question_mark"),
        ("f12", "f12"),
        ("pagedown", "pagedown"),
    ],
)
def test_parse_key_gives_textual_names(written: str, name: str) -> None:
    assert parse_key(written) == name


@pytest.mark.parametrize(
    "bad", ["", "   ", "ctrl+", "ctl+x", "ctrl+ctrl+x", "spce", "f25", "\x07", 3, None, True, ["q"]]
)
def test_parse_key_refuses_what_is_not_a_key(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_key(bad)


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        ("day_starts_at = 4\ntheme = dark\n", 2, "theme", "column"),
        ('theme = "a"\n\ntheme = "b"\n', 3, "theme", "twice"),
        ("# mine\nday_starts_at = 4\nday_start = 5\n", 3, "day_start", "did you mean"),
        ("day_starts_at = 24\n", 1, "day_starts_at", "0-23, got 24"),
        ("\n\nday_starts_at = -1\n", 3, "day_starts_at", "got -1"),
        ('day_starts_at = "4"\n', 1, "day_starts_at", "without quotes"),
        ("day_starts_at = 4.0\n", 1, "day_starts_at", "whole hour"),
        ('week_starts_on = "funday"\n', 1, "week_starts_on", '"funday"'),
        ("theme = 3\n", 1, "theme", "got 3"),
        ('theme = ""\n', 1, "theme", "theme name"),
        ('day_starts_at = 4\n[keys]\nquit = "q"\njump = "x"\n', 4, "jump", "unknown action"),
        ('[keys]\ntheme = "x"\n', 2, "theme", "above the first [table]"),
        ("day_starts_at = 1\n\n[colours]\nbg = 1\n", 3, "colours", "unknown table"),
        ('[keys]\nquit = "ctrl+"\n', 2, "quit", "nothing follows"),
        ("[keys]\nquit = 3\n", 2, "quit", "not a string"),
        ('[keys]\nhelp = "x"\nhalve = "x"\n', 3, "halve", "'help'"),
        ('keys = "q"\n', 1, "keys", "must be a table"),
    ],
)
def test_config_errors_name_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path} line {line}: ")
    assert key in message
    assert words in message
    assert "\n" not in message
    assert caught.value.line == line and caught.value.path == path


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"day_starts_at = 4\ntheme = \"caf\xe9\"\n")
    with pytest.raises(ConfigError, match=r"line 2: .*UTF-8"):
        load_config(path)


def test_an_unreadable_config_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read") as caught:
        load_config(tmp_path)  # a folder
    assert str(tmp_path) in str(caught.value)


# --- saving ------------------------------------------------------------------

ORIGINAL = (
    "# smallwins settings\n"
    "day_starts_at = 4   # I go to bed late\n"
    "\n"
    "# colours\n"
    'theme = "dark"  # was "light" # really\n'
    'week_starts_on = "sunday"\n'
    "\n"
    "# my keys\n"
    "[keys]\n"
    'quit = "x"  # q is too close to w\n'
)


def test_save_setting_updates_in_place_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, ORIGINAL)
    save_setting(path, "theme", "light")
    new_lines = path.read_text(encoding="utf-8").split("\n")
    old_lines = ORIGINAL.split("\n")
    assert new_lines[4] == 'theme = "light"  # was "light" # really'
    assert new_lines[:4] + new_lines[5:] == old_lines[:4] + old_lines[5:]
    config = load_config(path)
    assert (config.theme, config.day_starts_at, config.week_starts_on) == ("light", 4, 6)
    assert config.keys["quit"] == "x"


def test_save_setting_adds_a_missing_setting_above_the_first_table(tmp_path: Path) -> None:
    original = ORIGINAL.replace('theme = "dark"  # was "light" # really\n', "")
    path = write(tmp_path, original)
    save_setting(path, "theme", 'sol"arized')
    assert path.read_text(encoding="utf-8") == original.replace(
        'week_starts_on = "sunday"\n',
        'week_starts_on = "sunday"\ntheme = "sol\\"arized"\n',
    )
    config = load_config(path)
    assert (config.theme, config.keys["quit"]) == ('sol"arized', "x")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", 'theme = "light"\n'),
        ("day_starts_at = 4", 'day_starts_at = 4\ntheme = "light"\n'),
        ('[keys]\nquit = "x"\n', 'theme = "light"\n\n[keys]\nquit = "x"\n'),
        (
            '# my file\n[keys]\nquit = "x"\n',
            '# my file\ntheme = "light"\n\n[keys]\nquit = "x"\n',
        ),
        (
            'day_starts_at = 4\n# keys\n[keys]\nquit = "x"\n',
            'day_starts_at = 4\ntheme = "light"\n\n# keys\n[keys]\nquit = "x"\n',
        ),
    ],
)
def test_save_setting_places_a_new_line_sensibly(tmp_path: Path, before: str, after: str) -> None:
    path = write(tmp_path, before)
    save_setting(path, "theme", "light")
    assert path.read_text(encoding="utf-8") == after


def test_save_setting_writes_an_hour_as_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "dark"\n')
    save_setting(path, "day_starts_at", "5")
    assert path.read_text(encoding="utf-8") == 'theme = "dark"\nday_starts_at = 5\n'
    assert load_config(path).day_starts_at == 5


def test_save_setting_creates_a_private_file_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "home" / "smallwins" / "config.toml"
    save_setting(path, "theme", "light")
    assert path.read_text(encoding="utf-8") == 'theme = "light"\n'
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_config(path).theme == "light"
    assert os.listdir(path.parent) == ["config.toml"]


def test_save_setting_keeps_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"# win\r\ntheme = \"dark\"\r\n[keys]\r\nquit = \"x\"\r\n")
    save_setting(path, "theme", "light")
    assert path.read_bytes() == b"# win\r\ntheme = \"light\"\r\n[keys]\r\nquit = \"x\"\r\n"


def test_save_setting_refuses_a_bad_value_and_leaves_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, ORIGINAL)
    with pytest.raises(ConfigError, match="nothing was saved"):
        save_setting(path, "week_starts_on", "funday")
    with pytest.raises(ConfigError, match="nothing was saved"):
        save_setting(path, "day_starts_at", "25")
    with pytest.raises(ValueError, match="unknown setting"):
        save_setting(path, "colour", "red")
    assert path.read_text(encoding="utf-8") == ORIGINAL
    assert os.listdir(tmp_path) == ["config.toml"]


def test_save_setting_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_text('theme = "dark"\n', encoding="utf-8")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    save_setting(link, "theme", "light")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == 'theme = "light"\n'


# --- paths -------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "SMALLWINS_DATA", "SMALLWINS_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_default_paths_follow_the_home_folder(home: Path) -> None:
    assert Path(paths.default_data_path()) == home / ".local/share/smallwins/smallwins.json"
    assert Path(paths.default_config_path()) == home / ".config/smallwins/config.toml"
    assert Path(paths.data_path(None)) == home / ".local/share/smallwins/smallwins.json"
    assert Path(paths.config_path(None)) == home / ".config/smallwins/config.toml"
    assert Path(paths.config_dir()) == home / ".config/smallwins/themes"


def test_xdg_variables_move_the_defaults(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "conf"))
    assert Path(paths.data_path(None)) == home / "data/smallwins/smallwins.json"
    assert Path(paths.config_path(None)) == home / "conf/smallwins/config.toml"
    assert Path(paths.config_dir()) == home / "conf/smallwins/themes"


def test_relative_xdg_variables_are_ignored(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    monkeypatch.setenv("XDG_CONFIG_HOME", "")
    assert Path(paths.data_path(None)) == home / ".local/share/smallwins/smallwins.json"
    assert Path(paths.config_path(None)) == home / ".config/smallwins/config.toml"


def test_environment_and_flags_override(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMALLWINS_DATA", str(home / "env.json"))
    monkeypatch.setenv("SMALLWINS_CONFIG", "~/env.toml")
    assert Path(paths.data_path(None)) == home / "env.json"
    assert Path(paths.config_path(None)) == home / "env.toml"
    assert Path(paths.data_path(str(home / "flag.json"))) == home / "flag.json"
    assert Path(paths.config_path("~/flag.toml")) == home / "flag.toml"
    monkeypatch.chdir(home)
    assert Path(paths.data_path("here.json")) == home / "here.json"
    assert Path(paths.config_dir(home / "elsewhere" / "c.toml")) == home / "elsewhere" / "themes"


def test_empty_values(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMALLWINS_DATA", "")
    assert Path(paths.data_path(None)) == home / ".local/share/smallwins/smallwins.json"
    with pytest.raises(paths.PathError, match="--data"):
        paths.data_path("")
    with pytest.raises(paths.PathError, match="--config"):
        paths.config_path(" ")


def test_other_platforms_ask_platformdirs(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(platformdirs, "user_data_path", lambda app, appauthor: home / "D" / app)
    monkeypatch.setattr(platformdirs, "user_config_path", lambda app, appauthor: home / "C" / app)
    assert Path(paths.default_data_path()) == home / "D/smallwins/smallwins.json"
    assert Path(paths.default_config_path()) == home / "C/smallwins/config.toml"


# --- import cost -------------------------------------------------------------

HEAVY = ("pendulum", "platformdirs", "tinydb", "textual", "smallwins.tui", "smallwins.themes")


def _loaded_after(code: str, tmp_path: Path) -> list[str]:
    env = {**os.environ, "HOME": str(tmp_path), "SMALLWINS_TODAY": "2026-11-29"}
    env.pop("SMALLWINS_CONFIG", None)
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    return [name for name in json.loads(result.stdout)
            if any(name == h or name.startswith(h + ".") for h in HEAVY)]


def test_importing_the_core_modules_stays_light(tmp_path: Path) -> None:
    code = "import smallwins.core.config, smallwins.core.dates, smallwins.core.paths"
    assert _loaded_after(code, tmp_path) == []


def test_what_status_needs_stays_light(tmp_path: Path) -> None:
    code = (
        "from smallwins.core import config, dates, paths\n"
        "cfg = config.load_config(paths.config_path(None))\n"
        "paths.data_path(None)\n"
        "dates.resolve_today(None, cfg.day_starts_at)\n"
        "dates.humanize_days_ago(dates.parse_day('-3', dates.resolve_today(None, 0)), "
        "dates.resolve_today(None, 0))"
    )
    assert _loaded_after(code, tmp_path) == []
