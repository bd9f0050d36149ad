"""Time expressions of an article as the dates events can take (stage "time" of event extraction).

date_refs turns the recognizer's output into DateRef spans: ranges as one span, offsets ("vor zwei Wochen")
as the date they name, and a live-blog time stamp ("14.35 Uhr:") only where its entry names no date of its own.
"""
from __future__ import annotations

import datetime as dt
import heapq
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.timex import recognize
from pipeline.timex.intervals import interval


@dataclass(frozen=True)
class DateRef:
    start: int
    end: int
    first: dt.date
    last: dt.date
    precision: str
    timex: str
    carried: bool = False   # the date of the sentence before, lent to one that names none
    anchor: bool = False    # the date of an earlier event a phrase points back to ("Bei seiner Ankunft")
    reported: bool = False  # the date of the reporting clause that tells the event ("Wie X am Freitag mitteilte")
    # "seit dem 13. Mai": the range runs to publication, but a talk told with it took place on that day
    since_day: tuple[dt.date, dt.date, str, str] | None = None   # (first, last, precision, timex) of that day


def date_refs(text: str, dct: dt.date | None, deadline: float | None = None) -> list[DateRef]:
    """Resolved dates of the text: ranges as one span, offsets ("vor zwei Wochen") as the date they name.
    Past deadline (time.monotonic()) TimeoutError is raised."""
    refs: list[DateRef] = []
    groups: dict[int, list] = {}
    found = recognize(text, dct, deadline=deadline)
    stamps = [tx.start for tx in found if _entry_stamp(text, tx.start, tx.end)]
    dated = _entries_with_a_date(found, stamps)
    for tx in found:
        if tx.start in dated:
            continue  # "14.35 Uhr: ... am Freitag unterzeichnet": the entry's own date dates its event
        if tx.named:
            continue  # "seit Kriegsbeginn": what the report knows, not when its news happened
        if tx.group is not None and tx.range_first_day is not None:
            groups.setdefault(tx.group, []).append(tx)
        elif tx.is_event_date:
            first, last = tx.first_day, tx.last_day
            if tx.runs_into is not None:   # "in der Nacht zum Freitag": reports date what happened by that day
                first = last = tx.runs_into
            refs.append(DateRef(tx.start, tx.end, first, last, tx.precision or "day",
                                f"{tx.value} {tx.mod}" if tx.mod else tx.value))
        elif tx.offset_first_day is not None and tx.offset_value:
            first, last, precision = interval(tx.offset_value)
            if first is not None:
                refs.append(DateRef(tx.start, tx.end, tx.offset_first_day, tx.offset_last_day or last,
                                    precision or "day", tx.offset_value))
    for members in groups.values():
        a, b = members[0], members[-1]
        since = (a.first_day, a.last_day, a.precision or "day", f"{a.value} {a.mod}" if a.mod else a.value) \
            if len(members) == 1 and a.range_last_day == dct else None
        refs.append(DateRef(a.start, b.end, a.range_first_day, a.range_last_day, "range",
                            f"{a.range_first_day.isoformat()}/{a.range_last_day.isoformat()}", since_day=since))
    return sorted(refs, key=lambda r: r.start)


def _entry_stamp(text: str, start: int, end: int) -> bool:
    """A clock time opening a line and followed by a colon ("14.35 Uhr: ...") stamps a live-blog entry."""
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and text[end:end + 3].lstrip(" ").startswith(":")


def _entries_with_a_date(found, stamps: list[int]) -> set[int]:
    """The stamps whose live-blog entry (up to the next stamp) names a date of its own; the others' stamp (the
    day of writing) dates what the entry reports. One pass over the expressions, so a long blog stays linear."""
    stamp_set, dated = set(stamps), set()
    current = None
    for tx in found:   # in text order, like the stamps
        if tx.start in stamp_set:
            current = tx.start
        elif current is not None and (tx.is_event_date or tx.offset_first_day is not None):
            dated.add(current)
    return dated


def anchor_phrase(text: str, lo: int, hi: int, anchors: list[dict]) -> tuple[int, int, dict] | None:
    """The first relative anchor in text[lo:hi] ("Im Anschluss", "Bei seiner Ankunft"), as (start, end, entry)."""
    pattern, entries = _anchor_pattern(tuple(e["phrase"] for e in anchors))
    m = pattern.search(text[lo:hi].lower())
    return (lo + m.start(), lo + m.end(), anchors[entries[m.group()]]) if m else None


