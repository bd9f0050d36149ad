"""Event trigger words (data/lang/<lang>/events.yaml): nouns by their head, verb forms, separable verbs,
phrases; plus the clause, quote and status vocabulary that event assembly uses.
"""
from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from pipeline.clause_words import Word, clause_words
from pipeline.word_memo import remembered
from pipeline.yamlfile import load_yaml


DATA = Path(__file__).resolve().parent.parent / "data" / "lang"
_NOUN_ENDINGS = r"(?:e|en|n|s|es|er|ern)?"


_text = operator.attrgetter("text")


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    type: str
    verbal: bool          # a verb (its subject stands before it) rather than a noun
    definite: bool        # a noun after a definite article: may refer back to an earlier mention
    final: bool = False   # a verb closing its clause ("hat am Freitag telefoniert"): takes the clause's dates
    anchored: bool = False  # a noun after "seit", "vor" ...: a time anchor, not the clause's event
    setting: bool = False   # a noun after "auf der", "bei": where something happened, not what
    background: bool = False  # a noun after "trotz", "ungeachtet": what the event happened despite


@dataclass
class EventLexicon:
    types: dict[str, dict] = field(default_factory=dict)
    head_re: re.Pattern | None = None                  # matches a lower-cased word ending in a noun head
    head_type: dict[str, str] = field(default_factory=dict)
    verbs: dict[str, str] = field(default_factory=dict)
    particle_verbs: list[tuple[frozenset, str, str]] = field(default_factory=list)  # (forms, particle, type)
    particle_index: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # form -> (particle, type), in order
    _noun_types: dict[str, str | None] = field(default_factory=dict, repr=False)   # noun_type's answers so far
    _phrase_starts: dict[str, list] = field(default_factory=dict, repr=False)      # _phrases_from's answers so far
    _entries: dict[str, tuple | None] = field(default_factory=dict, repr=False)    # _entry's answers so far
    _not_phrase_starts: set[str] = field(default_factory=set, repr=False)          # first words of not_phrases
    phrases: list[tuple[list[str], str]] = field(default_factory=list)
    phrase_index: dict[str, list] = field(default_factory=dict)     # first word -> phrases starting with it
    not_words: set[str] = field(default_factory=set)
    specificity: dict[str, int] = field(default_factory=dict)
    talk_family: set[str] = field(default_factory=set)
    definite_articles: set[str] = field(default_factory=set)
    negations: set[str] = field(default_factory=set)
    not_phrases: set[tuple[str, ...]] = field(default_factory=set)
    aspect_verbs: set[str] = field(default_factory=set)
    anchor_prepositions: set[str] = field(default_factory=set)
    setting_prepositions: set[str] = field(default_factory=set)
    generic_verb_types: set[str] = field(default_factory=set)
    object_taking_verb_types: set[str] = field(default_factory=set)
    inherit_actor_types: set[str] = field(default_factory=set)
    visit_nouns: tuple[str, ...] = ()
    date_prepositions: tuple[str, ...] = ()
    back_reference_openers: set[str] = field(default_factory=set)
    noun_date_prepositions: set[str] = field(default_factory=set)
    planned_cues: set[str] = field(default_factory=set)
    clause_marks: list[str] = field(default_factory=list)
    clause_starters: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    list_joiners: set[str] = field(default_factory=set)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    war_types: set[str] = field(default_factory=set)
    setting_event_types: set[str] = field(default_factory=set)
    background_prepositions: set[str] = field(default_factory=set)
    speech_types: set[str] = field(default_factory=set)
    topic_prepositions: set[str] = field(default_factory=set)
    closing_auxiliaries: set[str] = field(default_factory=set)
    genitive_articles: set[str] = field(default_factory=set)
    indefinite_articles: set[str] = field(default_factory=set)
    attribute_prepositions: set[str] = field(default_factory=set)
    occasion_openers: set[str] = field(default_factory=set)
    addressee_prepositions: set[str] = field(default_factory=set)
    two_way_prepositions: set[str] = field(default_factory=set)
    dative_articles: set[str] = field(default_factory=set)
    about_prepositions: set[str] = field(default_factory=set)
    destination_prepositions: set[str] = field(default_factory=set)
    temporal_conjunctions: set[str] = field(default_factory=set)
    contracted_prepositions: set[str] = field(default_factory=set)
    origin_words: tuple[str, ...] = ()
    participle_endings: tuple[str, ...] = ()
    conflict_parties: tuple[str, ...] = ()
    default_aid_recipient: str = ""
    war_start_date: dt.date | None = None
    relative_anchors: list[dict] = field(default_factory=list)
    cameo: dict[str, str] = field(default_factory=dict)
    plover: dict[str, str] = field(default_factory=dict)

    def noun_type(self, word: str) -> str | None:
        """The event type a noun names (by its head), or None; remembered per word, since words repeat and the
        head search runs a large alternation."""
        return remembered(self._noun_types, word, self._noun_type)

    def _noun_type(self, word: str) -> str | None:
        low = word.lower().replace("‐", "-")
        if low in self.not_words:
            return None
        head = low.rsplit("-", 1)[-1]
        if head in self.not_words:
            return None
        m = self.head_re.search(head)
        return self.head_type[m.group(1)] if m else None

    def find(self, text: str, lo: int, hi: int, words: list[Word] | None = None) -> list[Trigger]:
        """Triggers in text[lo:hi], in text order; overlapping matches keep the longer one. words:
        clause_words(text, lo, hi) if the caller has them already."""
        if words is None:
            words = clause_words(text, lo, hi)
        lows = list(map(str.lower, map(_text, words)))
        entries = self._entries
        # (start, end, type, verbal, definite, final, index of the first word): a Trigger is made only for those kept
        found: list[tuple] = []
        phrased: list[tuple] = []
        for i, w in enumerate(words):
            word = w.text
            try:
                entry = entries[word]
            except KeyError:
                entry = remembered(entries, word, self._entry)
            if entry is None:
                continue
            particles, verb, noun, phrases = entry
            low = lows[i]
            if not (i > 0 and lows[i - 1] in self.negations
                    or low in self._not_phrase_starts and tuple(lows[i:i + 2]) in self.not_phrases):
                ptype = next((t for particle, t in particles if _particle_follows(text, words, lows, i, particle, hi)),
                             None)
                if ptype:
                    found.append((w.start, w.end, ptype, True, False, True, i))
                elif verb is not None and (not word[:1].isupper() or i == 0):
                    found.append((w.start, w.end, verb, True, False, False, i))
                elif noun:
                    definite = i > 0 and lows[i - 1] in self.definite_articles
                    found.append((w.start, w.end, noun, False, definite, False, i))
            for seq, t in phrases:
                hit = self._phrase_at(words, lows, i, seq, t)
                if hit:
                    phrased.append(hit)
        # word triggers before phrases: the sort keeps that order between equal spans
        found += phrased
        found.sort(key=lambda p: (p[0], p[0] - p[1]))
        out: list[Trigger] = []
        end = -1
        for raw in found:
            if raw[0] < end:
                continue
            out.append(self._placed(raw, text, hi, lows))
            end = raw[1]
        return out

    def _entry(self, word: str) -> tuple | None:
        """What a word may be, whatever stands around it: (separable verb forms, verb type, noun type, phrases it
        may start), or None if nothing (most words)."""
        low = word.lower()
        particles = self.particle_index.get(low, ())
        verb = self.verbs.get(low)
        noun = self.noun_type(word) if word[:1].isupper() or "-" in low else None
        phrases = self._phrases_from(low)
        return (particles, verb, noun, phrases) if particles or verb is not None or noun or phrases else None

    def _placed(self, raw: tuple, text: str, hi: int, lows: list[str]) -> Trigger:
        """The trigger found (see find), placed in its clause: closing verb, time anchor or setting."""
        start, end, etype, verbal, definite, final, i = raw
        if verbal:
            rest = text[end:hi].strip(" \t.,;:!?»«„“\"()")
            # closing its clause, or the first of two coordinated closing verbs ("telefoniert und ... zugesagt")
            words = rest.split(None, 2)
            if words and words[0].rstrip(".,;:!?").lower() in self.closing_auxiliaries:
                # "..., der am Dienstag angekommen war, ...": the auxiliary ends the clause with it
                words = [] if words[0][-1] in ".,;:!?" else words[1:]
            final = final or not words or words[0] in self.list_joiners
            return Trigger(start, end, etype, True, definite, final)
        before = set(lows[max(0, i - 3):i])
        background = bool(before & self.background_prepositions)
        window = lows[max(0, i - 3):i]
        # "auf der Konferenz" is where, "sich auf den Austausch geeinigt" what: a two-way preposition sets the
        # scene only with the dative
        setting = any(w in self.setting_prepositions and (w not in self.two_way_prepositions
                                                          or window[k + 1:k + 2] and window[k + 1] in self.dative_articles)
                      for k, w in enumerate(window))
        return Trigger(start, end, etype, False, definite, final,
                       background or bool(before & self.anchor_prepositions), setting, background)

    def _phrases_from(self, low: str) -> list:
        """The phrases whose first word this word may be, inflected (up to three letters more); per word."""
        return remembered(self._phrase_starts, low, lambda w: [p for cut in range(max(1, len(w) - 3), len(w) + 1)
                                                                for p in self.phrase_index.get(w[:cut], ())])

    def has_aspect_verb(self, text: str, lo: int, hi: int, words: list[Word] | None = None) -> bool:
        """An aspect verb ("begann", "endete") in text[lo:hi]; words as for find()."""
        if words is None:
            words = clause_words(text, lo, hi)
        return not self.aspect_verbs.isdisjoint(map(str.lower, map(_text, words)))

    def _phrase_at(self, words, lows, i: int, seq: list[str], t: str) -> tuple | None:
        """The phrase seq starting at word i ("*" = up to two words in between) as find() keeps it, or None."""
        if i > 0 and lows[i - 1] in self.negations:
            return None
        if len(seq) == 1 and words[i].text[:1].isupper():
            return None  # one-word phrases are verb forms; "Angriff" is a noun
        k, gap = i, 1
        for part in seq:
            if part == "*":
                gap = 3
                continue
            hit = next((x for x in range(k, min(k + gap, len(lows))) if _stem_match(lows[x], part)), None)
            if hit is None or (k == i and hit != i):
                return None
            k, gap = hit + 1, 1
        return words[i].start, words[k - 1].end, t, len(seq) == 1, False, False, i


