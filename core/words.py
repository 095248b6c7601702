"""Words that agree with their number: "1 sentence", "2 sentences", "hold 1 day".

A ladder stores both forms of its unit (`unit_one` and `unit`), so a unit
English rules get wrong ("2 sheep", "1 kg") is corrected once, in the form,
and stays right.  The forms are first guessed by the plain rules below
(+s, +es, y -> ies and back), which cover the units people type: steps,
pages, pushups, minutes, glasses of water.  A full inflection library was
weighed and left out: it costs more to import than the whole app's start
budget allows for a guess the user can correct anyway.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from smallwins.core.model import Ladder, Num

_SIBILANT = ("s", "x", "z", "ch", "sh")
_INVARIANT = frozenset({
    # abbreviations: "1 km", "5 km" (their plural spellings, mins or lbs, become min, lb)
    "km", "kg", "g", "m", "mi", "lb", "oz", "ml", "l", "cl", "h", "hr", "min", "sec", "s",
    "cm", "mm", "ft", "in", "yd", "kcal", "cal", "x",
    # words English does not inflect
    "sheep", "fish", "deer", "series", "species", "aircraft",
})
_IRREGULAR = {
    "person": "people", "man": "men", "woman": "women", "child": "children", "foot": "feet",
    "tooth": "teeth", "mouse": "mice", "goose": "geese", "leaf": "leaves", "knife": "knives",
    "life": "lives", "half": "halves", "loaf": "loaves", "shelf": "shelves", "wolf": "wolves",
}
_IRREGULAR_ONE = {many: one for one, many in _IRREGULAR.items()}


def _is_vowel(char: str) -> bool:
    return char in "aeiou"


def _head(text: str) -> tuple[str, str, str]:
    """(before, word, after) around the word that takes the number: the one before
    " of " ("glasses of water"), else the last ("deep breaths")."""
    lowered = text.lower()
    at = lowered.find(" of ")
    core, after = (text[:at], text[at:]) if at > 0 else (text, "")
    before, space, word = core.rpartition(" ")
    return before + space, word, after


def _with_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def plural_word(word: str) -> str:
    """One English word's plural by the plain rules: step -> steps, glass -> glasses,
    story -> stories, person -> people; abbreviations stay as they are."""
    low = word.lower()
    if not low or low in _INVARIANT or not low[-1].isalpha() or len(low) == 1:
        return word
    if low in _IRREGULAR:
        return _with_case(_IRREGULAR[low], word)
    if low in _IRREGULAR_ONE:
        return word  # already plural
    if low.endswith("y") and len(low) > 1 and not _is_vowel(low[-2]):
        return word[:-1] + "ies"
    if low.endswith(_SIBILANT) and not looks_plural(low):
        return word + "es"
    return word + "s"


def singular_word(word: str) -> str:
    """One English word's singular by the plain rules: steps -> step, glasses -> glass,
    stories -> story, people -> person."""
    low = word.lower()
    if not low or low in _INVARIANT or len(low) < 3:
        return word
    if low in _IRREGULAR_ONE:
        return _with_case(_IRREGULAR_ONE[low], word)
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if looks_plural(low):
        return word[:-1]
    return word


def looks_plural(word: str) -> bool:
    """A word ending in a plural s (steps), not in ss, us or is (glass, status, basis)."""
    low = word.lower()
    return (len(low) > 2 and low.endswith("s") and not low.endswith(("ss", "us", "is"))
            and low not in _INVARIANT) or low in _IRREGULAR_ONE


def unit_forms(typed: str) -> tuple[str, str]:
    """(singular, plural) of a unit as typed in either form: "sentence" and "sentences"
    both give ("sentence", "sentences"); "" gives ("", "")."""
    text = " ".join(typed.split())
    if not text:
        return "", ""
    before, word, after = _head(text)
    if looks_plural(word):
        return f"{before}{singular_word(word)}{after}", text
    return text, f"{before}{plural_word(word)}{after}"


def singular_of(unit: str) -> str:
    """The singular of a plural unit ("glasses of water" -> "glass of water")."""
    before, word, after = _head(" ".join(unit.split()))
    return f"{before}{singular_word(word)}{after}" if word else unit


def counted(amount: Num, one: str, many: str) -> str:
    """`amount` with the form that agrees: "1 sentence", "2 sentences", "0.5 km"."""
    from smallwins.core.model import format_num

    form = one if amount == 1 else many
    return f"{format_num(amount)} {form}" if form else format_num(amount)


def count(amount: Num, word: str) -> str:
    """`amount` of an English noun given in the singular: count(1, "vote") -> "1 vote"."""
    return counted(amount, word, plural_word(word))


def unit_one_of(ladder: Ladder) -> str:
    """A ladder's singular unit (derived from its plural when it has none stored)."""
    return ladder.unit_one or singular_of(ladder.unit)


def amount_text(ladder: Ladder, amount: Num) -> str:
    """An amount of the ladder's unit: "1 sentence", "3 sentences", "50 steps"."""
    return counted(amount, unit_one_of(ladder), ladder.unit)
