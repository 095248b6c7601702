"""The commands on ladders: `new`, `list`, `show`, `done`, `undo`, `climb`, `halve`,
`archive`, `unarchive`, `ask` and `status`.

Each asks the ledger (core/ledger.py) and prints; core/cli.py runs them and
turns every expected failure into one line and its exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from smallwins.core import changes, rules
from smallwins.core.cli_context import Context, note, print_json, say
from smallwins.core.dates import parse_day
from smallwins.core.errors import EXIT_OK
from smallwins.core.ledger import identity_totals, states_of
from smallwins.core.model import Ladder, Win, parse_days
from smallwins.core.rules import identity_key, rung_text
from smallwins.core.words import count


def cmd_new(ctx: Context) -> int:
    a = ctx.args
    fields: dict[str, Any] = {
        "identity": a.identity, "action": a.action, "unit": a.unit, "unit_one": a.unit_one,
        "start": a.start,
        "step": a.step, "hold": a.hold, "days": parse_days(a.days),
        "granularity": a.granularity, "minutes": a.minutes, "ladder_id": a.ladder_id,
    }
    if a.started is not None:
        fields["start_day"] = parse_day(a.started, ctx.today)
    changed, warnings = ctx.ledger.create(fields, ctx.today)
    for warning in warnings:
        note(warning)
    say(changed.ladder_id)
    return EXIT_OK


def cmd_list(ctx: Context) -> int:
    from smallwins.core.views import state_line, states_json

    loaded = ctx.ledger.load()
    states = states_of(loaded.ladders.values(), ctx.today)
    archived = loaded.archived()
    if ctx.args.all:
        states += [rules.replay(ladder, ctx.today) for ladder in archived]
    if ctx.args.json:
        print_json(states_json(states, identity_totals(loaded.ladders.values(), ctx.today)))
    elif not states and archived:
        say(f"no active ladders; {_archived_words(len(archived))}")
    elif not states:
        say("no ladders yet: create one with `smallwins new` or open the app")
    else:
        for state in states:
            say(state_line(state))
        if archived and not ctx.args.all:
            note(_archived_words(len(archived)))
    return EXIT_OK


def _archived_words(count: int) -> str:
    ladders = "ladder is" if count == 1 else "ladders are"
    return (f"{count} archived {ladders} not shown: `smallwins list --all` shows them, "
            "`smallwins unarchive LADDER` brings one back")


def cmd_show(ctx: Context) -> int:
    from smallwins.core.views import state_details, state_json

    loaded = ctx.ledger.load()
    ladder = loaded.find(ctx.args.ladder)
    state = rules.replay(ladder, ctx.today)
    totals = identity_totals(loaded.ladders.values(), ctx.today, {ladder.id: state})
    total = totals[identity_key(ladder.identity)]
    if ctx.args.json:
        print_json(state_json(state, total))
    else:
        for line in state_details(state, total):
            say(line)
    return EXIT_OK


def _changed(ctx: Context, fn: Callable[[Ladder], Ladder]) -> Ladder:
    """Change the ladder the person named (its id or a unique prefix of it)."""
    after = ctx.ledger.change(ctx.args.ladder, fn, typed=True).after
    assert after is not None
    return after


def cmd_done(ctx: Context) -> int:
    day = ctx.day()
    a = ctx.args
    ladder = _changed(ctx, lambda lad: changes.mark_win(lad, day, ctx.today, a.amount, a.note))
    state = rules.replay(ladder, ctx.today)
    mark = ladder.marks[day]
    assert isinstance(mark, Win)
    when = "today" if day == ctx.today else day.isoformat()
    extra = "; ready to climb" if state.ready_to_climb else ""
    say(f"✔ {rung_text(ladder, mark.target)} {when}: vote {state.votes} for "
        f"\"{ladder.identity}\"; streak {state.streak}{extra}")
    return EXIT_OK


def cmd_undo(ctx: Context) -> int:
    day = ctx.day()
    ladder = _changed(ctx, lambda lad: changes.clear_mark(lad, day, ctx.today))
    say(f"cleared {ladder.id} on {day.isoformat()}")
    return EXIT_OK


def cmd_climb(ctx: Context) -> int:
    ladder = _changed(ctx, lambda lad: changes.climb(lad, ctx.today))
    state = rules.replay(ladder, ctx.today)
    days = count(ladder.hold, "won day")
    say(f"▲ climbed: {state.rung} from today; hold it for {days}")
    return EXIT_OK


def cmd_halve(ctx: Context) -> int:
    ladder = _changed(ctx, lambda lad: changes.halve(lad, ctx.today))
    state = rules.replay(ladder, ctx.today)
    say(f"½ halved: {state.rung} from today. Small is the point.")
    return EXIT_OK


def cmd_archive(ctx: Context) -> int:
    ladder = ctx.ledger.set_archived(ctx.args.ladder, True, typed=True).after
    assert ladder is not None
    votes = rules.count_votes(ladder, ctx.today)
    say(f"archived {ladder.id}: it leaves list, status and the Today screen; its "
        f"{count(votes, 'vote')} still count. `smallwins unarchive {ladder.id}` brings it back")
    return EXIT_OK


def cmd_unarchive(ctx: Context) -> int:
    ladder = ctx.ledger.set_archived(ctx.args.ladder, False, typed=True).after
    assert ladder is not None
    state = rules.replay(ladder, ctx.today)
    say(f"unarchived {ladder.id}: {state.rung} is back, with all its history "
        f"({count(state.votes, 'vote')})")
    return EXIT_OK



def cmd_ask(ctx: Context) -> int:
    from smallwins.core.ask import ask

    return ask(ctx.ledger, ctx.today, ctx.args.ladder, ctx.args.days, sys.stdin, sys.stdout)


def cmd_status(ctx: Context) -> int:
    from smallwins.core import status

    config = str(ctx.config.path) if ctx.config.path else ""
    say(status.answer(str(ctx.ledger.path), config, ctx.args.today, ctx.args.format))
    return EXIT_OK
