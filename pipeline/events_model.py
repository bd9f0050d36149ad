"""The event row of one article (DESIGN.md's event table), shared by the extraction stages."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
