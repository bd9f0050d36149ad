"""The actor gazetteer (data/actors.yaml) and the German actor words (data/lang/<lang>/actors.yaml).

Loads once per process into lookup tables: aliases, office holders by role and date, country
adjectives and compound prefixes. Holds no language knowledge of its own.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.word_trie import trie_alternation
from pipeline.yamlfile import load_yaml


DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Actor:
    name: str
    type: str                 # person, state, organisation
    country: str = ""         # the state the actor stands for ("" for international bodies)
    organisation: str = ""    # for people who hold an office of an international body


@dataclass(frozen=True)
class Office:
    person: str
    role: str
    country: str
    org: str
    start: dt.date | None
    end: dt.date | None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass
class Gazetteer:
    actors: dict[str, Actor] = field(default_factory=dict)          # canonical name -> actor
    aliases: dict[str, str] = field(default_factory=dict)           # written form -> canonical name
    offices: list[Office] = field(default_factory=list)
    phonetic: dict[str, str] = field(default_factory=dict)          # key of a surname -> canonical name
    role_words: dict[str, str] = field(default_factory=dict)        # role noun (any form) -> role key
    titles: dict[str, dict] = field(default_factory=dict)           # title (any form) -> {role, country|org}
    colleague_words: set[str] = field(default_factory=set)
    pair_words: set[str] = field(default_factory=set)
    pair_state_heads: set[str] = field(default_factory=set)
    pair_heads: set[str] = field(default_factory=set)
    adjectives: dict[str, str] = field(default_factory=dict)        # inflected adjective (lower) -> state
    prefixes: dict[str, str] = field(default_factory=dict)          # compound prefix -> canonical name
    institutions: set[str] = field(default_factory=set)
    location_prepositions: set[str] = field(default_factory=set)
    audience_prepositions: set[str] = field(default_factory=set)
    not_names: set[str] = field(default_factory=set)
    person_pronouns: set[str] = field(default_factory=set)
    descriptor_words: set[str] = field(default_factory=set)
    deputy_prefixes: tuple[str, ...] = ()
    name_particles: set[str] = field(default_factory=set)
    dative_articles: set[str] = field(default_factory=set)
    adjective_joiners: set[str] = field(default_factory=set)
    abstract_noun_re: re.Pattern | None = None    # a word ending like an abstract noun ("-ung", "-heit")
    definite_articles: set[str] = field(default_factory=set)
    alias_re: re.Pattern | None = None

    def holder(self, role: str, day: dt.date | None, country: str = "", org: str = "") -> str | None:
        """Who held the role for this country or organisation on that day (None if unknown or ambiguous)."""
        if not role or (not country and not org):
            return None
        found = {o.person for o in self.offices
                 if o.role == role and (o.country == country if country else o.org == org)
                 and (day is None or o.held_on(day))}
        return found.pop() if len(found) == 1 else None

    def roles_of(self, person: str, day: dt.date | None) -> list[str]:
        return [o.role for o in self.offices if o.person == person and (day is None or o.held_on(day))]


# Inflection of role nouns: weak nouns add -en/-n, strong ones -s/-es; female and -e forms are listed in
# the data (an -e ending would turn "Premier" into "Premiere").
_NOUN_ENDINGS = ("", "en", "n", "s", "es")
_ADJ_ENDINGS = ("", "e", "en", "er", "es", "em")


_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)   # asked for every capitalised word of every clause; words repeat
def phonetic_key(word: str) -> str:
    """Fold German/English transliterations of Slavic names together: Schojgu = Shoigu, Selenskyj = Zelensky."""
    w = word.lower()
    for a, b in (("tsch", "c"), ("sch", "s"), ("sh", "s"), ("ch", "k"), ("kh", "k"), ("zh", "s"), ("z", "s"),
                 ("w", "v"), ("ph", "f"), ("yj", "i"), ("ij", "i"), ("yi", "i"), ("j", "i"), ("y", "i"),
                 ("ß", "s"), ("ss", "s"), ("ck", "k"), ("é", "e"), ("ë", "e"), ("ō", "o")):
        w = w.replace(a, b)
    return _REPEATS.sub(r"\1", w)


def _date(value) -> dt.date | None:
    if value in (None, "", "null"):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


def _load_yaml(path: Path) -> dict:
    return load_yaml(path) or {}


# Word lists of data/lang/<lang>/actors.yaml loaded as sets under the same name (see Gazetteer); the
# second group are nouns, expanded with their inflection endings.
_WORD_SETS = ("pair_words", "pair_state_heads", "pair_heads", "not_names", "person_pronouns", "definite_articles",
              "name_particles", "dative_articles", "adjective_joiners")
_NOUN_SETS = ("colleague_words", "descriptor_words")


@lru_cache(maxsize=4)
def load_gazetteer(lang: str = "de") -> Gazetteer:
    data = _load_yaml(DATA / "actors.yaml")
    words = _load_yaml(DATA / "lang" / lang / "actors.yaml")
    g = Gazetteer()

    def add(actor: Actor, aliases) -> None:
        g.actors[actor.name] = actor
        for form in [actor.name, *(aliases or [])]:
            g.aliases[str(form)] = actor.name

    for s in data.get("states", []):
        add(Actor(s["name"], "state", s["name"]), s.get("aliases"))
    for o in data.get("organisations", []):
        add(Actor(o["name"], "organisation", o.get("country", "")), o.get("aliases"))
    for p in data.get("people", []):
        add(Actor(p["name"], "person", p.get("country", ""), p.get("organisation", "")), p.get("aliases"))
        # Spelling variants are only guessed for one-word aliases: a surname the data allows alone
        # ("Schoigu" -> "Schojgu"), never one it withholds as too common ("Costa", "Johnson").
        for form in p.get("aliases") or []:
            if " " not in str(form) and len(str(form)) >= 5:
                g.phonetic.setdefault(phonetic_key(str(form)), p["name"])
        for r in p.get("roles") or []:
            org = r.get("org", "")
            country = r.get("country", "" if org else p.get("country", ""))
            g.offices.append(Office(p["name"], r["role"], country, org, _date(r.get("from")), _date(r.get("to"))))

    for role, forms in (words.get("roles") or {}).items():
        for form in forms:
            for ending in _NOUN_ENDINGS:
                g.role_words.setdefault(form + ending, role)
    for title, spec in (words.get("titles") or {}).items():
        for ending in _NOUN_ENDINGS:
            g.titles.setdefault(title + ending, spec)
    for name in _WORD_SETS:
        setattr(g, name, set(words.get(name, [])))
    for name in _NOUN_SETS:  # nouns in all their forms
        setattr(g, name, {w + e for w in words.get(name, []) for e in _NOUN_ENDINGS})
    for state, stems in (words.get("adjectives") or {}).items():
        for stem in stems:
            for ending in _ADJ_ENDINGS:
                g.adjectives[(stem + ending).lower()] = state
    g.prefixes = dict(words.get("prefixes") or {})
    g.institutions = {w + e for w in words.get("institutions", []) for e in ("", "s", "es", "n", "en")}
    g.location_prepositions = {w.lower() for w in words.get("location_prepositions", [])}
    g.audience_prepositions = {w.lower() for w in words.get("audience_prepositions", [])}
    g.deputy_prefixes = tuple(sorted(words.get("deputy_prefixes", []), key=len, reverse=True))
    g.abstract_noun_re = re.compile("(" + _alternation(words.get("abstract_noun_endings", [])) + ")(en|s)?$")

    # Aliases as whole words; a genitive -s may follow ("Putins", "Russlands"); never inside a hyphen compound.
    # (written as a trie: it is searched through every clause)
    g.alias_re = re.compile(r"(?<![\w-])(" + trie_alternation(g.aliases) + r")(?:s|’s|')?(?![\w-])")
    return g
