"""Tense of the clause that holds a date expression: past, future or present/unknown.

Used for dates resolved against the publication date. The clause is cut out of its sentence at
clause marks, commas before a lower-case word and coordinators; when it holds no tense signal, the
whole sentence is read instead ("hat Kiew besucht und am Freitag Selenskyj getroffen"). Both windows
are bounded, so a text is read in linear time.

Signals (words in data/lang/<lang>/timex/tense.yaml): irregular and modal Präteritum, "worden",
past adverbs and a perfect auxiliary with a participle in the clause say past; "wird", "soll",
"will", plan words say future; a perfect infinitive ("soll ... getroffen haben", "eingesetzt worden
sein") says past whatever else stands there. Otherwise the signal nearest the date wins (a tie is
the past). Regular Präteritum ("telefonierte"), strong forms not listed ("widersprach") and participles
that no prefix marks ("telefoniert", "überfallen") are recognised with the lemma of the word
(simplemma, loaded on first need and asked only about words of date-bearing clauses, cached).
A clause with only present forms ("gastiert", "ist ... zu Gast") is PRESENT: the nearest day.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from pipeline.yamlfile import load_yaml

from .resources import DATA_ROOT, load_lexicon

PAST, PRESENT, FUTURE = -1, 0, 1
WINDOW = 240  # characters searched either side of the date for its sentence's ends

_TOKEN = re.compile(r"\w\w*", re.UNICODE)   # \w+; opening with a class lets the engine skip to word characters
BACK_STEP_WINDOW = 600   # characters before a date searched for a back-step word of its sentence
# A sentence ends at . ! ? (not after a digit: "am 24. Februar") followed by a space, at a colon before
# a capital ("widersprach am Dienstag: Es werde ..."), or at a line break.
# Each alternative opens with its literal mark (the digit test looks back from after it), so that the regex engine
# jumps from mark to mark instead of trying every position.
_SENTENCE_END = re.compile(r"\.(?<!\d\.)[\"'»«“”]?\s|!(?<!\d!)[\"'»«“”]?\s|\?(?<!\d\?)[\"'»«“”]?\s|:\s+(?=[A-ZÄÖÜ])|\n")
_COMMA = re.compile(r",\s*(?=[a-zäöüß])")


@dataclass(frozen=True)
class TenseWords:
    lang: str
    clause_marks: tuple[str, ...]
    coordinators: frozenset[str]
    past: frozenset[str]            # tell the past on their own
    perfect_auxiliaries: frozenset[str]
    perfect_infinitive: frozenset[str]
    passive_past: frozenset[str]
    future: frozenset[str]
    planned: frozenset[str]
    infinitive_particle: str
    participle_prefixes: tuple[str, ...]
    participle_suffixes: tuple[str, ...]
    participle_min_length: int
    participle_endings: tuple[str, ...]
    inseparable_prefixes: tuple[str, ...]
    weak_preterite_endings: tuple[str, ...]
    infinitive_endings: tuple[str, ...]
    inflection_endings: tuple[str, ...]
    present_without_ending: frozenset[str]
    past_prepositions: frozenset[str]
    back_steps: frozenset[str] = frozenset()   # "davor", "zuvor": the story steps back in time
    time_shifts: frozenset[str] = frozenset()  # "später", "inzwischen": opening a sentence, another time


@lru_cache(maxsize=None)
def load_tense_words(lang: str = "de") -> TenseWords:
    d = load_yaml(DATA_ROOT / lang / "timex" / "tense.yaml") or {}
    lx = load_lexicon(lang)  # participle shapes are shared with the cue reader of cues.yaml

    def words(*keys: str) -> frozenset[str]:
        return frozenset(w.lower() for k in keys for w in d.get(k, []))

    return TenseWords(
        lang=lang,
        clause_marks=tuple(d.get("clause_marks", [])),
        coordinators=words("coordinators"),
        past=words("preterite", "modal_preterite", "passive_past", "past_adverbs"),
        perfect_auxiliaries=words("perfect_auxiliaries"),
        perfect_infinitive=words("perfect_infinitive"),
        passive_past=words("passive_past"),
        future=words("future_auxiliaries", "future_modals", "planned", "scheduled"),
        planned=words("planned"),
        infinitive_particle=str(d.get("infinitive_particle", "")).lower(),
        participle_prefixes=lx.participle_prefixes,
        participle_suffixes=lx.participle_suffixes,
        participle_min_length=lx.participle_min_length,
        participle_endings=tuple(d.get("participle_endings", [])),
        inseparable_prefixes=tuple(d.get("inseparable_prefixes", [])),
        weak_preterite_endings=tuple(d.get("weak_preterite_endings", [])),
        infinitive_endings=tuple(d.get("infinitive_endings", [])),
        inflection_endings=tuple(d.get("inflection_endings", [])),
        present_without_ending=words("present_without_ending"),
        past_prepositions=words("past_prepositions"),
        back_steps=words("back_steps"),
        time_shifts=words("time_shifts"),
    )


@lru_cache(maxsize=65536)
def lemma(word: str, lang: str) -> str:
    """The dictionary form of a lower-case word (the word itself when unknown)."""
    from simplemma import lemmatize  # imported here: its dictionary loads on first use, not at import

    return lemmatize(word, lang=lang)


def _verb_lemma(word: str, tw: TenseWords) -> str | None:
    lem = lemma(word, tw.lang)
    return lem if lem.endswith(tw.infinitive_endings) and lem.islower() else None


def _stem(infinitive: str) -> str:
    return infinitive[:-2] if infinitive.endswith("en") else infinitive[:-1]


def is_weak_preterite(word: str, tw: TenseWords) -> bool:
    """"reiste", "telefonierten", "berichtete": stem (+ e) + t + ending of a verb the lemma confirms
    ("heute", "letzte", "gestarteten" are not)."""
    if not word.endswith(tw.weak_preterite_endings):
        return False
    lem = _verb_lemma(word, tw)
    if lem is None or lem == word:
        return False
    stem = _stem(lem)
    return any(word in (stem + "t" + e, stem + "et" + e) for e in ("e", "en"))


def is_strong_preterite(word: str, tw: TenseWords) -> bool:
    """"widersprach", "verlief": a verb form (by its lemma) without ending, which in the singular only
    the strong Präteritum has; the present forms without ending (modals) are listed."""
    if word in tw.present_without_ending or word.endswith(tw.inflection_endings):
        return False
    lem = _verb_lemma(word, tw)
    return lem is not None and lem != word


def is_participle(word: str, tw: TenseWords, lookalike: bool = True) -> bool:
    """A past participle. lookalike: also a word spelled like its infinitive, "überfallen",
    "verlassen" (inseparable strong verbs), which only a perfect auxiliary tells apart."""
    if word in tw.planned or word in tw.perfect_auxiliaries or word in tw.future:
        return False
    if (len(word) >= tw.participle_min_length and word.startswith(tw.participle_prefixes)
            and word.endswith(tw.participle_suffixes)) or word.endswith(tw.participle_endings):
        return True
    if len(word) < 5 or not word.endswith(("t", "en")):
        return False
    lem = _verb_lemma(word, tw)
    if lem is None:
        return False
    return lem != word or (lookalike and word.startswith(tw.inseparable_prefixes))


def is_present(word: str, tw: TenseWords) -> bool:
    """A present-tense form: "gastiert", "reist", "treffen" (lemma-confirmed)."""
    lem = _verb_lemma(word, tw)
    if lem is None:
        return False
    stem = _stem(lem)
    return word in (lem, stem + "t", stem + "et")


def _is_verb_form(word: str, tw: TenseWords) -> bool:
    w = word.lower()
    if w in tw.past or w in tw.future or w in tw.perfect_auxiliaries:
        return True
    return word.islower() and _verb_lemma(w, tw) is not None


@lru_cache(maxsize=65536)
def _verb_signals(word: str, lang: str) -> tuple[bool, bool, bool, bool]:
    """What _decide asks of a lower-case word, once per word: participle (strict, lookalikes included),
    preterite (weak or strong), present."""
    tw = load_tense_words(lang)
    return (is_participle(word, tw, lookalike=False), is_participle(word, tw, lookalike=True),
            is_weak_preterite(word, tw) or is_strong_preterite(word, tw), is_present(word, tw))


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - WINDOW)
    s = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        s = m.end()
    m = _SENTENCE_END.search(text, end, min(len(text), end + WINDOW))
    return s, (m.start() + 1 if m else min(len(text), end + WINDOW))


def _clause(text: str, s: int, e: int, start: int, end: int, tw: TenseWords) -> tuple[int, int]:
    """The part of text[s:e] around the date between the nearest clause boundaries."""
    cuts = [m.start() for m in _COMMA.finditer(text, s, e)]
    for mark in tw.clause_marks:
        i = text.find(mark, s, e)
        while i >= 0:
            cuts.append(i)
            i = text.find(mark, i + 1, e)
    # "und" opens a clause before a verb ("und wird ... reisen"), not inside a noun phrase ("X und Y").
    words = _TOKEN.findall(text, s, e)
    opens = [i for i in range(len(words) - 1)
             if words[i].lower() in tw.coordinators and _is_verb_form(words[i + 1], tw)]
    if opens:   # the offsets, only where needed: the same tokens again, as matches
        toks = list(_TOKEN.finditer(text, s, e))
        cuts += [toks[i].start() for i in opens]
    lo = max((c for c in cuts if c < start), default=s)
    hi = min((c for c in cuts if c >= end), default=e)
    return lo, hi


def _decide(text: str, lo: int, hi: int, start: int, end: int, tw: TenseWords,
            clause: bool) -> int | None:
    """Direction from the signals of text[lo:hi] (the date span itself excluded); None without any.

    In the date's own clause a past or future signal outweighs a present form (which may be an
    infinitive or a participle); read over the whole sentence, the nearest signal of any kind wins.
    """
    toks = [(m.start(), m.group()) for m in _TOKEN.finditer(text, lo, hi) if not start <= m.start() < end]
    if not toks:
        return None
    words = [w.lower() for _, w in toks]
    # Lemmas only for words written lower-case: verb forms, not nouns ("Angriffen") or names.
    verbish = [w.islower() for _, w in toks]
    at = bisect_left([pos for pos, _ in toks], start)  # the date sits between words[at-1] and words[at]
    has_aux = not tw.perfect_auxiliaries.isdisjoint(words)
    lang = tw.lang
    signals = [_verb_signals(w, lang) if v else None for w, v in zip(words, verbish)]
    kind = 1 if has_aux else 0
    participles = {i for i, sig in enumerate(signals) if sig is not None and sig[kind]}
    if not tw.passive_past.isdisjoint(words):
        return PAST  # "worden" only stands in a perfect passive: "sollen ... eingesetzt worden (sein)"
    for i in participles:  # a perfect infinitive reports the past even after "soll" or "wird"
        nxt = words[i + 1: i + 3]
        if nxt and (nxt[0] in tw.perfect_infinitive
                    or nxt == [tw.infinitive_particle, nxt[-1]] and nxt[-1] in tw.perfect_infinitive):
            return PAST
    strong: list[tuple[int, int]] = []   # (distance in words, direction)
    present: list[tuple[int, int]] = []
    for i, w in enumerate(words):
        dist = at - i if i < at else i - at + 1
        if w in tw.past or (w in tw.perfect_auxiliaries and participles - {i}):
            strong.append((dist, PAST))
        elif w in tw.future:
            strong.append((dist, FUTURE))
        elif w in tw.perfect_auxiliaries:
            present.append((dist, PRESENT))  # "ist ... zu Gast"
        elif verbish[i] and i not in participles:
            if signals[i][2]:
                strong.append((dist, PAST))
            elif signals[i][3]:
                present.append((dist, PRESENT))
    if clause and strong:
        return min(strong)[1]
    if not clause and (strong or present):
        return min(strong + present)[1]  # at equal distance PAST sorts first
    # "am Freitag nach Kiew zu reisen": an intention, unless the clause has a finite verb form.
    if len(words) >= 2 and words[-2] == tw.infinitive_particle and verbish[-1] and _verb_lemma(words[-1], tw):
        return FUTURE
    return PRESENT if present else None


def clause_tense(text: str, start: int, end: int, lang: str = "de") -> int:
    """PAST, FUTURE or PRESENT (present tense or no signal) for the date at text[start:end]."""
    tw = load_tense_words(lang)
    before = [w.lower() for w in _TOKEN.findall(text, max(0, start - 12), start)][-2:]
    if any(w in tw.past_prepositions for w in before):  # "seit dem 24. Februar" has begun
        return PAST
    s, e = _sentence(text, start, end)
    lo, hi = _clause(text, s, e, start, end, tw)
    d = _decide(text, lo, hi, start, end, tw, clause=True)
    if d is None and (lo, hi) != (s, e):
        d = _decide(text, s, e, start, end, tw, clause=False)
    return PRESENT if d is None else d


def steps_back(text: str, start: int, lang: str = "de") -> bool:
    """Whether the sentence before the date says the story steps back ("Kurz davor, als ... Ende Januar")."""
    tw = load_tense_words(lang)
    lo = max(0, start - BACK_STEP_WINDOW)   # long sentences of chronologies; bounded to stay linear
    s = lo
    for m in _SENTENCE_END.finditer(text, lo, start):
        s = m.end()
    return any(w.lower() in tw.back_steps for w in _TOKEN.findall(text, s, start))
