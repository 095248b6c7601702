"""Theme files: the built-ins load, user themes load, broken ones are skipped with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.theme import Theme

from smallwins.tui.theming import (
    BUILTIN_DIR,
    DEFAULT_THEME,
    HEATMAP_DEFAULTS,
    ThemeError,
    heatmap_variables,
    load_theme_file,
    load_themes,
    register_themes,
)

BUILTINS = ("dark", "light", "high-contrast", "monochrome")
HEATMAP_KEYS = [f"heatmap-{n}" for n in range(5)]

GOOD = """\
name = "ocean"
dark = true
primary = "#0077be"
background = "#001f3f"

[heatmap]
levels = ["#333333", "#004466", "#006699", "#0099cc", "#00ccff"]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_builtin_themes_load_with_heatmap_levels():
    themes, warnings = load_themes(None)
    assert warnings == []
    for name in BUILTINS:
        theme = themes[name]
        assert isinstance(theme, Theme)
        assert [k for k in theme.variables if k.startswith("heatmap-")] == HEATMAP_KEYS
        for key in HEATMAP_KEYS:
            Color.parse(theme.variables[key])
    assert DEFAULT_THEME in themes
    assert themes["light"].dark is False and themes["dark"].dark is True


def test_builtin_files_are_in_the_themes_package():
    names = sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))
    assert names == sorted(BUILTINS)


def test_builtin_themes_build_a_colour_system():
    themes, _ = load_themes(None)
    for theme in themes.values():
        colours = theme.to_color_system().generate()
        assert "primary" in colours and "background" in colours


def _is_grey(value: str) -> bool:
    r, g, b = Color.parse(value).rgb
    return r == g == b


def test_monochrome_uses_only_greys():
    theme = load_theme_file(BUILTIN_DIR / "monochrome.toml")
    fields = [theme.primary, theme.secondary, theme.accent, theme.foreground, theme.background,
              theme.surface, theme.panel, theme.success, theme.warning, theme.error]
    values = [v for v in fields if v is not None] + [theme.variables[k] for k in HEATMAP_KEYS]
    assert all(_is_grey(v) for v in values)
    # Darker to brighter: the levels still read as an order.
    greys = [Color.parse(theme.variables[k]).rgb[0] for k in HEATMAP_KEYS]
    assert greys == sorted(greys) and len(set(greys)) == 5


def test_high_contrast_uses_pure_colours_on_black():
    theme = load_theme_file(BUILTIN_DIR / "high-contrast.toml")
    assert Color.parse(theme.background or "").rgb == (0, 0, 0)
    assert Color.parse(theme.foreground or "").rgb == (255, 255, 255)
    for key in HEATMAP_KEYS[1:]:
        assert set(Color.parse(theme.variables[key]).rgb) <= {0, 255}


def test_user_theme_loads(tmp_path):
    write(tmp_path, "ocean.toml", GOOD)
    themes, warnings = load_themes(tmp_path)
    assert warnings == []
    assert set(BUILTINS) < set(themes)
    ocean = themes["ocean"]
    assert ocean.primary == "#0077be"
    assert ocean.variables["heatmap-4"] == "#00ccff"


def test_user_theme_without_name_is_named_after_its_file(tmp_path):
    write(tmp_path, "sea.toml", GOOD.replace('name = "ocean"\n', ""))
    themes, warnings = load_themes(tmp_path)
    assert warnings == [] and "sea" in themes


def test_missing_user_folder_is_fine(tmp_path):
    themes, warnings = load_themes(tmp_path / "nowhere")
    assert warnings == [] and set(themes) == set(BUILTINS)


