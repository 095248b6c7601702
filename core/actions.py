"""Every key action of the app, once: its id, default key, words and where it applies.

The screens' bindings, the footer, the help screen, the command palette, the
config's default keys (`[keys]` remaps an action by its id) and which actions
need a ladder all come from this one table, so a new action is one row and
every key can be remapped.  It is plain data: the config reads it without
importing the UI, and tui/keys.py turns it into Textual bindings.

An action id may stand in several rows, one per group of scopes where it
means something different in words ("down": the next ladder on Today, the
day after on the heatmap); its key is the same in every row.
"""

from __future__ import annotations

from typing import NamedTuple

APP = "app"
"""Everywhere: bound on the app itself."""
TODAY, LADDERS, HEATMAP = "today", "ladders", "heatmap"
"""The three main screens (Textual modes)."""
REVIEW = "review"
"""The Review screen (a fourth mode): the votes of a week, month or year."""
WELCOME = "welcome"
"""The first-run page (Today with no ladders yet): it takes precedence while shown."""
HELP, CONFIRM, FORM, CATCHUP = "help", "confirm", "form", "catchup"
"""Dialogs: their keys take precedence over the app's while they are open."""

MAIN_SCOPES = (APP, TODAY, LADDERS, HEATMAP, REVIEW)
"""Scopes whose keys are all live at once on a main screen: no two may share a key."""
SCOPE_TITLES = {
    APP: "Everywhere", TODAY: "Today", LADDERS: "Ladders", HEATMAP: "Heatmap", REVIEW: "Review",
    WELCOME: "First run", FORM: "Forms", CONFIRM: "Questions", CATCHUP: "Catching up",
    HELP: "This help",
}


class Action(NamedTuple):
    """One row of the table."""

    id: str
    """The binding id, and the name in the config's [keys] table."""
    key: str
    """The default key (Textual's key name); remapped by [keys]."""
    run: str
    """The Textual action it runs: `app.X` on the app, otherwise on the screen."""
    label: str
    """The footer's word."""
    help: str
    """What it does, for the help screen."""
    scopes: tuple[str, ...]
    footer: bool = True
    """Shown in the footer (it is always in the help screen and the palette)."""
    also: str = ""
    """Fixed extra keys (the arrows): always on, never remapped, shown in help."""
    palette: str = ""
    """The command palette's title for it ("" leaves it out of the palette)."""
    needs_ladder: bool = False
    """Only offered while there is a ladder to act on."""
    priority: bool = False
    essential: bool = False
    """Always in the footer, however narrow: a way to learn the keys, and a way out."""


_LISTS = (TODAY, LADDERS)

