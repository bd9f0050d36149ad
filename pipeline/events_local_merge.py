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

from functools import lru_cache

from pipeline.actors import ActorFinder
from pipeline.events_model import Event, Evidence, evolve
from pipeline.events_participants import without_represented_states

SEPARATE_TYPES = {"attack"}   # many a day, each told with its own time ("in der Nacht", "am Morgen", "14.35 Uhr")
FAMILIES = ({"call", "talk"}, {"meeting", "talk"})   # a statement and a demand of one day stay two


def _family(a: str, b: str) -> bool:
    return a == b or any(a in f and b in f for f in FAMILIES)


def _signature(e: Event) -> tuple:
    """What decides whether two mentions are the same event (_same_signature): mentions with one signature join
    the same groups."""
    return (e.event_type, e.date, e.end, e.date_text if e.event_type in SEPARATE_TYPES else None,
            frozenset(e.actors), frozenset(e.countries))


def _same_signature(a: tuple, b: tuple, names_a: frozenset, names_b: frozenset) -> bool:
    """Whether two mentions with these signatures are the same event (names: their actors and countries
    together); the sets are made once per signature, since a long article makes hundreds of thousands of
    comparisons."""
    type_a, date_a, end_a, text_a, actors_a, _ = a
    type_b, date_b, end_b, text_b, actors_b, _ = b
    if not _family(type_a, type_b) or date_a > end_b or date_b > end_a:
        return False
    if type_a in SEPARATE_TYPES and text_a != text_b:
        return False   # the strikes of one day between the same two sides are told apart by their time
    return bool(actors_a and actors_b) and (actors_a <= names_b or actors_b <= names_a)


@lru_cache(maxsize=None)   # asked for every mention; a handful of types
def _kin(event_type: str) -> frozenset[str]:
    """The types a mention of this type can share a row with (_family)."""
    return frozenset({event_type}.union(*(f for f in FAMILIES if event_type in f)))


class _GroupIndex:
    """Which groups a mention can join, without comparing it with every group of its days: a long article
    published on one day has thousands of mentions on that day, and a mention told again and again (or
    ambiguous between two groups) starts a group each time, so comparing group by group is quadratic.

    A group is known by the set of its members' signatures (_signature): whether a mention joins it depends
    on nothing else, so all groups with one signature set are tested at once. The signature sets are found
    under the days, type and names (actors and states) of their group's first mention: a mention joins a group
    only if it matches the first one, i.e. they overlap in time, their types are kin and they share a name.
    Groups over a long interval (a year, "seit 2014") are kept apart from the days."""
    WIDE_DAYS = 62

    def __init__(self):
        self.by_day: dict[int, dict[tuple[str, str], set[frozenset]]] = {}
        self.wide: dict[tuple[str, str], set[frozenset]] = {}
        self.groups_with: dict[frozenset, set[int]] = {}   # signature set -> groups that have it
        self.names: dict[tuple, frozenset] = {}             # signature -> its actors and countries

    def add(self, group: int, first: Event, sigs: frozenset) -> None:
        """Group (first mention first) now has the signature set sigs."""
        self.groups_with.setdefault(sigs, set()).add(group)
        if not first.actors:
            return   # joins nothing: _same_signature needs actors on both sides
        names = set(first.actors) | set(first.countries)
        lo, hi = first.date.toordinal(), first.end.toordinal()
        places = [self.wide] if hi - lo > self.WIDE_DAYS else \
            [self.by_day.setdefault(day, {}) for day in range(lo, hi + 1)]
        for place in places:
            for name in names:
                place.setdefault((first.event_type, name), set()).add(sigs)

    def move(self, group: int, first: Event, old: frozenset, new: frozenset) -> None:
        self.groups_with[old].discard(group)
        self.add(group, first, new)

    def remember(self, sig: tuple) -> None:
        """A mention with this signature: its names, made once per signature."""
        if sig not in self.names:
            self.names[sig] = sig[4] | sig[5]

    def homes(self, e: Event, sig: tuple) -> set[int]:
        """Every group all of whose members are the same event as e (of signature sig)."""
        if not e.actors:
            return set()
        lo, hi = e.date.toordinal(), e.end.toordinal()
        if hi - lo > 4 * self.WIDE_DAYS:   # a year: every day it could overlap
            days = [d for day, d in self.by_day.items() if lo <= day <= hi]
        else:
            days = [self.by_day[day] for day in range(lo, hi + 1) if day in self.by_day]
        names, own = self.names, self.names[sig]
        keys = [(t, n) for t in _kin(e.event_type) for n in own]
        candidates = {sigs for place in [*days, self.wide] for k in keys for sigs in place.get(k, ())}
        out: set[int] = set()
        for sigs in candidates:
            groups = self.groups_with.get(sigs)
            if not groups:
                continue
            if len(sigs) == 1:   # most groups: one mention, or the same one told again
                (only,) = sigs
                fits = _same_signature(sig, only, own, names[only])
            else:
                fits = all(_same_signature(sig, s, own, names[s]) for s in sigs)
            if fits:
                out |= groups
        return out


def merge_mentions(events: list[Event], evidence: dict[str, Evidence],
                   finder: ActorFinder | None = None) -> tuple[list[Event], dict[str, Evidence]]:
    """(rows, evidence per row): each group of mentions of one event becomes its most precise mention, with the
    union of participants (no state beside its own people) and every evidence sentence."""
    groups = MentionGroups()
    groups.add(events)
    return groups.rows(evidence, finder)


class MentionGroups:
    """The mentions of one article grouped as they come, in text order (a very large article's parts are added
    one after another as they are read, pipeline/events_parts.py)."""

    def __init__(self):
        self.groups: list[list[Event]] = []
        self.group_sigs: list[frozenset] = []
        self.index = _GroupIndex()

    def add(self, events: list[Event]) -> None:
        groups, group_sigs, index = self.groups, self.group_sigs, self.index
        for e in events:   # a mention joins the one group it matches every member of
            sig = _signature(e)
            index.remember(sig)
            homes = index.homes(e, sig)
            # "Im Mai" beside calls on 3 and 20 May could be either: it stays a row of its own
            if len(homes) == 1:
                g = homes.pop()
                groups[g].append(e)
                if sig not in group_sigs[g]:
                    old, group_sigs[g] = group_sigs[g], group_sigs[g] | {sig}
                    index.move(g, groups[g][0], old, group_sigs[g])
            else:
                groups.append([e])
                group_sigs.append(frozenset([sig]))
                index.add(len(groups) - 1, e, group_sigs[-1])

    def rows(self, evidence: dict[str, Evidence],
             finder: ActorFinder | None = None) -> tuple[list[Event], dict[str, Evidence]]:
        rows, out_evidence = [], {}
        for g in self.groups:
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
            row = evolve(best, event_type=etype, actors=actors, countries=countries, evidence="\n".join(sentences))
            rows.append(row)
            ev = evidence[best.event_id]
            out_evidence[row.event_id] = evolve(ev, participants=len(actors), mentions=len(g))
        return rows, out_evidence
