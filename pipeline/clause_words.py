"""The words of a clause, cut once and read by both the actor finder (pipeline/actors.py) and the trigger finder
(pipeline/events_triggers.py): cutting is a good part of what each costs per clause."""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

_WORD = re.compile(r"\w+(?:[-‐]\w+)*")   # a word with its inner hyphens ("US-amerikanischen")


class Word(NamedTuple):   # a tuple: made for every word of every clause, so cheap to make
    start: int
    end: int
    text: str


def clause_words(text: str, lo: int, hi: int) -> list[Word]:
    """The words of text[lo:hi]; a period is never part of one."""
    new = tuple.__new__   # NamedTuple's own __new__ is a Python function: this is a good deal cheaper
    return [new(Word, (m.start(), m.end(), m.group())) for m in _WORD.finditer(text, lo, hi)]


def _end(w: Word) -> int:
    return w.end


def with_initials(words: list[Word], text: str, hi: int) -> list[Word]:
    """The words as the actor finder reads them: a lone capital keeps its period ("Charles Q. Brown": "Q."). The
    same list when the clause has none."""
    out = words
    dot = text.find(".", words[0].end if words else hi, hi)
    while dot >= 0:
        if "A" <= text[dot - 1] <= "Z":
            k = bisect.bisect_left(words, dot, key=_end)
            if k < len(words) and words[k].end == dot and len(words[k].text) == 1:
                if out is words:
                    out = list(words)
                out[k] = Word(words[k].start, dot + 1, words[k].text + ".")
        dot = text.find(".", dot + 1, hi)
    return out
