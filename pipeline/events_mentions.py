"""Event mentions of one article: triggers with their participants and dates (stages "mentions" and
"arguments" of event extraction; pipeline/events.py runs the stages).

Steps per sentence: clauses and quotes (events_clauses), actor mentions (actors), triggers
(events_triggers). Assembly rules that need the whole article live here:
- a date attaches to the nearest trigger of its clause; actors go with the trigger they follow
  (a clause's subject, before its first trigger, goes with verbs and the first trigger);
- "bei dem Gespräch am Freitag" takes the actors of the last talk mentioned before it, and
  "die beiden Minister" the two people of the last talk that had two;
- a talk ("Gespräch") is a call when a call with one of its people was mentioned, else a meeting;
- a statement also takes the actors of the reported clause that follows it ("..., er sehe ...");
- status: planned when the dates lie after publication, or a cue word stands in the clause.
"""
from __future__ import annotations

import bisect
import datetime as dt
import os
import time
import hashlib
from dataclasses import dataclass, field, replace

from pipeline.actors import ActorFinder, Mention
from pipeline.articles import Article
from pipeline.clause_words import clause_words
from pipeline.events_clauses import masked, quote_spans, split_clauses
from pipeline.events_triggers import EventLexicon, Trigger, load_event_lexicon
from pipeline.events_dates import DateRef, DatedEvents, anchor_date, anchor_phrase, date_refs
from pipeline.timex.reference import continues
from pipeline.events_model import Event, Evidence
from pipeline.messages import message
from pipeline.events_participants import participants
from pipeline.events_types import refine_type
from pipeline.sentences import Sentence, split_sentences

CONTEXT_SENTENCES = 3      # how far back "bei dem Gespräch" and "die beiden Minister" look
HOST = "host"               # role given to the state a visit goes to ("Staatsbesuch in Russland")
INHERIT_REACH = 6          # event mentions back an actor-less attack looks for its attacker
ATTRIBUTE_WORDS = 8        # longest attribute between a date after an article and its noun ("des vor ... Krieges")


@dataclass
class _Mention:
    """An event mention in the text, dated or not: what later references resolve against."""
    type: str
    actors: list[str]
    persons: list[str]
    when: tuple[dt.date, dt.date] | None = None   # the dates of a dated mention


@dataclass
class _Clause:
    start: int
    end: int
    mentions: list[Mention]
    triggers: list[Trigger]
    aspect: bool = False                                               # "begann", "endete", "fand statt"
    groups: dict[int, list[Mention]] = field(default_factory=dict)   # trigger index (-1: subject) -> mentions
    dates: list[DateRef] = field(default_factory=list)
    chosen: dict[int, int | None] = field(default_factory=dict)      # id(date) -> trigger index
    src: str = ""                                                      # the text it was read in (quotes masked or not)
    settings: list[Trigger] | None = None                              # its talks it is set at (_set_talk), once asked
    actors_of: dict[int | None, list[Mention]] = field(default_factory=dict)   # _actors' answers, once groups are made


ARTICLE_SECONDS = 60.0   # a time budget per article: past it the article is reported and skipped, the rest built


class ArticleTooSlow(RuntimeError):
    """An article that took longer than its time budget (ZEITLEISTE_ARTICLE_SECONDS, default 60 s)."""


def article_seconds() -> float:
    try:
        return float(os.environ.get("ZEITLEISTE_ARTICLE_SECONDS", ARTICLE_SECONDS))
    except ValueError:
        return ARTICLE_SECONDS


def known_actors(events: list[Event], finder: ActorFinder) -> set[str]:
    """The gazetteer's actors among the events' participants (found people such as "Präsident X" are not)."""
    return {n for e in events for n in e.actors if finder.actor(n) is not None}


