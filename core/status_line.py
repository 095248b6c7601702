"""The status line's words, in each of its formats: `plain` text, `tmux` with its
styles, and `json` (core/status.py computes and keeps them)."""

from __future__ import annotations

# `typing` costs `smallwins status` more than this file: annotations only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import date
    from typing import Any

    from smallwins.core.ledger import DaySummary
    from smallwins.core.nudge import Nudge


def info_of(summary: DaySummary, today: date, paused_until: date | None = None,
            nudge: Nudge | None = None) -> dict[str, Any]:
    """The numbers of `status --format json`.

    `nudge` is what is left today (after the reminder time the line says so);
    `paused_until` the last day of a pause holding every ladder due today.
    """
    extra: dict[str, Any] = {}
    if paused_until is not None:
        extra["paused_until"] = paused_until.isoformat()
    if nudge is not None:
        extra["left"] = nudge.left
        extra["stakes"] = list(nudge.stakes)
    return extra | {
        "today": today.isoformat(),
        "done": summary.done,
        "scheduled": summary.due,
        "resting": summary.resting,
        "bonus": summary.bonus,
        "best_streak": summary.best_streak,
        "best_streak_ladder": summary.best_streak_ladder,
        "ready_to_climb": list(summary.ready),
        "votes": summary.votes,
    }


def render(info: dict[str, Any], fmt: str, nudging: bool = False,
           styles: Mapping[str, str] | None = None) -> str:
    """The line in one format: `plain` text, `tmux` with `#[style]` codes, or `json`.

    `nudging`: it is past the reminder time, so wins still due say so (`⚠`).
    `styles` are the tmux styles of the pieces (config.toml's `[status]`,
    checked when it was read); by default only attributes, so the segment
    takes the bar's own colours and stays readable on any bar.
    """
    from smallwins.core.nudge import PAUSED, Nudge, pause_words

    left = info.get("left", 0)
    nudge = nudging and left > 0
    if fmt == "json":
        from smallwins.core.jsonwrite import COMPACT, dumps

        # ASCII only: valid JSON on any output, even one that cannot show an é.
        return dumps(info | {"nudge": nudge}, COMPACT)
    done, total = info["done"], info["scheduled"]
    all_done = total > 0 and done >= total
    head = f"{'✔' if all_done else '○'} {done}/{total}"
    piece = "done" if all_done else "todo"
    if nudge:
        head = Nudge(left, tuple(info.get("stakes", ()))).head()
        piece = "nudge"
    elif total == 0 and info.get("paused_until"):
        from datetime import date

        until = date.fromisoformat(info["paused_until"])
        head = f"{PAUSED} {pause_words(until, date.fromisoformat(info['today']))}"
        piece = "paused"
    streak = f"streak {info['best_streak']}" if info["best_streak"] else ""
    climb = "▲ climb" if info["ready_to_climb"] else ""
    if fmt == "plain":
        return " · ".join(part for part in (head, streak, climb) if part)
    if styles is None:
        from smallwins.core.config import STATUS_STYLES

        styles = STATUS_STYLES
    pieces = [(piece, head.replace("#", "##")), ("streak", streak), ("ready", climb)]
    return " ".join(_styled(styles.get(name, ""), text) for name, text in pieces if text)


def _styled(style: str, text: str) -> str:
    return f"#[{style}]{text}#[default]" if style else text