@lru_cache(maxsize=4)
def _anchor_pattern(phrases: tuple[str, ...]) -> tuple[re.Pattern, dict[str, int]]:
    """One regular expression for all anchor phrases (longest first), compiled once: every sentence is searched."""
    order = sorted(range(len(phrases)), key=lambda i: -len(phrases[i]))
    alternation = "|".join(re.escape(phrases[i]) for i in order)
    return re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)"), {p: i for i, p in enumerate(phrases)}


class DatedEvents:
    """An article's dated events in text order, indexed for anchor_date: by the people and states taking part and
    by type, so that an anchor does not read every event told before it (a long article has thousands)."""

    def __init__(self, events=()):
        self.events: list = []
        self.by_name: dict[str, list[int]] = {}   # actor -> positions of the events it takes part in
        self.last_of_type: dict[str, int] = {}    # event type -> position of its last event
        self._asked: dict[tuple, tuple[int, int, int]] = {}   # (kinds, named) -> (events read, best, shared)
        self.extend(events)

    def extend(self, events) -> None:
        for e in events:
            i = len(self.events)
            self.events.append(e)
            for name in set(e.actors):
                self.by_name.setdefault(name, []).append(i)
            self.last_of_type[e.event_type] = i

    def target(self, kinds, named: set[str]):
        """Of the events of the kinds ("any" or a list of types), the one that shares the most of named with it,
        the latest on a tie; None if there is none of those kinds."""
        fits = (lambda e: True) if kinds == "any" else (lambda e: e.event_type in kinds)
        lasts = self.last_of_type.values() if kinds == "any" else \
            [self.last_of_type[k] for k in kinds if k in self.last_of_type]
        if not lasts:
            return None
        # asked before with the same people (a long article says "Nach dem Treffen" of the same two again and
        # again): only the events told since can do better, and on a tie they are the later ones
        key = (kinds if kinds == "any" else tuple(kinds), frozenset(named))
        since, old, old_shared = self._asked.get(key, (0, 0, 0))
        found, shared_most = 0, 0
        # events that share someone, latest first; the first that shares everyone named cannot be beaten
        for i in heapq.merge(*(reversed(self.by_name.get(n, ())) for n in named), reverse=True):
            if i < since:
                break
            e = self.events[i]
            if not fits(e):
                continue
            shared = len(named & set(e.actors))
            if shared > shared_most:
                found, shared_most = i, shared
                if shared == len(named):
                    break
        if shared_most < old_shared or not shared_most:
            found, shared_most = old, old_shared
        self._asked[key] = (len(self.events), found, shared_most)
        best = found if shared_most else max(lasts)
        return self.events[best]


def anchor_date(start: int, end: int, entry: dict, dated: list, named: set[str] = frozenset(),
                dct: dt.date | None = None) -> DateRef | None:
    """The date an anchor points to: the last dated event before it of the types it refers to, moved by its
    offset; of those, the one that shares the most people with the anchor's sentence (named), the latest on a tie
    ("Bei dem Treffen mit Selenskyj" is the meeting with Selenskyj, not the visit told after it). dated: the article's
    dated events so far (event_type, date, end, precision, timex, actors), in text order. Without an offset the
    anchor keeps the event's precision ("damals" after "im März 2022" is that month). With nothing dated before
    it, an anchor of any event ("Im Anschluss") after a news lead is the publication day (dct): the lead's
    undated events are the day's news."""
    kinds = entry.get("refers_to", "any")
    index = dated if isinstance(dated, DatedEvents) else DatedEvents(dated)
    target = index.target(kinds, named)
    if target is None:
        if kinds == "any" and dct is not None:
            return DateRef(start, end, dct, dct, "day", dct.isoformat(), anchor=True)
        return None
    days = int(entry.get("days", 0))
    if not days:
        return DateRef(start, end, target.date, target.end, target.precision, target.timex, anchor=True)
    first = target.date + dt.timedelta(days=days)
    return DateRef(start, end, first, first, "day", first.isoformat(), anchor=True)