def _check(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise ArticleTooSlow(message("too_slow", "took longer than {seconds:g} s; skipped", seconds=article_seconds()))


class MentionExtractor:
    def __init__(self, article: Article, lex: EventLexicon | None = None):
        self.a = article
        self.lex = lex or load_event_lexicon()
        self.finder = ActorFinder()
        self.history: list[_Mention] = []
        self.evidence: dict[str, Evidence] = {}   # event_id -> what the mention rests on
        self._keys: set[str] = set()
        self._calls, self._call_people = 0, set()        # calls told so far and their people (_talk_type)
        self._anchor_dates: set[int] = set()           # starts of dates an anchored noun took ("seit ... Ende Mai")

    # -- driver ------------------------------------------------------------------------------------------

    def run(self, window: tuple[int, int] | None = None, deadline: float | None = None) -> list[Event]:
        """Every dated event mention of the article, in text order (merged later by events_local_merge).
        window: only body[lo:hi] is read (a part of a very large article, pipeline/events_parts.py); offsets
        stay those of the whole body. deadline: time.monotonic() past which the article is given up."""
        body, dct = self.a.body, self.a.published
        lo, hi = window or (0, len(body))
        if deadline is None:
            deadline = time.monotonic() + article_seconds()
        try:
            refs = [r if not lo else replace(r, start=r.start + lo, end=r.end + lo)
                    for r in date_refs(body[lo:hi] if window else body, dct, deadline)]
        except TimeoutError:
            _check(deadline)
            raise
        _check(deadline)
        if not refs:
            return []
        sents = split_sentences(body[lo:hi] if window else body)
        if lo:
            sents = [Sentence(s.start + lo, s.end + lo, s.text) for s in sents]
        starts = [s.start for s in sents]
        by_sentence: dict[int, list[DateRef]] = {}
        for r in refs:
            idx = max(0, bisect.bisect_right(starts, r.start) - 1)
            by_sentence.setdefault(idx, []).append(r)
        anchored = {i: hit for i, s in enumerate(sents) if i not in by_sentence
                    and (hit := anchor_phrase(body, s.start, s.end, self.lex.relative_anchors))}
        lenders = self._lenders(body, sents, by_sentence)
        wanted = sorted({k for i in [*by_sentence, *lenders, *anchored]
                         for k in range(max(0, i - CONTEXT_SENTENCES), i + 1)})
        if self.a.title:
            self._analyse(self.a.title, 0, len(self.a.title), [], dct)  # the headline: antecedents only
        events: list[Event] = []
        dated = DatedEvents()   # the same events, indexed for the anchors
        later: list[int] = []
        for idx in wanted:
            _check(deadline)
            s = sents[idx]
            own = by_sentence.get(idx, [])
            if idx in lenders:
                # the date the sentence before is at, not one its background anchor took ("seit Kriegsbeginn Ende Februar")
                lent = [r for r in lenders[idx] if r.start not in self._anchor_dates]
                own = [replace(lent[-1], carried=True)] if lent else []
            if idx in anchored:   # "Im Anschluss ...": the date of the event it points back to
                ref = anchor_date(*anchored[idx], dated, self._named(body, s.start, s.end), dct)
                if ref is None:
                    later.append(idx)   # "Bei seiner Ankunft" in a lead: the arrival is dated further down
                    continue
                own = [ref]
            found = self._analyse(body, s.start, s.end, own, dct)
            events.extend(found)
            dated.extend(found)
        # A lead that says "Bei seiner Ankunft" before the text dates the arrival: the first such event after it.
        for idx in later:
            s = sents[idx]
            after = [e for e in events if e.char_start > s.start]
            ref = anchor_date(*anchored[idx], after[::-1], self._named(body, s.start, s.end))
            if ref is not None:
                events.extend(self._analyse(body, s.start, s.end, [ref], dct))
        return events

    def _lenders(self, body: str, sents, by_sentence: dict[int, list[DateRef]]) -> dict[int, list[DateRef]]:
        """A sentence that names no date continues the time of the sentence before it in its paragraph
        ("Am Mittwoch verkündete Scholz ... Wenige Stunden später sagte Biden ... zu"): sentence -> the dates of
        the sentence it borrows from (run() takes the last one no background anchor took). It gives an event only
        if it has an event word and an actor (see _analyse)."""
        lenders: dict[int, list[DateRef]] = {}
        for idx in range(1, len(sents)):
            if idx in by_sentence or idx - 1 not in by_sentence:
                continue
            first_word = body[sents[idx].start:sents[idx].end].split(maxsplit=1)[:1]
            opener = first_word[0].strip(",") if first_word else ""
            if not continues(body, sents[idx - 1].end, sents[idx].start) or opener in self.lex.back_reference_openers:
                continue  # the text's time moves on (a new paragraph, "Zuvor hatte ..."), "Das teilte ... mit"
            last = by_sentence[idx - 1][-1]
            if last.precision == "range" or last.timex.endswith("_REF"):
                continue
            lenders[idx] = by_sentence[idx - 1]
        return lenders

    # -- one sentence ------------------------------------------------------------------------------------

    def _analyse(self, text: str, lo: int, hi: int, refs: list[DateRef], dct) -> list[Event]:
        lex = self.lex
        local = text[lo:hi]
        quotes = quote_spans(local, 0, len(local), lex)
        plain = masked(local, 0, len(local), quotes)
        self._plain = plain
        day = refs[0].first if refs else dct
        clauses = []
        for a, b in split_clauses(local, 0, len(local), lex, quotes):
            dates = [r for r in refs if a <= r.start - lo < b]
            # A date inside quoted speech dates what the quote tells ('"Der heute unterzeichnete Vertrag ...",
            # sagte Putin'): that clause is read with its quote, which otherwise adds no actors or events.
            src = local if any(qa <= r.start - lo < qb for r in dates for qa, qb in quotes) else plain
            words = clause_words(src, a, b)   # cut once for both finders
            mentions = self.finder.find(src, a, b, day, words)
            triggers = lex.find(src, a, b, words)
            # (whether it has an aspect verb matters only to a clause with triggers: see _trigger_for)
            aspect = bool(triggers) and lex.has_aspect_verb(src, a, b, words)
            c = _Clause(a, b, self._keep(mentions, triggers, src), triggers, aspect, src=src)
            c.dates = dates
            clauses.append(c)
        # Dates in quotes or between clauses still belong to the nearest clause; a borrowed date goes to
        # the first clause with a verb ("Russland werde die Sanktionen nicht hinnehmen, sagte sie").
        placed = {id(r) for c in clauses for r in c.dates}
        for r in refs:
            if r.carried and clauses:
                verbal = [c for c in clauses if any(t.verbal for t in c.triggers)]
                (verbal or [c for c in clauses if c.triggers] or clauses)[0].dates.append(r)
            elif id(r) not in placed and clauses:
                min(clauses, key=lambda c: abs(c.start - (r.start - lo))).dates.append(r)
        # "Nach dem NATO-Gipfel, der von Dienstag bis Donnerstag dauerte": a relative clause with no event word
        # of its own dates the noun it hangs on; "Raketen schlugen ein, als sich Gläubige zum Palmsonntag
        # versammelten": a temporal clause dates the event of the clause before
        for prev, c in zip(clauses, clauses[1:]):
            first = plain[c.start:c.end].split(maxsplit=1)[:1]
            if c.dates and not c.triggers and prev.triggers and first \
                    and (first[0] in lex.articles or first[0].lower() in lex.temporal_conjunctions) \
                    and not prev.dates:
                prev.dates.extend(c.dates)
                c.dates = []
        # "Am Freitag, dem 13. Mai 2022, telefonierte Austin mit Schoigu": a clause that is nothing but its date
        # (commas inside the date expression) dates the clause that tells the event
        for i, c in enumerate(clauses):
            if c.dates and not c.triggers and not c.mentions and any(r.end - lo > c.end for r in c.dates):
                home = next((k for k in clauses[i + 1:] if k.triggers), None) or next(
                    (k for k in reversed(clauses[:i]) if k.triggers), None)
                if home is not None:
                    home.dates.extend(c.dates)
                    c.dates = []
        self._move_reported_dates(clauses, plain)
        # "Am Samstag ist er in München zu Gast, wo er Gespräche mit Harris führen wird": what happens where the
        # main clause is happens on its date
        for prev, c in zip(clauses, clauses[1:]):
            first = plain[c.start:c.end].split(maxsplit=1)[:1]
            own = [r for r in prev.dates if not r.carried and not r.anchor]
            if own and not c.dates and c.triggers and first and first[0].lower() in lex.occasion_openers:
                c.dates = [own[-1]]
        events = []
        for c in clauses:
            c.chosen = {id(r): self._trigger_for(c, r.start - lo, r.end - lo, c.src) for r in c.dates}
            self._anchor_dates.update(r.start for r in c.dates
                                      if c.chosen[id(r)] is not None and c.triggers[c.chosen[id(r)]].anchored)
            # an anchor's phrase ends with its own date: "Nach den Angriffen vom Montag | hat die G7 ..."
            reach = {}
            for r in c.dates:
                ti = c.chosen[id(r)]
                if ti is not None and c.triggers[ti].anchored:
                    reach[ti] = max(reach.get(ti, 0), r.end - lo)
            c.groups = _group(c.mentions, c.triggers, reach)
        for ci, c in enumerate(clauses):
            chosen = c.chosen
            for ti, tr in enumerate(c.triggers):
                actors = self._actors(c, ti, tr)
                if not any(chosen[id(r)] == ti for r in c.dates):
                    self._remember(tr.type, actors)
            taken = {i for i in chosen.values() if i is not None}
            pairs = [(r, chosen[id(r)]) for r in c.dates]
            extra = self._also_dated(c, pairs) if pairs else []
            pairs += extra
            for r, ti in pairs:
                etype, actors = self._event_actors(clauses, ci, ti, taken - {ti}, r)
                actors = participants(etype, actors, self.finder, lex)
                refined = refine_type(etype, actors, r.first, r.last, lex)
                if refined != etype:   # a war start is between the two sides: its participants again
                    etype, actors = refined, participants(refined, actors, self.finder, lex)
                if (r, ti) in extra and self._set_talk(c.triggers[ti]) and len(actors) < 2:
                    continue  # a talk the clause is set at needs partners of its own to be a meeting
                if not actors:
                    continue  # nobody takes part: nothing for a timeline of who did what with whom
                if r.carried and (ti is None or c.triggers[ti].anchored or c.triggers[ti].setting
                                  or not any(k.mentions for k in clauses)):
                    continue  # a borrowed date needs an event word of this sentence and someone named in it
                status = self._status(r, plain[c.start:c.end], dct)
                tr = c.triggers[ti] if ti is not None else None
                source = ("discourse" if r.carried else "anchor" if r.anchor
                          else "reporting clause" if r.reported else "own")
                evidence = Evidence(source, "none" if tr is None else "verb" if tr.verbal else "noun", len(actors))
                events.append(self._event(text, lo, hi, r, etype, actors, status, evidence))
                self._remember(etype, actors, (r.first, r.last))
        return events

    def _move_reported_dates(self, clauses: list[_Clause], plain: str) -> None:
        """"Wie das Kanzleramt am Freitag mitteilte, haben Scholz und Macron telefoniert": a reporting clause's
        date goes to the event it reports, when that clause names none and tells something that happened (not
        an announcement: "..., soll das Treffen stattfinden" stays the speaker's statement)."""
        for c in clauses:
            if len(c.dates) != 1:
                continue
            speech = [t for t in c.triggers if t.verbal and t.type in self.lex.speech_types]
            if not speech or any(not t.verbal or t.type not in self.lex.speech_types
                                                      for t in c.triggers):
                continue
            for other in clauses:
                if other is c or other.dates:
                    continue
                told = [t for t in other.triggers if t.type not in self.lex.speech_types
                        and not t.setting and not t.anchored and t.verbal]
                words = {w.strip(".,;:!?»«„“\"()").lower() for w in plain[other.start:other.end].split()}
                if told and not words & self.lex.planned_cues and self._speaks_for(c, other):
                    other.dates.append(replace(c.dates[0], reported=True))
                    c.dates = []
                    break

    def _speaks_for(self, c: _Clause, other: _Clause) -> bool:
        """Whether the reporting clause is a source for the event's side: unnamed, or of a party's country ("teilte
        das Kanzleramt mit" for Scholz's call). A third country's leader who tells of others ("Erdogan sagte, Russland
        und die Ukraine hätten sich geeinigt") makes a statement of his own."""
        speakers = {self.finder.country_of(m.actor) or m.actor for m in c.mentions if m.actor}
        parties = {self.finder.country_of(m.actor) or m.actor for m in other.mentions if m.actor}
        return not speakers or not parties or bool(speakers & parties)

    def _also_dated(self, c: _Clause, pairs: list[tuple[DateRef, int | None]]) -> list[tuple[DateRef, int]]:
        """Several events on one date expression: "hat am Dienstag Kiew besucht und Hilfe zugesagt" (a second
        closing verb of another type), "sagte am Dienstag bei einem Treffen mit X" (a talk the clause is set at).
        Each takes the clause's own date; borrowed and anchored dates lend themselves to one event only."""
        own = [(r, ti) for r, ti in pairs if not r.carried and not r.anchor
               and not (ti is not None and c.triggers[ti].anchored)]   # "seit der Invasion am 24. Februar"
        if not own:
            return []
        types = {c.triggers[ti].type for _, ti in own if ti is not None}
        taken = {ti for _, ti in pairs}
        extra = []
        for tj, t in enumerate(c.triggers):
            if tj in taken or t.type in types or t.anchored and not self._talk_after(t):
                continue
            # a speech verb beside the event it announces is no second event ("kündigte an, ... zu liefern")
            coordinated = t.verbal and t.final and t.type not in self.lex.speech_types
            if coordinated or self._set_talk(t):
                r = min(own, key=lambda p: abs(p[0].start - t.start))[0]
                extra.append((r, tj))
                types.add(t.type)
        return extra

    @staticmethod
    def _talk_after(t: Trigger) -> bool:
        """"sagte am Mittwoch nach einem Treffen mit Selenskyj": a talk first told here, on the clause's day (with
        "dem", it points back to one told before)."""
        return t.anchored and not t.background and not t.definite and not t.verbal

    def _set_talk(self, t: Trigger) -> bool:
        """A talk the clause is set at ("bei einem Treffen mit X", "nach einem Treffen mit X"): an event of its own
        on the clause's date, between the clause's subject and its partners."""
        return (t.setting or self._talk_after(t)) and not t.verbal and t.type in self.lex.setting_event_types

    def _named(self, text: str, lo: int, hi: int) -> set[str]:
        return {m.actor for m in self.finder.find(text, lo, hi, self.a.published) if m.actor}

    def _keep(self, mentions: list[Mention], triggers: list[Trigger], text: str) -> list[Mention]:
        """Drop places ("in Indonesien", but not the host of "Staatsbesuch in Russland") and compound
        prefixes whose head is no trigger ("Ukraine-Krieg")."""
        if not mentions:
            return []
        kept = []
        visited = [m for m in mentions if m.location and m.kind == "state" and self._after_visit(m, triggers, text)]
        travel = any(t.verbal and t.type == "other" for t in triggers)   # "nach Kiew gereist"
        for m in mentions:
            if self._origin(m, text):
                continue   # "von Polen aus nach Kiew gereist": where a trip starts is no party
            if m.location:
                # the host of a visit ("Besuch in Deutschland"), else where a trip goes ("nach Kiew", not "von
                # Polen aus"): a party unless one of its people is named
                destination = travel and not visited and self._destination(m, text)
                if not (m.kind == "state" and (m in visited or destination)):
                    continue
                m = replace(m, role=HOST)
            if m.kind == "prefix" and not any(t.start <= m.start < t.end for t in triggers):
                continue
            kept.append(m)
        return kept

    def _origin(self, m: Mention, text: str) -> bool:
        if len(self.lex.origin_words) != 2:
            return False
        opener, closer = self.lex.origin_words
        after = text[m.end:m.end + 8].lower().split()[:1]
        if after != [closer]:   # (asked for every mention: the shorter test first)
            return False
        before = text[max(0, m.start - 12):m.start].lower().split()[-1:]
        return before == [opener]

    def _destination(self, m: Mention, text: str) -> bool:
        before = text[max(0, m.start - 25):m.start].lower().split()[-2:]
        return any(w in self.lex.destination_prepositions for w in before)

    def _after_visit(self, m: Mention, triggers: list[Trigger], text: str) -> bool:
        """A visit noun right before ("Besuch in", "Visite nach"); a trip ("reiste nach Kiew") names a place only."""
        for t in triggers:
            if not t.verbal and 0 <= m.start - t.end <= 6:
                return any(v in text[t.start:t.end].lower() for v in self.lex.visit_nouns)
        return False

    def _trigger_for(self, c: _Clause, start: int, end: int, text: str) -> int | None:
        """Index of the clause trigger the date belongs to, or None.

        "Der Gipfel endete am Sonntag": the noun an aspect verb begins or ends. "hat am Freitag
        telefoniert": the verb that closes the clause. Otherwise the nearest trigger (ties: the more
        specific type), passing over settings and time anchors that follow the date."""
        trs = c.triggers
        if not trs:
            return None
        if c.aspect:
            noun = next((i for i, t in enumerate(trs) if not t.verbal and not t.setting), None)
            if noun is not None:
                return noun
        # "des vor knapp einem Jahr befohlenen Angriffskriegs", "der am Freitag unterzeichnete Vertrag": a date right
        # after an article stands in an attribute of the noun that follows it
        before = [w.lower() for w in text[max(0, start - 40):start].split()[-2:]]
        if before and before[-1] in self.lex.attribute_prepositions:
            before = before[:-1]   # "des vor knapp einem Jahr ...", "der am Freitag ..."
        if before and before[-1] in self.lex.articles | self.lex.indefinite_articles:
            noun = next((i for i, t in enumerate(trs) if not t.verbal and t.start >= end
                         and len(text[end:t.start].split()) <= ATTRIBUTE_WORDS), None)
            if noun is not None:
                return noun
        # "in Folge von im vergangenen Jahr verhängten Sanktionen": after a preposition, a date that a participle
        # right before a noun closes is that noun's attribute too
        if before and before[-1] in self.lex.attribute_prepositions | self.lex.topic_prepositions:
            for i, t in enumerate(trs):
                words = text[end:t.start].split()
                if not t.verbal and t.start >= end and 0 < len(words) <= ATTRIBUTE_WORDS \
                        and words[-1].islower() and words[-1].endswith(self.lex.participle_endings):
                    return i
        # "seit Beginn des Krieges Ende Februar", "seit der Invasion am 24. Februar", "beim Gipfel am 21. und
        # 22. März": a date right after an anchored or setting noun dates that noun, not the clause's verb
        for i, t in enumerate(trs):
            if (t.anchored or t.setting) and not t.verbal and t.end <= start and len(text[t.end:start].split()) <= 1:
                return i
        closing = next((i for i, t in enumerate(trs) if t.final and t.start >= end), None)
        if closing is not None:
            return closing
        # settings, background ("trotz der Gespräche") and anchors after the date are not what the date dates
        usable = [i for i, t in enumerate(trs)
                  if not t.setting and not t.background and not (t.anchored and t.start >= end)]
        best, best_key = None, None
        for i in usable or range(len(trs)):
            t = trs[i]
            gap = start - t.end if t.end <= start else t.start - end if t.start >= end else 0
            key = (max(gap, 0), -self.lex.specificity.get(t.type, 0))
            if best_key is None or key < best_key:
                best, best_key = i, key
        if best is not None and not trs[best].verbal and trs[best].end <= start:
            before = text[:start].split()[-1:]
            if not before or before[0].lower() not in self.lex.noun_date_prepositions:
                verb = next((i for i in range(best - 1, -1, -1) if trs[i].verbal), None)
                if verb is not None and trs[verb].type in self.lex.object_taking_verb_types:
                    return verb  # "verurteilte den Angriff am Donnerstag"
        return best

    def _actors(self, c: _Clause, ti: int | None, tr: Trigger | None) -> list[Mention]:
        """The mentions that go with trigger ti (tr, c.triggers[ti]) or, for None, the clause's; a new list each
        time (callers add to it), worked out once per trigger (asked for again by each of its dates)."""
        done = c.actors_of.get(ti)
        if done is None:
            done = c.actors_of[ti] = self._own_actors(c, ti, tr)
        return list(done)

    def _own_actors(self, c: _Clause, ti: int | None, tr: Trigger | None) -> list[Mention]:
        if ti is None:
            return [m for ms in c.groups.values() for m in ms]
        settings = c.settings
        if settings is None:   # once per clause, not for every trigger and date
            settings = c.settings = [t for t in c.triggers if self._set_talk(t)]
        if tr in settings:
            # "sagte X am Dienstag bei einem Treffen mit Y": the talk is between the clause's subject and its partners
            return [m for ms in c.groups.values() for m in ms]
        # Verb and noun of one kind are one event: "verhängten ... Sanktionen gegen Russland".
        own = [m for i, t in enumerate(c.triggers) if t.type == tr.type for m in c.groups.get(i, [])]
        head = next((i for i, t in enumerate(c.triggers) if not t.anchored and not t.setting), None)
        if tr.verbal or ti == head or head is not None and c.triggers[head].type == tr.type:
            own = c.groups.get(-1, []) + own   # the subject of the head, or of its verb of the same kind
        if tr.verbal and tr.final and ti > 0 and c.triggers[ti - 1].verbal:
            # verb-final reported clause: "kündigte an, Deutschland werde der Ukraine Panzer liefern" --
            # what stands between the two verbs is the second verb's
            own = own + [m for m in c.groups.get(ti - 1, []) if m not in own]
        # the partners named after a talk the clause is set at are that talk's, not this event's
        after = min((t.end for t in settings if t.start > tr.end), default=None)
        return own if after is None else [m for m in own if m.start < after]

    def _event_actors(self, clauses: list[_Clause], ci: int, ti: int | None,
                      taken: set[int], r: DateRef) -> tuple[str, list[str]]:
        c = clauses[ci]
        tr = c.triggers[ti] if ti is not None else None
        mentions = self._actors(c, ti, tr)
        etype = tr.type if tr else "other"
        if tr is not None and etype in self.lex.speech_types and not self._resolve(mentions):
            # "Nach dem Treffen hieß es am Abend in einer gemeinsamen Erklärung, ...": said by that meeting's parties
            after_talk = any(not t.verbal and t.type in self.lex.talk_family and self._after_definite_preposition(c, t)
                             for t in c.triggers)
            before = next((h for h in reversed(self.history[-INHERIT_REACH:])
                           if h.type in self.lex.talk_family and len(h.actors) >= 2), None) if after_talk else None
            if before is not None:
                return etype, list(before.actors)
        if tr is not None and tr.verbal and ci > 0:
            # "Putin, der am Dienstag angekommen war": a relative clause's subject is the name before it
            antecedent = self._antecedent_of(clauses[ci - 1], c)
            if antecedent is not None and antecedent not in mentions:
                mentions = [antecedent] + mentions
        if tr is not None and tr.verbal and etype == "other":
            # "ist zu einem Staatsbesuch in Nordkorea angekommen": the host of the visit is where one arrives
            mentions = mentions + [m for ms in c.groups.values() for m in ms if m.role == HOST and m not in mentions]
        if tr is not None and not tr.verbal and etype in self.lex.talk_family:
            # "sprach am Telefon mit X", "kam zum Gipfel zusammen": the verb's people take part in the noun's event
            for vi, v in enumerate(c.triggers):
                if v.verbal and v.type in ("talk", "meeting"):
                    mentions = mentions + [m for m in self._actors(c, vi, v) if m not in mentions]
        if tr is not None and tr.verbal and etype in self.lex.generic_verb_types:
            spec = self.lex.specificity
            # a noun followed by another verb is that verb's object ("gesprochen und Hilfe gefordert")
            nouns = [i for i, t in enumerate(c.triggers) if not t.verbal and not t.setting and not t.anchored
                     and i not in taken and spec.get(t.type, 0) > spec.get(etype, 0)
                     # "bestätigte den Besuch", "kündigte Gespräche an": announcing a talk is a statement
                     and not (etype == "statement" and t.type in self.lex.talk_family)
                     # "berieten über neue Hilfen": what a talk is about is not what happened
                     and not set(self._plain[max(c.start, t.start - 25):t.start].lower().split()[-3:])
                     & self.lex.about_prepositions
                     and not any(o.verbal and o is not tr and o.start > t.start for o in c.triggers)]
            if nouns:  # "kündigte die Lieferung an": the announced event is the event
                ni = nouns[0]
                etype = c.triggers[ni].type
                mentions = mentions + [m for m in self._actors(c, ni, c.triggers[ni]) if m not in mentions]
        if tr is not None and tr.type == "statement" and tr.verbal:
            for later in clauses[ci + 1:]:   # the reported clause: "sagte Putin, er sehe ... mit Biden"
                if later.dates:
                    break
                # its people, not the states it is about ("sagte, Russland und die Ukraine hätten sich geeinigt")
                mentions += [m for ms in later.groups.values() for m in ms if m.kind != "state"]
        names = self._resolve(mentions)
        if not names and tr is not None and c.src is not self._plain:
            # what a quote tells without naming anyone is its speaker's, with whom the sentence names
            names = self._resolve([m for k in clauses if k is not c for ms in k.groups.values() for m in ms])
        if not names and tr is not None and not tr.setting:
            # "Die Einigung war am 16. Mai bei Gesprächen zwischen Russland und der Ukraine erzielt worden": the
            # parties of the talks the clause is set at
            for si, st in enumerate(c.triggers):
                if st.setting and not st.verbal and st.type in self.lex.setting_event_types:
                    names = self._resolve(self._actors(c, si, st))
                    break
        if not names and tr is not None and tr.verbal and ci > 0 and not clauses[0].triggers \
                and not clauses[0].dates:
            # "Selenskyj, der sich in Hiroshima aufhielt, sagte am Sonntag": the subject before the relative clause
            names = self._resolve([m for ms in clauses[0].groups.values() for m in ms])
        if len(names) < 2:
            # "reiste am Samstag nach Paris, wo er Lecornu traf", "einigten sich darauf, der Ukraine ... zu
            # liefern": an undated clause that continues the sentence names the other party -- unless it
            # tells another talk or who said it ("..., erklärte das Ministerium")
            talk = self.lex.talk_family
            for later in clauses[ci + 1:]:
                kinds = {t.type for t in later.triggers}
                if later.dates or "statement" in kinds or kinds - {etype} and (etype in talk or kinds & talk):
                    break
                extra = self._resolve([m for ms in later.groups.values() for m in ms])
                names = _unique(names + extra)
        if not names and etype in self.lex.inherit_actor_types:
            before = next((h for h in reversed(self.history[-INHERIT_REACH:]) if h.type == etype and h.actors), None)
            names = list(before.actors) if before else names

        persons = [n for n in names if self._is_person(n)]
        if tr is not None and etype in ("talk", "call", "meeting") and len(persons) < 2 and (tr.definite or not names):
            # "Telefonat ... (undated)" then "bei dem Gespräch am Freitag"; a dated talk only on its own days
            before = self._antecedent(min_persons=2, within=(r.first, r.last))
            if before is not None:
                names = _unique(names + before.actors)
                if etype == "talk" and before.type != "talk":
                    etype = before.type
        if etype == "talk":
            # "sprach in einer Erklärung von ...": a verb of speaking with nobody to speak to is a statement,
            # and so is one person speaking before a body ("vor dem UN-Sicherheitsrat gesprochen")
            people = [n for n in names if self._is_person(n)]
            bodies = [n for n in names if self.finder.kind_of(n) == "organisation"]
            lone = tr.verbal and (len(names) < 2 or len(people) == 1 and len(bodies) == len(names) - 1)
            etype = "statement" if lone else self._talk_type(names)
        if etype == "meeting" and names and all(self.finder.kind_of(n) == "organisation" for n in names):
            etype = "summit"  # "Die Staats- und Regierungschefs der Nato-Staaten haben sich getroffen"
        if tr is not None and tr.verbal and etype in self.lex.speech_types and len(names) > 1:
            names = self._speaker_and_addressees(names, mentions, c, etype)
        return etype, names

    def _speaker_and_addressees(self, names: list[str], mentions: list[Mention], c: _Clause, etype: str) -> list[str]:
        """A statement is its speaker's (the first named) and of those it addresses or names ("warf Russland
        vor", "sprach vor dem UN-Sicherheitsrat", "sagte Blinken"); a state or body after the speaker that is
        only what it is about is not a party: an adjective ("Erfolge der russischen Truppen") or a noun after a
        topic preposition ("der Gipfel zur Ukraine", "Hilfe für die Ukraine")."""
        topical, addressed = set(), set()
        for m in mentions:
            raw = self._plain[max(0, m.start - 40):m.start].split()[-3:]
            before = [w.lower() for w in raw]
            # "Erfolge der russischen Truppen": a genitive after a noun says whose, not who speaks or is addressed
            genitive = len(raw) >= 2 and before[-1] in self.lex.genitive_articles and raw[-2][:1].isupper()
            if m.kind == "adjective" or genitive or any(w in self.lex.topic_prepositions for w in before):
                topical.add(m.actor)
            if any(w in self.lex.addressee_prepositions for w in before[-2:]):
                addressed.add(m.actor)
        # a person the statement's own clause names besides its speaker is its object ("bezeichnete Selenskyj
        # als Freund"), a party only when addressed ("sprach zu", "wandte sich an") or accused, asked, threatened
        # ("warf Russland vor", "forderte Scholz auf"); the people of what it reports stay ("er sehe keinen Grund
        # für ein Treffen mit Biden")
        own = {m.actor for m in mentions if c.start <= m.start < c.end}
        objects = set() if etype != "statement" else {n for n in own if n not in addressed}
        # the speaker is the first named who is not only a topic ("nach dem Beginn des russischen Angriffskriegs
        # wandte er sich ..." is his)
        speaker = next((n for n in names if n not in topical), names[0])
        names = [speaker] + [n for n in names if n != speaker]
        return names[:1] + [n for n in names[1:]
                            if n in addressed or (self._is_person(n) or n not in topical)
                            and not (self._is_person(n) and n in objects)]

    def _after_definite_preposition(self, c: _Clause, t: Trigger) -> bool:
        """"nach dem (mehr als achtstündigen) Treffen", "bei dem Gespräch": a talk told before, pointed back to."""
        words = [w.lower() for w in self._plain[max(c.start, t.start - 50):t.start].split()][-5:]
        preps = self.lex.anchor_prepositions | self.lex.setting_prepositions
        return any(a in preps and b in self.lex.definite_articles for a, b in zip(words, words[1:])) \
            or any(w in self.lex.contracted_prepositions for w in words)

    def _antecedent_of(self, prev: _Clause, c: _Clause) -> Mention | None:
        """The person or state that ends the clause before a relative clause ("Putin, der ...")."""
        first = self._plain[c.start:c.end].split(maxsplit=1)[:1]
        if not first or first[0] not in self.lex.articles or not prev.mentions:
            return None
        last = max(prev.mentions, key=lambda m: m.end)
        gap = self._plain[last.end:c.start]
        return last if last.kind in ("person", "state", "organisation") and len(gap.strip(" ,")) == 0 else None

    def _resolve(self, mentions: list[Mention]) -> list[str]:
        names: list[str] = []
        has_person = any(m.kind == "person" for m in mentions)
        person_countries = {m.country for m in mentions if m.kind == "person"}
        for m in mentions:
            if m.role == HOST and m.actor in person_countries:
                continue
            if m.kind == "pair" and m.head in self.finder.g.pair_state_heads:
                # "Delegationen beider Länder": the two states of the last event that had two
                before = next((h for h in reversed(self.history[-40:])
                               if len([n for n in h.actors if self.finder.kind_of(n) == "state"]) >= 2), None)
                names += [n for n in before.actors if self.finder.kind_of(n) == "state"][:2] if before else []
            elif m.kind == "pair":
                # the two people of the last talk, else of the last event that had two ("Die beiden Politiker")
                before = self._antecedent(min_persons=2) or self._antecedent(min_persons=2, any_type=True)
                names += before.persons[:2] if before else []
            elif m.kind == "pronoun":
                # "Am Samstag hatte er dort Biden getroffen": the subject pronoun is a party next to the named one
                if not has_person or m.start < min(p.start for p in mentions if p.kind == "person"):
                    names.append(m.actor)
            elif m.actor:
                names.append(m.actor)
        return _unique(names)

    def _antecedent(self, min_persons: int, any_type: bool = False,
                    within: tuple[dt.date, dt.date] | None = None) -> _Mention | None:
        for past in reversed(self.history[-40:]):
            if within and past.when and (past.when[1] < within[0] or past.when[0] > within[1]):
                continue
            if (any_type or past.type in self.lex.talk_family) and len(past.persons) >= min_persons:
                return past
        return None

    def _talk_type(self, names: list[str]) -> str:
        """A talk is a call when a call was told before with one of its people (or any call, naming nobody)."""
        people = {n for n in names if self._is_person(n)}
        if self._calls and (not people or people & self._call_people):
            return "call"
        return "meeting"

    def _remember(self, etype: str, actors, when: tuple[dt.date, dt.date] | None = None) -> None:
        names = actors if actors and isinstance(actors[0], str) else self._resolve(actors or [])
        persons = [n for n in names if self._is_person(n)]
        self.history.append(_Mention(etype, list(names), persons, when))
        if etype == "call":   # kept as a set: asking the whole history for every talk made long texts quadratic
            self._calls += 1
            self._call_people.update(persons)

    def _is_person(self, name: str) -> bool:
        return self.finder.kind_of(name) == "person"


    def _status(self, r: DateRef, clause: str, dct: dt.date | None) -> str:
        if dct is not None:
            if r.first > dct:
                return "planned"
            if r.last < dct:
                return "happened"
        words = {w.strip(".,;:!?»«„“\"()").lower() for w in clause.split()}
        return "planned" if words & self.lex.planned_cues else "happened"

    def _event(self, text, lo, hi, r: DateRef, etype: str, actors: list[str], status: str,
               evidence: Evidence) -> Event:
        start = _with_preposition(text, r.start, lo, self.lex.date_prepositions)
        countries = _unique([c for c in map(self.finder.country_of, actors) if c])
        a = self.a
        key = f"{a.id}\x1f{a.content_hash}\x1f{start}\x1f{r.end}" + (f"\x1f{lo}" if r.carried else "")
        if key in self._keys:   # a second event on the same date expression
            key += f"\x1f{etype}\x1f{','.join(actors)}"
        self._keys.add(key)
        event_id = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self.evidence[event_id] = evidence
        if r.since_day is not None and etype in self.lex.talk_family:
            # "erstmals seit dem 13. Mai gesprochen": the last talk was on 13 May, not every day since
            first, last, precision, timex = r.since_day
            r = replace(r, first=first, last=last, precision=precision, timex=timex)
        return Event(event_id, r.first, r.last, r.precision, r.timex, text[start:r.end], etype, status,
                     tuple(actors), tuple(countries), text[lo:hi].strip(), a.id, a.title, a.source, a.published,
                     start, r.end)


def _group(mentions: list[Mention], triggers: list[Trigger], reach: dict[int, int]) -> dict[int, list[Mention]]:
    """Give each actor mention to a trigger: the one it stands in or follows (settings such as "auf der
    Konferenz", and anchors such as "seit Kriegsbeginn" unless a date is theirs, own nobody); a country
    adjective to the trigger noun it modifies, or to the subject; mentions before the first trigger form
    the subject (-1)."""
    groups: dict[int, list[Mention]] = {}
    for m in mentions:
        inside = next((i for i, t in enumerate(triggers) if t.start <= m.start < t.end), None)
        if inside is None and m.kind == "adjective":
            inside = next((i for i, t in enumerate(triggers) if 0 <= t.start - m.end <= 25 and not t.verbal
                           and not any(o is not m and m.end <= o.start < t.start for o in mentions)), None)
            if inside is None:
                # "forderte ein Tribunal für russische Kriegsverbrechen", "Der Chef der russischen
                # Söldnergruppe": an adjective on a noun that is no event names no party
                continue
        if inside is None:
            inside = max((i for i, t in enumerate(triggers)
                          if t.start <= m.start and not t.setting
                          and (not t.anchored or m.start < reach.get(i, -1))), default=-1)
        groups.setdefault(inside, []).append(m)
    return groups


def _with_preposition(text: str, start: int, lo: int, prepositions) -> int:
    """Start of "am Freitag" rather than "Freitag": the date expression as a reader quotes it."""
    for prep in prepositions:
        s = start - len(prep) - 1
        if s >= lo and text[s:start].lower() == prep + " " and (s == lo or not text[s - 1].isalnum()):
            return s
    return start


def _unique(items) -> list:
    return list(dict.fromkeys(items))


