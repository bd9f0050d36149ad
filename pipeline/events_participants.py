"""Participants, not bystanders: who takes part in an event mention, after its arguments were found.

- A named person stands for their state: the state is not added beside them ("Scholz telefonierte mit
  Selenskyj" is Scholz and Selenskyj, not also Germany and Ukraine), as the gold annotation and a reader do.
- A call, meeting or negotiation between two named people is theirs: a state beside them is what they talked
  about ("telefonierte mit Blinken über die Ukraine"), not a party.
- An attack or the war's start is between attacker and attacked: one side of the war named gives the other
  (conflict_parties in data/lang/de/events.yaml), and a war start naming neither is theirs.
- Aid names its giver and its receiver: a pledge that names only the giver goes to default_aid_recipient.
"""
from __future__ import annotations

from pipeline.actors import ActorFinder
from pipeline.events_triggers import EventLexicon

PERSONAL_TYPES = {"call", "talk", "meeting", "negotiation"}


def without_represented_states(names: list[str], finder: ActorFinder) -> list[str]:
    """A state beside one of its named people is not a party of its own."""
    people_states = {finder.country_of(n) for n in names if finder.kind_of(n) == "person"}
    return [n for n in names if not (finder.kind_of(n) == "state" and n in people_states)]


def participants(etype: str, names: list[str], finder: ActorFinder, lex: EventLexicon) -> list[str]:
    kept = without_represented_states(names, finder)
    if etype in PERSONAL_TYPES and sum(finder.kind_of(n) == "person" for n in kept) >= 2:
        kept = [n for n in kept if finder.kind_of(n) != "state"]
    parties = lex.conflict_parties
    if etype in lex.war_types and len(parties) == 2:
        states = {finder.country_of(n) or n for n in kept}
        named = [p for p in parties if p in states]
        if len(named) == 1:
            kept.append(next(p for p in parties if p not in named))
        elif not named and (etype == "war_start" or not kept):
            kept.extend(parties)
        if named or etype == "war_start":
            # between the two sides, whoever else the clause names is a bystander ("China hat den Angriff auf
            # die Ukraine nicht verurteilt")
            kept = [n for n in kept if (finder.country_of(n) or n) in parties]
    if etype == "aid" and len(kept) == 1 and lex.default_aid_recipient and kept[0] != lex.default_aid_recipient:
        kept.append(lex.default_aid_recipient)   # "kündigte weitere Rüstungslieferungen an"
    return list(dict.fromkeys(kept))