BROKEN = {
    "bad-toml": 'name = "x\nprimary = "#fff"\n',
    "no-levels": 'name = "nolevels"\nprimary = "#ffffff"\n[heatmap]\n',
    "no-heatmap": 'name = "noheat"\nprimary = "#ffffff"\n',
    "four-levels": GOOD.replace('"#333333", ', "").replace("ocean", "four"),
    "bad-colour": GOOD.replace("#0077be", "not-a-colour").replace("ocean", "badcolour"),
    "bad-level-colour": GOOD.replace("#006699", "#zz0000").replace("ocean", "badlevel"),
    "no-primary": GOOD.replace('primary = "#0077be"\n', "").replace("ocean", "noprimary"),
    "unknown-key": GOOD.replace("dark = true", "darkk = true").replace("ocean", "typo"),
    "bad-dark": GOOD.replace("dark = true", 'dark = "yes"').replace("ocean", "baddark"),
    "bad-name": GOOD.replace('"ocean"', '"Ocean Blue!"'),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_user_theme_is_skipped_with_one_line_warning(tmp_path, case):
    path = write(tmp_path, f"{case}.toml", BROKEN[case])
    write(tmp_path, "ocean.toml", GOOD)
    themes, warnings = load_themes(tmp_path)
    assert len(warnings) == 1
    assert str(path) in warnings[0] and "\n" not in warnings[0]
    assert "ocean" in themes and set(BUILTINS) < set(themes)
    assert len(themes) == len(BUILTINS) + 1


@pytest.mark.parametrize(
    ("case", "words"),
    [("four-levels", "5 colours"), ("bad-colour", "primary"), ("bad-toml", "TOML"),
     ("no-levels", "levels"), ("bad-level-colour", "level 2"), ("unknown-key", "darkk")],
)
def test_theme_error_names_the_problem(tmp_path, case, words):
    path = write(tmp_path, f"{case}.toml", BROKEN[case])
    with pytest.raises(ThemeError) as caught:
        load_theme_file(path)
    message = str(caught.value)
    assert str(path) in message and words in message and "\n" not in message


def test_duplicate_user_names_keep_the_first(tmp_path):
    write(tmp_path, "a.toml", GOOD)
    write(tmp_path, "b.toml", GOOD.replace("#0077be", "#ff0000"))
    themes, warnings = load_themes(tmp_path)
    assert themes["ocean"].primary == "#0077be"
    assert len(warnings) == 1 and "b.toml" in warnings[0]


def test_user_theme_may_replace_a_builtin(tmp_path):
    write(tmp_path, "mydark.toml", GOOD.replace('"ocean"', '"dark"'))
    themes, warnings = load_themes(tmp_path)
    assert warnings == [] and themes["dark"].primary == "#0077be"


def test_heatmap_variables():
    levels = ["#000000", "#111111", "#222222", "#333333", "#444444"]
    assert heatmap_variables(levels) == dict(zip(HEATMAP_KEYS, levels, strict=True))
    with pytest.raises(ValueError):
        heatmap_variables(levels[:4])
    with pytest.raises(ValueError):
        heatmap_variables([*levels[:4], "nope"])
    assert list(HEATMAP_DEFAULTS) == HEATMAP_KEYS


class ThemedApp(App[None]):
    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(HEATMAP_DEFAULTS)


async def test_register_themes_makes_them_selectable(tmp_path):
    write(tmp_path, "ocean.toml", GOOD)
    write(tmp_path, "broken.toml", "primary = ")
    app = ThemedApp()
    warnings = register_themes(app, tmp_path)
    assert len(warnings) == 1 and "broken.toml" in warnings[0]
    async with app.run_test(size=(40, 12)) as pilot:
        for name in (*BUILTINS, "ocean"):
            app.theme = name
            await pilot.pause()
            assert app.theme_variables["heatmap-0"] == app.get_theme(name).variables["heatmap-0"]
        app.theme = "textual-dark"  # a Textual theme without levels falls back on the defaults
        await pilot.pause()
        assert app.theme_variables["heatmap-4"] == HEATMAP_DEFAULTS["heatmap-4"]


def test_built_in_themes_read_back_from_the_kept_file_are_the_files(tmp_path, monkeypatch):
    """Kept beside the bytecode, the built-ins are what their TOML says; a kept file
    that holds anything else is read again from the TOML."""
    import marshal
    import sys
    import tomllib

    from smallwins.tui import theming

    kept = tmp_path / "__pycache__" / "themes.test.marshal"
    monkeypatch.setattr(theming._BUILT_IN, "path", str(kept))
    monkeypatch.setattr(theming._BUILT_IN, "known", None)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    fresh, _ = load_themes(None)
    texts = {p.read_text(encoding="utf-8") for p in BUILTIN_DIR.glob("*.toml")}
    stored = marshal.loads(kept.read_bytes())
    assert set(stored) == texts
    assert all(stored[text] == tomllib.loads(text) for text in texts)
    theming._BUILT_IN.known = None  # the next opening reads the kept file
    again, _ = load_themes(None)
    assert again == fresh
    kept.write_bytes(marshal.dumps({text: ["not a theme"] for text in texts}))
    theming._BUILT_IN.known = None
    assert load_themes(None)[0] == fresh
    assert marshal.loads(kept.read_bytes()) == stored


def test_a_built_in_theme_that_is_not_toml_says_so(tmp_path, monkeypatch):
    from smallwins.tui import theming

    monkeypatch.setattr(theming._BUILT_IN, "known", {})
    bad = write(tmp_path, "broken.toml", "name = \n")
    with pytest.raises(ThemeError, match="not valid TOML"):
        load_theme_file(bad, built_in=True)
