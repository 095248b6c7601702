"""Textual bindings, help rows and palette entries, all made from core/actions.py.

Nothing here names a key: the table says which key each action has, and the
config's [keys] remaps it by its id (Textual's keymap).  Fixed extra keys
(the arrows) are bound without an id, so they always work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

from textual.binding import Binding, BindingType

from smallwins.core.actions import ACTIONS, SCOPE_TITLES, Action, rows_for

_CALL = re.compile(r"^(?:app\.)?([a-z_]+)")


def bindings(scope: str) -> list[BindingType]:
    """The bindings of one scope (a screen, a dialog, or the app itself)."""
    out: list[BindingType] = []
    for action in rows_for(scope):
        out.append(Binding(action.key, action.run, action.label, show=action.footer,
                           id=action.id, priority=action.priority))
        if action.also:
            out.append(Binding(action.also, action.run, action.label, show=False,
                               priority=action.priority))
    return out


def method_of(run: str) -> str:
    """The action method a Textual action string calls: `app.toggle` -> `toggle`."""
    match = _CALL.match(run)
    return match.group(1) if match else run


def needing_a_ladder(scope: str | None = None) -> frozenset[str]:
    """Action methods that only make sense while there is a ladder to act on."""
    return frozenset(method_of(a.run) for a in ACTIONS
                     if a.needs_ladder and (scope is None or scope in a.scopes))


def help_rows(key_of: Callable[[str], str]) -> list[tuple[str, str, str]]:
    """(section, keys, words) for the help screen, every action of the table.

    `key_of(action_id)` gives the key bound now (after remapping), as people
    write it; the fixed extra keys follow it.
    """
    rows: list[tuple[str, str, str]] = []
    for scope, title in SCOPE_TITLES.items():
        seen: set[tuple[str, str]] = set()
        for action in rows_for(scope):
            if (action.id, action.help) in seen:
                continue
            seen.add((action.id, action.help))
            rows.append((title, _keys_text(action, key_of), action.help))
    return rows


def _keys_text(action: Action, key_of: Callable[[str], str]) -> str:
    keys = [key_of(action.id)]
    keys += [_display(key) for key in action.also.split(",") if key]
    return " ".join(key for key in keys if key) or "-"


def displaced_keys(keys: Mapping[str, str]) -> list[str]:
    """A line for each action whose default key config.toml's [keys] gave to another."""
    from smallwins.core.actions import DEFAULT_KEYS, NO_KEY

    return [f"[keys] gave {_display(DEFAULT_KEYS[action])} to another action: '{action}' "
            f"has no key now (give it one in [keys], or find it in the command palette)"
            for action, key in keys.items() if key == NO_KEY]


_DISPLAY = {"down": "↓", "up": "↑", "left": "←", "right": "→", "escape": "esc",
            "question_mark": "?", "space": "space"}


def _display(key: str) -> str:
    if key.startswith("ctrl+"):
        return "^" + key[len("ctrl+"):]  # as Textual shows a bound key: ^p
    return _DISPLAY.get(key, key)


def palette_rows() -> Iterable[Action]:
    """One row per action offered in the command palette, in table order."""
    seen: set[str] = set()
    for action in ACTIONS:
        if action.palette and action.id not in seen:
            seen.add(action.id)
            yield action


def key_of(app: object, action_id: str) -> str:
    """The key bound to `action_id` in `app` now (the default outside smallwins' app)."""
    from smallwins.core.actions import DEFAULT_KEYS

    show = getattr(app, "key_display", None)
    return str(show(action_id)) if callable(show) else DEFAULT_KEYS[action_id]