ACTIONS: tuple[Action, ...] = (
    # -- everywhere
    Action("today", "1", "app.switch_mode('today')", "Today", "the Today screen: today's wins",
           (APP,), footer=False, palette="Today"),
    Action("ladders", "2", "app.switch_mode('ladders')", "Ladders",
           "the Ladders screen: every ladder in detail", (APP,), footer=False,
           palette="Ladders"),
    Action("heatmap", "3", "app.switch_mode('heatmap')", "Heatmap",
           "the Heatmap screen: a year of days at a glance", (APP,), footer=False,
           palette="Heatmap"),
    Action("review", "4", "app.switch_mode('review')", "Review",
           "the Review screen: the votes of a week, a month or a year", (APP,), footer=False,
           palette="Review"),
    Action("new", "n", "app.new", "New", "start a new ladder", (APP,), palette="New ladder"),
    Action("undo", "u", "app.undo", "Undo",
           "undo the last change; again for the one before (asks before removing a ladder "
           "you made)", (APP,), palette="Undo"),
    Action("redo", "U", "app.redo", "Redo", "redo what undo took back, one change at a time",
           (APP,), footer=False, also="ctrl+r", palette="Redo"),
    Action("catch_up", "b", "app.catch_up", "Catch up",
           "catch up: answer each unanswered day since you were last here, oldest first",
           (APP,), footer=False, palette="Catch up"),
    Action("export_json", "o", "app.export_json", "Export",
           "export every ladder as JSON, to import elsewhere: a new file in the folder "
           "smallwins started in, or a download in a browser", (APP,),
           footer=False, palette="Export ladders (JSON)"),
    Action("export_csv", "O", "app.export_csv", "Export CSV",
           "export every marked day as CSV, for a spreadsheet (to the same place)", (APP,),
           footer=False, palette="Export ladders (CSV)"),
    Action("help", "question_mark", "app.help", "Help", "every key, as bound now", (APP,),
           palette="Help", essential=True),
    Action("quit", "q", "app.quit", "Quit", "quit (every change is already saved)", (APP,),
           essential=True),
    Action("palette", "ctrl+p", "app.command_palette", "Commands",
           "command palette: every action by name, and the themes", (APP,), footer=False,
           priority=True),
    # -- moving in a list of ladders
    Action("down", "j", "move(1)", "Down", "select the next ladder", _LISTS, footer=False,
           also="down"),
    Action("up", "k", "move(-1)", "Up", "select the previous ladder", _LISTS, footer=False,
           also="up"),
    Action("page_down", "pagedown", "move(5)", "Page down", "five ladders down", _LISTS,
           footer=False),
    Action("page_up", "pageup", "move(-5)", "Page up", "five ladders up", _LISTS,
           footer=False),
    Action("first", "home", "move(-1000000)", "First", "the first ladder", _LISTS,
           footer=False),
    Action("last", "end", "move(1000000)", "Last", "the last ladder", _LISTS, footer=False),
    # -- the selected ladder, today (or the heatmap's day)
    Action("toggle", "space", "app.toggle_win", "Done",
           "check off the selected ladder's win, or un-check it", (TODAY,),
           palette="Check off", needs_ladder=True),
    Action("toggle", "space", "app.toggle_win", "Done", "check off today's win, or un-check it",
           (LADDERS,), footer=False, needs_ladder=True),
    Action("toggle", "space", "app.toggle_win", "Done",
           "backfill the cursor day's win, or clear it (one ladder on view)", (HEATMAP,),
           needs_ladder=True),
    Action("rest", "r", "app.rest", "Rest",
           "rest day (ill, travelling): neither win nor miss; again takes it back",
           (TODAY, HEATMAP), palette="Rest day", needs_ladder=True),
    Action("rest", "r", "app.rest", "Rest", "rest day today, or take it back", (LADDERS,),
           footer=False, needs_ladder=True),
    Action("climb", "c", "app.climb", "Climb",
           "climb a rung once the hold is complete (asks whether it feels automatic)",
           (TODAY, LADDERS), palette="Climb", needs_ladder=True),
    Action("halve", "h", "app.halve", "Halve", "halve the rung: this feels hard", (LADDERS,),
           palette="Halve", needs_ladder=True),
    Action("edit", "e", "app.edit", "Edit", "edit the selected ladder", (TODAY, LADDERS),
           palette="Edit ladder", needs_ladder=True),
    Action("archive", "a", "app.archive", "Archive",
           "archive the ladder (asks first; its votes still count)", (LADDERS,),
           palette="Archive ladder", needs_ladder=True),
    Action("show_archived", "full_stop", "app.show_archived", "Archived",
           "show archived ladders too (marked ⊘), or hide them again", (LADDERS,),
           palette="Show archived ladders"),
    Action("unarchive", "A", "app.unarchive", "Unarchive",
           "bring the selected archived ladder back, history and all", (LADDERS,),
           palette="Unarchive ladder"),
    Action("note", "m", "app.note", "Note",
           "write or edit the day's note: the evidence (\"walked to the station\")",
           (TODAY, HEATMAP), palette="Note", needs_ladder=True),
    Action("pause", "p", "app.pause", "Pause",
           "pause: rest days from one day to another (holiday, illness), ahead too",
           (LADDERS,), footer=False, palette="Pause (rest days)", needs_ladder=True),
    Action("scroll_down", "shift+down", "scroll_detail(5)", "Scroll",
           "scroll the details down", (LADDERS,), footer=False, also="J,ctrl+d"),
    Action("scroll_up", "shift+up", "scroll_detail(-5)", "Scroll", "scroll the details up",
           (LADDERS,), footer=False, also="K,ctrl+u"),
    # -- the heatmap's cursor and view
    Action("down", "j", "move(1)", "Day after", "the day after", (HEATMAP,), footer=False,
           also="down"),
    Action("up", "k", "move(-1)", "Day before", "the day before", (HEATMAP,), footer=False,
           also="up"),
    Action("week_back", "h", "move(-7)", "Week", "a week back", (HEATMAP,), footer=False,
           also="left"),
    Action("week_forward", "l", "move(7)", "Week on", "a week forward", (HEATMAP,),
           footer=False, also="right"),
    Action("prev_year", "left_square_bracket", "move(-364)", "Year", "a year back",
           (HEATMAP,)),
    Action("next_year", "right_square_bracket", "move(364)", "Year on", "a year forward",
           (HEATMAP,), footer=False),
    Action("view", "v", "cycle_view", "View", "next ladder; after the last, all ladders",
           (HEATMAP,), needs_ladder=True),
    # -- the review
    Action("period", "v", "cycle_period", "Period", "a week, a month, a year, a week again",
           (REVIEW,)),
    Action("earlier", "left_square_bracket", "shift(-1)", "Earlier", "the period before",
           (REVIEW,)),
    Action("later", "right_square_bracket", "shift(1)", "Later",
           "the period after (up to this one)", (REVIEW,), footer=False),
    Action("down", "j", "scroll(1)", "Scroll", "scroll down", (REVIEW,), footer=False,
           also="down"),
    Action("up", "k", "scroll(-1)", "Scroll", "scroll up", (REVIEW,), footer=False, also="up"),
    Action("page_down", "pagedown", "scroll(10)", "Page", "a page down", (REVIEW,),
           footer=False),
    Action("page_up", "pageup", "scroll(-10)", "Page", "a page up", (REVIEW,), footer=False),
    # -- the first-run page
    Action("example_1", "1", "example(1)", "Sentence",
           "start from an example: one sentence a day", (WELCOME,)),
    Action("example_2", "2", "example(2)", "Pushup", "start from an example: one pushup",
           (WELCOME,)),
    Action("example_3", "3", "example(3)", "Steps",
           "start from an example: fifty steps, Monday to Friday", (WELCOME,)),
    # -- dialogs
    Action("save", "ctrl+s", "save", "Save", "save the form (enter in a field too)", (FORM,)),
    Action("cancel", "escape", "cancel", "Cancel", "close the form; nothing is stored", (FORM,)),
    Action("next_field", "down", "app.focus_next", "Next field", "the next field (tab too)",
           (FORM,), footer=False),
    Action("previous_field", "up", "app.focus_previous", "Previous field",
           "the previous field (shift+tab too)", (FORM,), footer=False),
    Action("clear_field", "ctrl+u", "clear_field", "Clear",
           "clear the field you are in (moving into a field selects its text: typing "
           "replaces it)", (FORM,), footer=False, priority=True),
    Action("catchup_won", "w", "answer('won')", "Won",
           "it was won: a win that day, at that day's target", (CATCHUP,)),
    Action("catchup_rest", "r", "answer('rest')", "Rest",
           "it was a rest day: neither win nor miss", (CATCHUP,)),
    Action("catchup_missed", "m", "answer('missed')", "Missed",
           "it was missed: leave it so, and ask no more (enter too)", (CATCHUP,),
           also="enter"),
    Action("catchup_stop", "s", "stop", "Stop", "stop here; the other days can wait (escape too)",
           (CATCHUP,), also="escape"),
    Action("yes", "y", "answer(True)", "Yes", "yes", (CONFIRM,)),
    Action("no", "n", "answer(False)", "No", "no (escape too)", (CONFIRM,), also="escape"),
    Action("close", "escape", "close", "Close", "close this help", (HELP,),
           also="question_mark,q"),
    Action("down", "j", "scroll(1)", "Scroll", "scroll down", (HELP,), footer=False,
           also="down"),
    Action("up", "k", "scroll(-1)", "Scroll", "scroll up", (HELP,), footer=False, also="up"),
    Action("page_down", "pagedown", "scroll(10)", "Page", "a page down", (HELP,),
           footer=False, also="space"),
    Action("page_up", "pageup", "scroll(-10)", "Page", "a page up", (HELP,), footer=False),
)


