"""How sure an event is: a score in [0, 1] and the evidence behind it, for the page's "sure events only"
switch and for sorting tables.

The score multiplies three factors of the evidence (pipeline.events_model.Evidence):
- where its date comes from: its own date expression is surest; a reporting clause ("Wie X am Dienstag
  mitteilte"), an anchor ("Bei seiner Ankunft"), a live-blog entry's stamp, and last the sentence before;
- its trigger: a verb ("telefonierte") tells an event more surely than a noun ("Telefonat"), and a date with
  participants but no event word least;
- its participants: none, one, or two and more;
and a mention told more than once in the article gains a little.
"""
from __future__ import annotations

from pipeline.events_model import Event, Evidence, evolve

DATE_WEIGHT = {"own": 1.0, "reporting clause": 0.85, "anchor": 0.8, "live blog": 0.8, "discourse": 0.6}
TRIGGER_WEIGHT = {"verb": 1.0, "noun": 0.9, "none": 0.5}
PARTICIPANT_WEIGHT = (0.3, 0.8, 1.0)      # none, one, two or more
REPEAT_BONUS = 0.05                        # per further mention, up to the cap
SURE = 0.7                                 # the page's "sure events only" threshold


def confidence(ev: Evidence) -> float:
    score = (DATE_WEIGHT.get(ev.date_source, 0.5) * TRIGGER_WEIGHT.get(ev.trigger, 0.5)
             * PARTICIPANT_WEIGHT[min(ev.participants, 2)])
    return round(min(1.0, score + REPEAT_BONUS * (ev.mentions - 1)), 2)


def reason(ev: Evidence) -> str:
    people = {0: "no participant", 1: "1 participant"}.get(ev.participants, f"{ev.participants} participants")
    trigger = {"verb": "event verb", "noun": "event noun", "none": "no event word"}[ev.trigger]
    text = f"{ev.date_source} date; {trigger}; {people}"
    return text + (f"; {ev.mentions} mentions" if ev.mentions > 1 else "")


def score_events(events: list[Event], evidence: dict[str, Evidence]) -> list[Event]:
    return [evolve(e, confidence=confidence(evidence[e.event_id]), confidence_reason=reason(evidence[e.event_id]))
            for e in events]
