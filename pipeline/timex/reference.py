"""The reference time: where a text is in time, read left to right. One engine for news and histories.

A text is at a year, month and day. In news the publication date (DCT) anchors it; in a history or chronology
without one, the story's own dates do. Every date the text names moves it (in news only dates with their own
year; a date after "bis", "seit", "ab" bounds a span and does not), and a yearless date takes the year that is
closest to where the text is, in the direction its clause gives:
- direction: in news the clause's tense (tense.py: "hat ... überfallen" is the past, "soll ... stattfinden"
  ahead); in a history the nearest cue word (cues.yaml), since its past tense is the story's, not a report's;
- a passage of another year in news ("im März 1992 ... im April") holds the dates right after it, unless the
  publication date reads them as the months just before it, and a back-step word ("zuvor", "bereits")
  keeps them in the passage;
- in a history a yearless date stays in the story's year, back as well as forward, and after a section heading
  the story starts over in the year of the last heading that names one.
- a sentence goes on in the time of the sentence before it unless a paragraph or live-blog entry begins, or its
  first word moves the time ("Zuvor hatte ...", "Später ..."; continues()).
The recognizer (build.py's rule kinds) asks this resolver for every relative and yearless expression; the event
stage reads its dates from the recognizer and asks continues() whether an undated sentence takes the date of the
one before, so where the text is in time is decided here and only here.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re

from . import anchoring, tense
from .resources import Lexicon

NARRATIVE_WINDOW = 300     # chars: in news a dated passage sets the year of the dates that follow it
FORWARD_DAYS = 365         # ... unless the publication date reads a month less than a year after the passage
# A line of its own without sentence-final punctuation: a section heading.
_HEADING = re.compile(r"(?m)^[ \t]*[^\s.!?:;,][^\n.!?;]{0,80}(?<![.!?:;,])[ \t]*$")
_HEADING_YEAR = re.compile(r"(?<!\d)(?:1\d\d\d|20\d\d)(?!\d)")

# Rank of precisions: an anchor must be at least this fine to stand in for a missing DCT.
FINENESS = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "half": 3, "year": 4, "decade": 5}

Named = tuple[dt.date, int, str]   # (first day, end offset, precision) of a date the text named


class ReferenceTime:
    """Where the text is when the recognizer reaches an offset; advance() moves it with each expression."""

    def __init__(self, text: str, dct: dt.date | None, lx: Lexicon):
        self.text, self.dct, self.lx = text, dct, lx
        self.last_day: tuple[int, dt.date] | None = None   # (end offset, date) of the last day-date named
        self.named: Named | None = None                     # the last date that moved the text's time
        self._headings: tuple[list[int], list[int | None]] | None = None
        # the words before a date that make it bound a span ("bis"), whole or as the last word
        self._span_bounds = (frozenset(lx.span_bound_before), tuple(" " + w for w in lx.span_bound_before))

    # -- moving on ---------------------------------------------------------------------------------------

    def advance(self, start: int, end: int, first_day: dt.date | None, precision: str | None,
                absolute: bool, inferred: bool, runs_into: dt.date | None = None) -> None:
        """Record an expression the text names at [start, end) that may anchor what follows."""
        if first_day is None:
            return
        if precision == "day":
            # "in der Nacht zum Samstag ... am frühen Morgen" is Saturday morning
            self.last_day = (end, runs_into or first_day)
        if self._bounds_a_span(start):
            return  # "bis 1881": where something ended, not where the text is
        # Without a DCT the story's own time moves with every date it names, inferred ones too
        # ("im Frühjahr des folgenden Jahres ... im Herbst desselben Jahres").
        if absolute or (self.dct is None and inferred and precision in FINENESS):
            self.named = (first_day, end, precision)

    def _bounds_a_span(self, start: int) -> bool:
        before = " ".join(self.text[max(0, start - 16):start].lower().split())
        words, endings = self._span_bounds
        return before in words or before.endswith(endings)

    # -- where the text is -------------------------------------------------------------------------------

    def now(self, precision: str = "day") -> tuple[dt.date | None, bool]:
        """The date relative expressions count from and whether it is inferred: the DCT, else the last date
        named if it is at least as fine as precision."""
        if self.dct:
            return self.dct, False
        if self.named and FINENESS[self.named[2]] <= FINENESS[precision]:
            return self.named[0], True
        return None, False

    def named_before(self, start: int) -> Named | None:
        """The last date the text named before start that moved its time."""
        n = self.named
        return n if n is not None and n[1] <= start else None

    def recent(self, start: int) -> Named | None:
        """The date the text is talking about at start: in a history the last one named, in news one named
        within NARRATIVE_WINDOW characters before (a passage), else None."""
        n = self.named_before(start)
        if n is None or self.dct is None or start - n[1] <= NARRATIVE_WINDOW:
            return n
        return None

    def passage(self, start: int) -> dt.date | None:
        """In news, a passage about another year just before start ("im März 1992 ... im April"), at least
        month-fine: its date."""
        n = self.recent(start) if self.dct else None
        if n and n[0].year != self.dct.year and FINENESS[n[2]] <= FINENESS["month"]:
            return n[0]
        return None

    def story_at(self, start: int) -> Named | None:
        """Without a DCT: where the story is when it reaches start. After a section heading the story
        starts over at the beginning of the year of the last heading that names one ("1862", "Westfront
        1944"), else of the year it was at: histories tell each theatre of a year in its own section,
        so a yearless date there does not run on from the previous section's last date."""
        if self.dct is not None:
            return None
        n = self.named_before(start)
        if n is None or n[2] == "year":
            return n
        heading = self._last_heading(n[1], start)
        if heading is None:
            return n
        year = heading[1] if heading[1] is not None else n[0].year
        return dt.date(year, 1, 1), n[1], "year"

    def _last_heading(self, a: int, b: int) -> tuple[int, int | None] | None:
        """(offset, year of the last heading before b that names a year or None) if a heading lies in [a, b)."""
        if self._headings is None:
            hs, years, last_year = [], [], None
            for m in _HEADING.finditer(self.text):
                y = _HEADING_YEAR.search(m.group())
                last_year = int(y.group()) if y else last_year
                hs.append(m.start())
                years.append(last_year)
            self._headings = (hs, years)
        hs, years = self._headings
        i = bisect.bisect_left(hs, a)
        if i >= len(hs) or hs[i] >= b:
            return None
        j = bisect.bisect_left(hs, b) - 1
        return hs[j], years[j]

    def day_before(self, start: int, window: int | None = None) -> tuple[dt.date | None, bool]:
        """The last day-date named before start (within window chars), else now()."""
        if self.last_day and (window is None or start - self.last_day[0] <= window):
            return self.last_day[1], self.dct is None
        return self.now("day")

    # -- which way -----------------------------------------------------------------------------------------

    def direction(self, start: int, end: int, **cue_options) -> int:
        """+1 ahead, -1 behind, 0 unknown: the tense of the date's clause in news; in a history (no DCT) the
        nearest cue word."""
        if self.dct is not None:
            return tense.clause_tense(self.text, start, end, self.lx.lang)
        return anchoring.tense(self.text, start, end, self.lx, **cue_options)

    def steps_back(self, start: int) -> bool:
        """A back-step word in the sentence before start ("Kurz davor, als ... Ende Januar")."""
        return tense.steps_back(self.text, start, self.lx.lang)

    # -- the year of a yearless date -------------------------------------------------------------------------

    def day(self, month: int, day: int, start: int, end: int) -> tuple[dt.date | None, bool]:
        """(date, inferred) of a day and month without year; (None, False) with nothing to count from.
        ValueError when no year has that day."""
        story = self.story_at(start)
        if story is not None:   # a chronology, read on from the last date it named (a bare year holds it)
            return dt.date(anchoring.narrative_year(month, day, story[0], story[2]), month, day), True
        ref, inferred = self.now("day")
        ref = self.passage(start) or ref
        if ref is None:
            return None, False
        date = anchoring.infer_day(month, day, ref, self.direction(start, end), nearest=self.dct is not None)
        if date is None:
            raise ValueError(f"no year has {day}.{month}.")
        return date, inferred

    def month_year(self, month: int, start: int, end: int) -> tuple[int | None, bool]:
        """(year, inferred) of a bare month name; (None, False) with nothing to count from."""
        story = self.story_at(start)
        if story is not None:   # forward from the last date the text named (a bare year holds it)
            return anchoring.narrative_year(month, 1, story[0].replace(day=1), story[2]), True
        ref, inferred = self.now("month")
        if ref is None:
            return None, False
        year = anchoring.infer_month_year(month, ref, self.direction(start, end), nearest=self.dct is not None)
        back = self.passage(start)
        if back is not None:
            # a passage about another year: that year, forward from its date, unless the month read from the
            # publication date lies between that passage and publication ("im Juli 2023 ... Großbritannien
            # unterzeichnete im Jänner", published February 2024: January 2024) and no back-step word is there
            first = dt.date(year, month, 1)
            forward = back < first <= ref and (first - back).days <= FORWARD_DAYS
            if not forward or self.steps_back(start):
                return (anchoring.infer_month_year(month, back, +1) if month >= back.month else back.year), False
        return year, inferred

    def period_year(self, first_month: int, start: int, end: int) -> tuple[int | None, bool]:
        """(year, inferred) of a quarter, half year or calendar week without year (given the month it starts in):
        the current year, the one before when the clause is past and the period would still lie ahead."""
        ref, inferred = self.now("quarter")
        if ref is None:
            return None, False
        if first_month > ref.month and self.direction(start, end) < 0:
            return ref.year - 1, inferred
        return ref.year, inferred

    def season_year(self, first_month: int, start: int, end: int, rel: int | None) -> tuple[int | None, bool]:
        """(year, inferred) of a season without year, given its first month; rel: "letzten" -1, "diesen" 0,
        "nächsten" +1, or None."""
        story = self.story_at(start) if rel is None else None
        if story is not None:
            # the season of the year the story is at (a winter runs on into January and February)
            if first_month == 12 and story[2] != "year" and story[0].month <= 2:
                return story[0].year - 1, True
            return anchoring.narrative_year(first_month, 1, story[0].replace(day=1), story[2]), True
        ref, inferred = self.now("season")
        if ref is None:
            return None, False
        year = anchoring.infer_season_year(first_month, ref, rel if rel is not None else self.direction(start, end))
        if rel in (-1, 1) and year == anchoring.infer_season_year(first_month, ref, 0):
            year += rel
        return year, inferred


def continues(text: str, prev_end: int, start: int, lang: str = "de") -> bool:
    """Whether the sentence starting at start is still at the time of the sentence before it (ending at prev_end):
    not after a line break (a new paragraph or live-blog entry), nor when its first word moves the time."""
    if "\n" in text[prev_end:start]:
        return False
    first = text[start:start + 40].split(maxsplit=1)[:1]
    word = first[0].strip(",").lower() if first else ""
    tw = tense.load_tense_words(lang)
    return word not in tw.back_steps and word not in tw.time_shifts
