"""The event row of one article (DESIGN.md's event table), shared by the extraction stages."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from functools import lru_cache


@dataclass(frozen=True)
class Event:
    event_id: str
    date: dt.date
    end: dt.date
    precision: str
    timex: str
    date_text: str
    event_type: str
    status: str
    actors: tuple[str, ...]
    countries: tuple[str, ...]
    sentence: str
    article_id: str
    title: str
    source: str
    published: dt.date | None
    char_start: int
    char_end: int
    confidence: float = 1.0     # how sure the extractor is, in [0, 1] (pipeline/events_confidence.py)
    confidence_reason: str = ""  # the evidence behind it, e.g. "own date; verb trigger; 2 participants"
    evidence: str = ""           # every evidence sentence of the row, one per line (its merged mentions)


@dataclass(frozen=True)
class Evidence:
    """What an event mention rests on; events_confidence turns it into a score."""
    date_source: str      # own, reporting clause, anchor, live blog, discourse (DATE_SOURCES)
    trigger: str          # verb, noun or none (a date with actors but no event word)
    participants: int     # actors found
    mentions: int = 1     # mentions merged into the row


# Where an event's time comes from, in the order they are tried (issue "Right date, right people").
DATE_SOURCES = ("own", "reporting clause", "anchor", "live blog", "discourse")


def evolve(obj, **changes):
    """dataclasses.replace for the frozen dataclasses above (no slots, no __post_init__): the instance's fields
    copied with the changes, about six times faster; made for every row of a very large article."""
    if not changes.keys() <= _field_names(type(obj)):
        raise TypeError(f"{type(obj).__name__} has no field {sorted(changes.keys() - _field_names(type(obj)))}")
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__, **changes)
    return new


@lru_cache(maxsize=None)
def _field_names(cls) -> frozenset:
    return frozenset(f.name for f in fields(cls))
