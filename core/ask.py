"""`smallwins ask`: catching up from a terminal, one question per line.

Each unanswered day (core/catchup.py) is asked about in turn, oldest first,
with the day's target as it was and what a win or a miss does to the rung.
Every answer is written at once, as its own change through the ledger
(`smallwins undo LADDER --day DAY` takes one back): `w` won, `r` rest,
`m` or enter missed (leave it), `s` stop; end of input stops too.

Questions need someone to answer them: without a terminal on stdin the
command refuses (exit 2) rather than reading answers from a pipe.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import TextIO

from smallwins.core import catchup_file, changes, rules
from smallwins.core.catchup import (
    MAX_DAYS,
    WINDOW,
    count_words,
    describe,
    first_day,
    questions,
)
from smallwins.core.dates import format_day
from smallwins.core.errors import EXIT_OK, BadInput, RuleRefused
from smallwins.core.ledger import Ledger
from smallwins.core.model import Ladder
from smallwins.core.terminal import for_stream, printable

ANSWERS = {
    "w": "won", "won": "won", "r": "rest", "rest": "rest",
    "m": "missed", "missed": "missed", "": "missed", "s": "stop", "stop": "stop",
}
PROMPT = "  w won · r rest · m missed (leave it) · s stop > "
UNDO_HINT = ("each answer is saved on its own: `smallwins undo LADDER --day DAY` "
             "takes one back")


def ask(ledger: Ledger, today: date, ladder_text: str | None, days: int | None,
        stdin: TextIO, out: TextIO) -> int:
    """Ask about every unanswered day, write each answer at once; exit 0."""
    if not stdin.isatty():
        raise BadInput("ask needs a terminal to answer in, and stdin is not one: run it in "
                       "a terminal, or record a day with `smallwins done LADDER --day DAY` "
                       "(or `rest`)")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise BadInput(f"--days must be 1-{MAX_DAYS}, got {days}")
    loaded = ledger.load()
    only = loaded.find(ladder_text) if ladder_text else None
    if only is not None and only.archived:
        raise RuleRefused(f"{only.id} is archived: `smallwins unarchive {only.id}` first")
    if not loaded.active():
        out.write("nothing to catch up: no active ladders (`smallwins new` starts one)\n")
        return EXIT_OK
    settled = catchup_file.read(ledger.path)
    if days is None:
        asked = questions(loaded.active(), today, settled=settled.day, left=settled.left)
    else:
        asked = questions(loaded.active(), today, days=days)
    if only is not None:
        asked = [q for q in asked if q.ladder_id == only.id]

    def say(text: str) -> None:  # the user's words escaped, glyphs the output can show
        out.write(for_stream(printable(text) + "\n", out))
        out.flush()

    if not asked:
        first = first_day(today, days or WINDOW, None if days else settled.day)
        since = f"since {format_day(first)}" if first < today else "before today"
        say(f"nothing to catch up: every scheduled day {since} is answered"
            + ("" if days else " (`--days N` asks about the last N days again)"))
        _settle(ledger, today, days, only)
        return EXIT_OK

    say(f"{count_words(len(asked))} to catch up, oldest first")
    ladders: dict[str, Ladder] = dict(loaded.ladders)
    tally: Counter[str] = Counter()
    for number, question in enumerate(asked, 1):
        ladder = ladders[question.ladder_id]
        if question.day in ladder.marks:
            continue
        rung, words = describe(ladder, question.day, today)
        say(f"[{number}/{len(asked)}] {format_day(question.day)}  {rung}  "
            f"({question.ladder_id})")
        say(f"  {words}")
        answer = _read_answer(stdin, out)
        if answer == "stop":
            break
        tally[answer] += 1
        if answer == "missed":
            catchup_file.leave_missed(ledger.path, question.ladder_id, question.day, today)
            say("  · left as a miss")
            continue
        try:
            changed = ledger.change(question.ladder_id, _answering(question.day, today, answer))
        except RuleRefused as exc:
            tally[answer] -= 1
            say(f"  {exc}")
            continue
        assert changed.after is not None
        ladders[question.ladder_id] = changed.after
        say(_answer_words(changed.after, question.day, today, answer))

    remaining = _settle(ledger, today, days, only)
    parts = [f"{tally['won']} won", f"{tally['rest']} rest", f"{tally['missed']} left missed"]
    if remaining:
        say(f"stopped: {', '.join(parts)}; {count_words(remaining)} still to answer: "
            "`smallwins ask` goes on from there")
    else:
        say(f"caught up: {', '.join(parts)}")
    if tally["won"] or tally["rest"]:
        say(UNDO_HINT)
    return EXIT_OK


def _read_answer(stdin: TextIO, out: TextIO) -> str:
    """One answer from a line typed; end of input is `stop`."""
    while True:
        out.write(for_stream(PROMPT, out))
        out.flush()
        line = stdin.readline()
        if not line:
            out.write("\n")
            return "stop"
        answer = ANSWERS.get(line.strip().lower())
        if answer is not None:
            return answer
        out.write(for_stream(f"  {line.strip()!r}: type w, r, m (or just enter) or s\n", out))


def _answering(day: date, today: date, answer: str) -> Callable[[Ladder], Ladder]:
    """The change an answer makes, refused if the day was answered elsewhere meanwhile."""

    def change(ladder: Ladder) -> Ladder:
        if day in ladder.marks:
            raise RuleRefused(f"{format_day(day)} of {ladder.id} was answered elsewhere "
                              "meanwhile: left as it is")
        if answer == "won":
            return changes.mark_win(ladder, day, today)
        return changes.mark_rest(ladder, day, today)

    return change


def _answer_words(ladder: Ladder, day: date, today: date, answer: str) -> str:
    state = rules.replay(ladder, today)
    if answer == "won":
        return (f"  ✔ won: vote {state.votes} for \"{ladder.identity}\"; "
                f"today's rung is {state.rung}")
    return f"  – rest day: neither win nor miss; today's rung is {state.rung}"


def _settle(ledger: Ledger, today: date, days: int | None, only: Ladder | None) -> int:
    """Settle the days before today when nothing is left to ask about (every ladder, the
    usual window); how many questions of this session's kind are still unanswered."""
    loaded = ledger.load()
    settled = catchup_file.read(ledger.path)
    usual = questions(loaded.active(), today, settled=settled.day, left=settled.left)
    if not usual and loaded.active():
        catchup_file.settle(ledger.path, today)
    if days is None:
        remaining = usual
    else:
        remaining = questions(loaded.active(), today, days=days, left=settled.left)
    return sum(1 for q in remaining if only is None or q.ladder_id == only.id)
