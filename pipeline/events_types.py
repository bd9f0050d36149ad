"""Event types a reader gives from facts the words alone do not show (data: conflict_parties and war_start_date
in data/lang/de/events.yaml):

- a meeting or talk of the two warring states themselves is a negotiation ("Gespräche zwischen Russland und der
  Ukraine in Istanbul"); two ministers meeting stays a meeting;
- an attack of one side on the other on the day the war began is the war's start ("den russischen Angriff auf
  die Ukraine am 24. Februar 2022"), and so is that day told of one side without an event word.
"""
from __future__ import annotations

import datetime as dt

from pipeline.events_triggers import EventLexicon


def refine_type(etype: str, names: list[str], first: dt.date, last: dt.date, lex: EventLexicon) -> str:
    parties = set(lex.conflict_parties)
    if etype in ("meeting", "talk") and len(parties) == 2 and set(names) == parties:
        return "negotiation"   # the two states, no mediator
    start = lex.war_start_date
    if etype == "attack" and start is not None and first == last == start and parties <= set(names):
        return "war_start"
    # "der Einschnitt, der mit dem 24. Februar 2022 folgte": that day, told of a side of the war, is its start
    if etype == "other" and start is not None and first == last == start and parties & set(names):
        return "war_start"
    return etype
