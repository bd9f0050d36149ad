"""One row per event and article: mentions of the same event are merged before the cross-article merge.

"Scholz hat mit Selenskyj telefoniert ... In dem Telefonat am Mittwoch ... Selenskyj dankte für das Gespräch":
one call, not three rows. Two mentions are one event when
- their types are the same, or a "talk" and the call or meeting it is (a statement and a demand of one speaker
  on one day stay two events, as a reader lists them),
- their date intervals overlap, and
- one's participants are all among the other's (a call with one party named is the call with both).
Two calls of one person on one day with different people stay two events. The row keeps the most precise date
(the narrowest interval) and its type (a "talk" takes the call or meeting it was merged with), every
participant, and counts its mentions. A row whose every mention borrowed its date from the sentence before
("Dort traf er auch Macron.") needs two participants; with one it only adds to an event dated on its own.
"""
from __future__ import annotations

from dataclasses import replace

from pipeline.actors import ActorFinder
from pipeline.events_model import Event, Evidence
from pipeline.events_participants import without_represented_states

SEPARATE_TYPES = {"attack"}   # many a day, each told with its own time ("in der Nacht", "am Morgen", "14.35 Uhr")
FAMILIES = ({"call", "talk"}, {"meeting", "talk"})   # a statement and a demand of one day stay two


def _family(a: str, b: str) -> bool:
    return a == b or any(a in f and b in f for f in FAMILIES)


def _same_event(a: Event, b: Event) -> bool:
    if not _family(a.event_type, b.event_type) or a.date > b.end or b.date > a.end:
        return False
    if a.event_type in SEPARATE_TYPES and a.date_text != b.date_text:
        return False   # the strikes of one day between the same two sides are told apart by their time
    # a state stands for its named people ("Modi besuchte Moskau" is the visit with Putin told before)
    sa, sb = set(a.actors) | set(a.countries), set(b.actors) | set(b.countries)
    return bool(a.actors and b.actors) and (set(a.actors) <= sb or set(b.actors) <= sa)


class _GroupIndex:
    """Groups by the days their first mention covers, so that a mention is compared only with the groups it can
    join (every member's dates overlap it, so the first one's do): linear in a long article, not quadratic.
    Groups over a long interval (a year, "seit 2014") are few and always compared."""
    WIDE_DAYS = 62

    def __init__(self):
        self.by_day: dict[int, list[int]] = {}
        self.wide: list[int] = []

    def add(self, group: int, first: Event) -> None:
        lo, hi = first.date.toordinal(), first.end.toordinal()
        if hi - lo > self.WIDE_DAYS:
            self.wide.append(group)
            return
        for day in range(lo, hi + 1):
            self.by_day.setdefault(day, []).append(group)

    def candidates(self, e: Event) -> list[int]:
        lo, hi = e.date.toordinal(), e.end.toordinal()
        if hi - lo > 4 * self.WIDE_DAYS:   # a year: every group it could overlap
            found = {g for day, gs in self.by_day.items() if lo <= day <= hi for g in gs}
        else:
            found = {g for day in range(lo, hi + 1) for g in self.by_day.get(day, ())}
        return sorted(found.union(self.wide))


def merge_mentions(events: list[Event], evidence: dict[str, Evidence],
                   finder: ActorFinder | None = None) -> tuple[list[Event], dict[str, Evidence]]:
    """(rows, evidence per row): each group of mentions of one event becomes its most precise mention, with the
    union of participants (no state beside its own people) and every evidence sentence."""
    groups: list[list[Event]] = []
    index = _GroupIndex()
    for e in events:   # text order; a mention joins the one group it matches every member of
        homes = [g for g in (groups[i] for i in index.candidates(e))
                 if _family(e.event_type, g[0].event_type) and all(_same_event(e, m) for m in g)]
        # "Im Mai" beside calls on 3 and 20 May could be either: it stays a row of its own
        if len(homes) == 1:
            homes[0].append(e)
        else:
            groups.append([e])
            index.add(len(groups) - 1, e)
    rows, out_evidence = [], {}
    for g in groups:
        if all(evidence[m.event_id].date_source == "discourse" and len(m.actors) < 2 for m in g):
            continue   # a date borrowed from the sentence before, and one participant: too weak on its own
        best = min(g, key=lambda m: ((m.end - m.date).days, evidence[m.event_id].date_source != "own"))
        etype = best.event_type
        if etype == "talk":
            etype = next((m.event_type for m in g if m.event_type != "talk"), etype)
        actors = tuple(dict.fromkeys(a for m in [best] + g for a in m.actors))
        if finder is not None:
            actors = tuple(without_represented_states(list(actors), finder))
        countries = tuple(dict.fromkeys(c for m in [best] + g for c in m.countries))
        sentences = dict.fromkeys(m.sentence for m in [best] + g)   # the best mention's first, then text order
        row = replace(best, event_type=etype, actors=actors, countries=countries, evidence="\n".join(sentences))
        rows.append(row)
        ev = evidence[best.event_id]
        out_evidence[row.event_id] = replace(ev, participants=len(actors), mentions=len(g))
    return rows, out_evidence
