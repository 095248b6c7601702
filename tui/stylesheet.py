"""A stylesheet that parses each piece of CSS once per set of theme variables.

Textual parses the whole CSS again from nothing each time it refreshes it
(`Stylesheet.reparse` builds a fresh stylesheet with an empty cache): when
the theme is set, when the first screen is installed, and each time a new
widget class brings its DEFAULT_CSS.  On the first frame that is four full
parses of the same text with the same variables, about 20 ms each.

Here parsed rules are kept per (text, where it was read from, defaults or not,
tie breaker, scope, theme variables), so a parse with the same variables
reuses them and only a new piece of CSS or a new theme is parsed.  Reusing
parsed rules is what Textual's own per-stylesheet cache already does between
calls of `parse`; this one outlives a `reparse`.
"""

from __future__ import annotations

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

_RULES: dict[tuple[object, ...], list[RuleSet]] = {}
"""Parsed rules of every piece of CSS this process has parsed, by what decides them."""
_MOST = 256
"""A bound on `_RULES`: a theme switch adds one entry per piece of CSS."""


class SharedStylesheet(Stylesheet):
    """Textual's stylesheet, with parsed rules shared by every stylesheet of the process."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._variables_key: tuple[tuple[str, str], ...] | None = None

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)
        self._variables_key = None

    def _key(self) -> tuple[tuple[str, str], ...]:
        if self._variables_key is None:
            self._variables_key = tuple(sorted(self._variables.items()))
        return self._variables_key

    def _parse_rules(self, css: str, read_from: CSSLocation, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._key())
        rules = _RULES.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if len(_RULES) >= _MOST:
                _RULES.clear()
            _RULES[key] = rules
        return rules

    def copy(self) -> Stylesheet:
        stylesheet = SharedStylesheet(variables=self._variables.copy())
        stylesheet.source = self.source.copy()
        return stylesheet

    def reparse(self) -> None:
        """Textual's `reparse`, building the fresh stylesheet as a shared one."""
        stylesheet = SharedStylesheet(variables=self._variables)
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            stylesheet.add_source(css, read_from=read_from, is_default_css=is_defaults,
                                  tie_breaker=tie_breaker, scope=scope)
        try:
            stylesheet.parse()
        except Exception:
            self._invalid_css.update(stylesheet._invalid_css)
            raise
        self._rules = stylesheet.rules
        self._rules_map = None
        self.source = stylesheet.source
        self._require_parse = False