_CLAUSE_END = set(".,;:!?»«\"“”)–—")


def _particle_follows(text: str, words, lows, i: int, particle: str, hi: int) -> bool:
    """A separable verb's particle closes its clause: "lehnte das Angebot ab." (not "sagte er zu Reportern")."""
    for x in range(i + 1, len(lows)):
        if lows[x] != particle:
            continue
        rest = text[words[x].end:hi].lstrip()
        if not rest or rest[0] in _CLAUSE_END:
            return True
    return False


def _stem_match(word: str, stem: str) -> bool:
    return word.startswith(stem) and len(word) - len(stem) <= 3 and (word == stem or word[len(stem):].isalpha())


# Every word-set field of EventLexicon is a plain list of events.yaml under the same name (not_words is
# filled from the types after them).
_WORD_SETS = tuple(f.name for f in fields(EventLexicon) if f.type == "set[str]" and not f.name.startswith("_"))


@lru_cache(maxsize=4)
def load_event_lexicon(lang: str = "de") -> EventLexicon:
    data = load_yaml(DATA / lang / "events.yaml") or {}
    lex = EventLexicon()
    for name in _WORD_SETS:
        setattr(lex, name, set(data.get(name, [])))
    lex.types = data["types"]
    for t, spec in lex.types.items():
        lex.cameo[t], lex.plover[t] = str(spec.get("cameo", "")), spec.get("plover", "")
        for noun in spec.get("nouns", []):
            lex.head_type.setdefault(noun.lower(), t)
        for verb in spec.get("verbs", []):
            lex.verbs.setdefault(verb.lower(), t)
        for pv in spec.get("particle_verbs", []):
            lex.particle_verbs.append((frozenset(f.lower() for f in pv[:-1]), pv[-1].lower(), t))
        for phrase in spec.get("phrases", []):
            lex.phrases.append((phrase.lower().split(), t))
        lex.not_words.update(w.lower() for w in spec.get("not", []))
    for forms, particle, t in lex.particle_verbs:
        for form in forms:
            lex.particle_index.setdefault(form, []).append((particle, t))
    for seq, t in lex.phrases:
        lex.phrase_index.setdefault(seq[0], []).append((seq, t))
    heads = sorted(lex.head_type, key=len, reverse=True)
    # search() finds the leftmost start, i.e. the longest listed head that ends the word.
    lex.head_re = re.compile("(" + "|".join(map(re.escape, heads)) + ")" + _NOUN_ENDINGS + "$")
    order = data.get("specificity", [])
    lex.specificity = {t: len(order) - i for i, t in enumerate(order)}
    lex.not_phrases = {tuple(p.lower().split()) for p in data.get("not_phrases", [])}
    lex._not_phrase_starts = {p[0] for p in lex.not_phrases if p}
    lex.visit_nouns = tuple(data.get("visit_nouns", []))
    lex.date_prepositions = tuple(data.get("date_prepositions", []))
    lex.clause_marks = list(data.get("clause_marks", []))
    lex.quotes = [tuple(q) for q in data.get("quotes", [])]
    lex.conflict_parties = tuple(data.get("conflict_parties", []))
    lex.default_aid_recipient = data.get("default_aid_recipient", "")
    if data.get("war_start_date"):
        lex.war_start_date = dt.date.fromisoformat(str(data["war_start_date"]))
    lex.relative_anchors = list(data.get("relative_anchors", []))
    lex.participle_endings = tuple(data.get("participle_endings", ()))
    lex.origin_words = tuple(data.get("origin_words", ()))
    return lex
