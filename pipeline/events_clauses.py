"""Clauses and quotations inside a sentence: the units event assembly works on.

A German news sentence often carries two events or an event and its source ("..., erklärte das
Ministerium"); cutting it at clause boundaries keeps their actors apart. Quoted speech is kept out of
actor and trigger search: it is what was said, not who took part.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.events_triggers import EventLexicon

_NEXT_WORD = re.compile(r"\s*(\w+)")


SCARE_QUOTE_WORDS = 3   # „Friedensgespräche“: a quoted word or two names a thing, it reports no speech


def quote_spans(text: str, lo: int, hi: int, lex: EventLexicon) -> list[tuple[int, int]]:
    """Spans of quoted speech (marks included) in text[lo:hi]; an unclosed quote runs to the end. A quote of at
    most SCARE_QUOTE_WORDS words is a name or a distancing mark, not speech, and stays readable."""
    closing, opener = _quote_marks(tuple(lex.quotes))
    spans: list[tuple[int, int]] = []
    m = opener.search(text, lo, hi)
    while m:
        j = text.find(closing[m.group()], m.end(), hi)
        end = hi if j < 0 else j + 1
        if j < 0 or len(text[m.end():j].split()) > SCARE_QUOTE_WORDS:
            spans.append((m.start(), end))
        m = opener.search(text, end, hi)
    return spans


@lru_cache(maxsize=8)   # asked for every sentence
def _quote_marks(quotes: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], re.Pattern]:
    """Closing mark by opening mark, and a pattern of the opening marks."""
    closing = dict(quotes)
    return closing, re.compile("[" + re.escape("".join(closing)) + "]")


def masked(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> str:
    """The whole text with the quoted spans inside [lo, hi) blanked out: offsets stay valid."""
    if not spans:
        return text
    parts, pos = [], 0
    for a, b in spans:
        parts.append(text[pos:a])
        parts.append(" " * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def split_clauses(text: str, lo: int, hi: int, lex: EventLexicon,
                  quotes: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Clause spans of the sentence text[lo:hi]: cut at dashes and semicolons always, at a comma only
    before a word that opens a clause (a conjunction, relative pronoun, pronoun or reporting verb)."""
    quotes = quotes if quotes is not None else quote_spans(text, lo, hi, lex)

    def quoted(pos: int) -> bool:
        return bool(quotes) and any(a <= pos < b for a, b in quotes)

    cuts: set[int] = set()
    for mark in lex.clause_marks:
        pos = text.find(mark, lo, hi)
        while pos >= 0:
            if not quoted(pos):
                cuts.add(pos)
            pos = text.find(mark, pos + len(mark), hi)
    pos = text.find(",", lo, hi)
    while pos >= 0:
        m = _NEXT_WORD.match(text, pos + 1, hi)
        # a finite event verb right after a comma continues the main clause after an inserted one
        # ("Putin, der am Dienstag angekommen war, dankte Kim")
        starts = m and (m.group(1).lower() in lex.clause_starters or m.group(1) in lex.verbs
                        or _after_speech_verb(text, pos, lex))
        if starts and not quoted(pos) \
                and not _list_item(text, m.start(1), hi, lex):
            cuts.add(pos)
        pos = text.find(",", pos + 1, hi)
    spans, start = [], lo
    for cut in sorted(cuts):
        if cut > start:
            spans.append((start, cut))
        start = cut + 1
    if start < hi:
        spans.append((start, hi))
    return [(a, b) for a, b in spans if text[a:b].strip()]


_WORD = re.compile(r"[\w-]+")
_LAST_WORD = re.compile(r"(\w+)\W*$")


def _after_speech_verb(text: str, pos: int, lex: EventLexicon) -> bool:
    """"Erdogan hatte gesagt, Russland und die Ukraine hätten sich geeinigt": reported speech follows the comma."""
    m = _LAST_WORD.search(text, max(0, pos - 30), pos)
    return bool(m) and lex.verbs.get(m.group(1).lower()) in lex.speech_types


def _list_item(text: str, start: int, hi: int, lex: EventLexicon) -> bool:
    """", der Ukraine, der Türkei": an article opening a short noun phrase (at most four words, the
    last capitalised) that runs to the next comma or list word is an enumeration item, not a
    relative clause (", der am Montag sagte")."""
    words = []
    for m in _WORD.finditer(text, start, hi):
        if text.find(",", start, m.start()) >= 0 or m.group() in lex.list_joiners:
            break
        words.append(m.group())
        if len(words) > 4:
            return False
    return (len(words) >= 2 and words[0].lower() in lex.articles and words[-1][:1].isupper()
            and all(w[:1].isupper() or w.endswith(("e", "en", "er", "es", "em")) for w in words[1:]))
