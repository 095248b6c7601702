"""The tmux status segment stays readable on any bar, and its styles come from config.toml.

Contrast is WCAG's, with xterm's default RGB values for the palette entries
(tmux's default bar is `bg=green,fg=black`: colour 2 #00cd00 and colour 0
#000000).  Every piece must reach 3:1 on that bar, on a dark bar and on a
light one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smallwins.core.config import STATUS_STYLES, ConfigError, load_config
from smallwins.core.contrast import SECONDARY, contrast, palette_rgb
from smallwins.core.status_line import render
from smallwins.core.tmux_style import StyleError, check_style, colours_on
from tests import cli

BARS = {
    # tmux's own default: status-style bg=green,fg=black
    "default": (palette_rgb(0), palette_rgb(2)),
    # a dark bar (bg=colour235, fg=colour250) and a light one (bg=colour254, fg=colour238)
    "dark": (palette_rgb(250), palette_rgb(235)),
    "light": (palette_rgb(238), palette_rgb(254)),
}

INFOS = {
    "all done": {"done": 3, "scheduled": 3, "best_streak": 12, "ready_to_climb": ["walk"],
                 "today": "2026-11-23"},
    "not yet": {"done": 1, "scheduled": 3, "best_streak": 0, "ready_to_climb": [],
                "today": "2026-11-23", "left": 2, "stakes": ["walk: a miss drops back to 50"]},
    "paused": {"done": 0, "scheduled": 0, "best_streak": 4, "ready_to_climb": [],
               "today": "2026-11-23", "paused_until": "2026-11-30"},
}

TODAY = "2026-11-23"


def run(env_dir: Path, *args: str):  # type: ignore[no-untyped-def]
    return cli.run(env_dir, *args, today=TODAY)


_PIECE = re.compile(r"#\[([^\]]*)\]([^#]*)#\[default\]|([^#]+)")


def pieces(line: str) -> list[tuple[str, str]]:
    """(style, text) of each piece of a tmux line; unstyled text has the style ''."""
    out = []
    for match in _PIECE.finditer(line):
        style, text, plain = match.groups()
        if plain is not None:
            if plain.strip():
                out.append(("", plain.strip()))
        else:
            out.append((style, text))
    return out


def lowest_contrast(line: str) -> dict[str, float]:
    """The contrast of the worst piece of `line` on each bar."""
    worst = {}
    for bar, (fg, bg) in BARS.items():
        worst[bar] = min(contrast(*colours_on(style, fg, bg)) for style, _ in pieces(line))
    return worst


@pytest.mark.parametrize("nudging", [False, True])
@pytest.mark.parametrize("case", list(INFOS))
def test_every_piece_is_readable_on_the_default_a_dark_and_a_light_bar(case: str,
                                                                       nudging: bool) -> None:
    line = render(INFOS[case], "tmux", nudging=nudging)
    assert pieces(line), line
    for bar, ratio in lowest_contrast(line).items():
        assert ratio >= SECONDARY, f"{case} on the {bar} bar: {ratio:.2f}:1 in {line!r}"


def test_the_check_catches_the_old_colours_on_tmuxs_default_bar() -> None:
    # What the segment used to write: green for done, yellow for not yet, cyan to climb.
    old = {"done": "fg=green", "todo": "fg=yellow", "nudge": "fg=red,bold", "streak": "",
           "ready": "fg=cyan,bold"}
    assert lowest_contrast(render(INFOS["all done"], "tmux", styles=old))["default"] < 1.1
    assert lowest_contrast(render(INFOS["not yet"], "tmux", styles=old))["default"] < SECONDARY
    nudging = render(INFOS["not yet"], "tmux", nudging=True, styles=old)
    assert lowest_contrast(nudging)["default"] < SECONDARY


def test_default_styles_tell_done_from_not_done_without_colour() -> None:
    done, todo = render(INFOS["all done"], "tmux"), render(INFOS["not yet"], "tmux")
    assert done.startswith("#[bold]✔ 3/3#[default]")
    assert todo.startswith("#[reverse]○ 1/3#[default]")
    assert "#[bold,underscore]▲ climb#[default]" in done
    assert "fg=" not in done + todo and "bg=" not in done + todo


def test_plain_has_no_codes() -> None:
    line = render(INFOS["all done"], "plain", styles={"done": "fg=red", "streak": "bold"})
    assert line == "✔ 3/3 · streak 12 · ▲ climb"


def test_styles_from_config_reach_the_status_line(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[status]\ndone = "fg=colour22, bold"\ntodo = ""\nready = "reverse"\n')
    assert run(tmp_path, "new", "--identity", "I read", "--action", "read", "--unit", "pages",
               "--start", "1", "--step", "1").returncode == 0
    assert run(tmp_path, "status", "--format", "tmux").stdout.startswith("○ 0/1")
    assert run(tmp_path, "done", "read-pages").returncode == 0
    line = run(tmp_path, "status", "--format", "tmux").stdout.strip()
    assert line.startswith("#[fg=colour22,bold]✔ 1/1#[default]"), line
    # A change of the config is a new answer, even from the cache's fast path.
    (tmp_path / "config.toml").write_text('[status]\ndone = "underscore"\n')
    line = run(tmp_path, "status", "--format", "tmux").stdout.strip()
    assert line.startswith("#[underscore]✔ 1/1#[default]"), line


@pytest.mark.parametrize(("text", "word"), [
    ('[status]\ndone = "bold,purple"\n', "'purple'"),
    ('[status]\ndone = "bold]#[fg=red"\n', "bold]#[fg=red"),
    ('[status]\ntodo = "fg=colour300"\n', "'colour300'"),
    ('[status]\nready = "align=left"\n', "'align'"),
    ('[status]\nready = 3\n', "must be a tmux style"),
    ('[status]\ndon = "bold"\n', "did you mean 'done'"),
    ('status = "bold"\n', "status must be a table"),
])
def test_a_bad_style_is_one_line_naming_line_and_key(tmp_path: Path, text: str,
                                                     word: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \"dark\"\n" + text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message and word in message, message
    assert "line 2" in message or "line 3" in message, message
    r = run(tmp_path, "status")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and r.stdout == ""


def test_check_style_cleans_and_refuses() -> None:
    assert check_style(" bold  fg=#aabbcc,nounderscore ") == "bold,fg=#aabbcc,nounderscore"
    assert check_style("") == ""
    for bad in ("fg=", "fg=#12345", "#[bold]", "bg=brightpink", "bolder"):
        with pytest.raises(StyleError):
            check_style(bad)


def test_defaults_are_valid_styles() -> None:
    for style in STATUS_STYLES.values():
        assert check_style(style) == style
