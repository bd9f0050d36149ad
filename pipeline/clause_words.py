"""The words of a clause, cut once and read by both the actor finder (pipeline/actors.py) and the trigger finder
(pipeline/events_triggers.py): cutting is a good part of what each costs per clause."""
from __future__ import annotations

import re
from typing import NamedTuple

# A word with its inner hyphens ("US-amerikanischen"); a lone capital keeps its period ("Charles Q. Brown"),
# any other word's period is punctuation.
_WORD = re.compile(r"\w(?:(?<=[A-Z])\.|\w*(?:[-‐]\w+)*)", re.UNICODE)


class Word(NamedTuple):   # a tuple: made for every word of every clause, so cheap to make
    start: int
    end: int
    text: str


def clause_words(text: str, lo: int, hi: int) -> list[Word]:
    new = tuple.__new__   # NamedTuple's own __new__ is a Python function: this is a good deal cheaper
    return [new(Word, (m.start(), m.end(), m.group())) for m in _WORD.finditer(text, lo, hi)]


def without_periods(words: list[Word]) -> list[Word]:
    """The words with a lone capital's period taken as punctuation too ("Q." read as "Q"), as the trigger finder
    reads them."""
    return [w if w.text[-1] != "." else Word(w.start, w.end - 1, w.text[:-1]) for w in words]