def _defaults() -> dict[str, str]:
    keys: dict[str, str] = {}
    for action in ACTIONS:
        keys.setdefault(action.id, action.key)
    return keys


DEFAULT_KEYS: dict[str, str] = _defaults()
"""Every action id and its default key."""
ESSENTIAL = frozenset(action.id for action in ACTIONS if action.essential)

NO_KEY = "no_key"
"""The key of an action whose default key the user gave to another action in
config.toml's [keys]: a name no key press produces, so the action is left to
the command palette until it is given a key of its own."""
"""Actions the footer never leaves out."""


def scopes_of(action_id: str) -> frozenset[str]:
    """Every scope in which `action_id` is bound."""
    return frozenset(scope for action in ACTIONS if action.id == action_id
                     for scope in action.scopes)


def rows_for(scope: str) -> tuple[Action, ...]:
    """The rows bound in `scope`, in table order."""
    return tuple(action for action in ACTIONS if scope in action.scopes)


def clash(first: str, second: str) -> bool:
    """Whether two actions are ever live at once, so they may not share a key.

    On a main screen the app's keys and the screen's are live together; the
    first-run page and each dialog take precedence over the app's keys while
    shown, so their keys only clash among themselves.
    """
    a, b = scopes_of(first), scopes_of(second)
    if a & b:
        return True
    main_a, main_b = a & set(MAIN_SCOPES), b & set(MAIN_SCOPES)
    return bool(main_a and main_b and (APP in main_a or APP in main_b))
