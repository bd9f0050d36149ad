"""Load a language's time-expression resources (data/lang/<lang>/timex/*.yaml) into lookup tables.

Knows nothing about any language: every word comes from the data files. Lookups are keyed by the
lower-cased form; the pattern compiler builds its word alternations from the same tables.
"""
from __future__ import annotations

import datetime as dt

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.yamlfile import load_yaml


DATA_ROOT = Path(__file__).resolve().parents[2] / "data" / "lang"


def _load(lang: str, name: str) -> dict:
    return load_yaml(DATA_ROOT / lang / "timex" / f"{name}.yaml") or {}


def _key(word: str) -> str:
    return " ".join(word.lower().split())


@dataclass
class Lexicon:
    lang: str
    months: dict[str, int] = field(default_factory=dict)          # form -> 1..12
    month_abbreviations: set[str] = field(default_factory=set)
    weekdays: dict[str, int] = field(default_factory=dict)        # form -> ISO 1..7
    cardinals: dict[str, float] = field(default_factory=dict)
    fractions: dict[str, float] = field(default_factory=dict)
    ordinals: dict[str, int] = field(default_factory=dict)        # inflected form -> n
    last_ordinals: set[str] = field(default_factory=set)
    vague: set[str] = field(default_factory=set)
    decades: dict[str, int] = field(default_factory=dict)
    units: dict[str, tuple[str, bool, bool]] = field(default_factory=dict)  # form -> (code, is_time, plural)
    adjective_units: dict[str, str] = field(default_factory=dict)
    vague_duration_words: dict[str, str] = field(default_factory=dict)
    period_parts: dict[str, str] = field(default_factory=dict)    # form -> START/MID/END
    half_words: list[str] = field(default_factory=list)
    day_parts: dict[str, str] = field(default_factory=dict)       # form -> MO/AF/EV/NI
    day_parts_glued: dict[str, str] = field(default_factory=dict)
    quantity_mods: dict[str, str | None] = field(default_factory=dict)
    seasons: dict[str, str] = field(default_factory=dict)
    holidays_fixed: dict[str, tuple[int, int]] = field(default_factory=dict)
    holidays_easter: dict[str, int] = field(default_factory=dict)
    day_offsets: dict[str, int] = field(default_factory=dict)
    day_offset_adjectives: dict[str, int] = field(default_factory=dict)
    anchor_day_offsets: dict[str, int] = field(default_factory=dict)
    unit_words: dict[str, tuple[str, int, str | None]] = field(default_factory=dict)
    modifiers: dict[str, int] = field(default_factory=dict)
    offset_prepositions: dict[str, int] = field(default_factory=dict)
    offset_postpositions: dict[str, int] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)
    references_news_only: dict[str, bool] = field(default_factory=dict)
    present_context: set[str] = field(default_factory=set)
    sentence_initial_only: set[str] = field(default_factory=set)  # exact case
    set_words: dict[str, str] = field(default_factory=dict)
    future_cues: set[str] = field(default_factory=set)
    past_cues: set[str] = field(default_factory=set)
    perfect_auxiliaries: set[str] = field(default_factory=set)
    participle_prefixes: tuple[str, ...] = ()
    participle_suffixes: tuple[str, ...] = ()
    participle_min_length: int = 7
    span_bound_before: tuple[str, ...] = ()
    eras: dict[str, str] = field(default_factory=dict)            # form -> BC / AD
    named_days: dict[str, tuple[dt.date, int | None]] = field(default_factory=dict)  # form -> (date, within years)
    patterns: dict = field(default_factory=dict)
    # Word lists as written (for the pattern compiler), by placeholder name.
    words: dict[str, list[str]] = field(default_factory=dict)


def _invert(mapping: dict, target: dict, key=_key) -> list[str]:
    forms = []
    for value, names in mapping.items():
        for name in names:
            target[key(str(name))] = value
            forms.append(str(name))
    return forms


@lru_cache(maxsize=None)
def load_lexicon(lang: str = "de") -> Lexicon:
    lx = Lexicon(lang)
    w = lx.words

    months = _load(lang, "months")
    abbr = {_key(a) for a in months.pop("abbreviations", [])}
    lx.month_abbreviations = abbr
    _invert({int(k): v for k, v in months.items()}, lx.months)
    # Abbreviations only with their dot; the lookup strips it.
    w["MONTH"] = [f + "." if _key(f) in abbr else f for v in months.values() for f in v]

    w["WEEKDAY"] = _invert({int(k): v for k, v in _load(lang, "weekdays").items()}, lx.weekdays)

    nums = _load(lang, "numbers")
    for form, value in nums["cardinals"].items():
        lx.cardinals[_key(form)] = value
    w["NUMWORD"] = list(nums["cardinals"])
    for form, value in nums["fractions"].items():
        lx.fractions[_key(form)] = value
    w["FRACTION"] = list(nums["fractions"])
    ords = []
    for stem, value in nums["ordinals"].items():
        for ending in nums["ordinal_endings"]:
            lx.ordinals[_key(stem + ending)] = value
            ords.append(stem + ending)
    w["ORDWORD"] = ords
    lx.last_ordinals = {_key(x) for x in nums["last_ordinal"]}
    w["LASTORD"] = list(nums["last_ordinal"])
    lx.vague = {_key(x) for x in nums["vague"]}
    w["VAGUE"] = list(nums["vague"])
    lx.decades = {_key(k): v for k, v in nums["decades"].items()}
    w["DECADEWORD"] = list(nums["decades"])

    units = _load(lang, "units")
    w["UNIT"], w["UNITS"] = [], []
    for unit in units["units"]:
        is_time = bool(unit.get("time"))
        for form in unit["forms"]:
            lx.units[_key(form)] = (unit["code"], is_time, False)
            w["UNIT"].append(form)
        for form in unit.get("plural", []):
            lx.units[_key(form)] = (unit["code"], is_time, True)
            w["UNITS"].append(form)
    w["ADJUNIT"] = []
    for unit in units["adjective_units"]:
        for stem in unit["stems"]:
            lx.adjective_units[_key(stem)] = unit["code"]
            w["ADJUNIT"].append(stem)
    w["VAGUEDUR"] = _invert(units["vague_duration_words"], lx.vague_duration_words)

    parts = _load(lang, "parts")
    w["PART"] = _invert(parts["period_parts"], lx.period_parts)
    lx.half_words = list(parts["half_words"])
    w["HALF"] = lx.half_words
    w["DAYPART"] = _invert(parts["day_parts"], lx.day_parts)
    # Nouns: the forms written with a capital letter (orthography, not vocabulary).
    w["DAYPART_NOUN"] = [f for f in w["DAYPART"] if f[:1].isupper()]
    w["DAYPART_GLUED"] = _invert(parts["day_parts_glued"], lx.day_parts_glued)
    qmods = {(None if k == "EXACT" else k): v for k, v in parts["quantity_mods"].items()}
    w["QMOD"] = _invert(qmods, lx.quantity_mods)

    w["SEASON"] = _invert(_load(lang, "seasons"), lx.seasons)

    hol = _load(lang, "holidays")
    for name, md in hol["fixed"].items():
        m, d = str(md).split("-")
        lx.holidays_fixed[_key(name)] = (int(m), int(d))
    for name, off in hol["easter"].items():
        lx.holidays_easter[_key(name)] = int(off)
    w["HOLIDAY"] = list(hol["fixed"]) + list(hol["easter"])

    rel = _load(lang, "relative")
    for table, target, ph in (("day_offsets", lx.day_offsets, "DAYREL"),
                              ("day_offset_adjectives", lx.day_offset_adjectives, "DAYREL_ADJ"),
                              ("anchor_day_offsets", lx.anchor_day_offsets, "ANCHORREL")):
        for form, value in rel[table].items():
            target[_key(form)] = int(value)
        w[ph] = list(rel[table])
    # Adjectives that date something on their own (not the present itself).
    w["DAYREL_ADJ_PAST"] = [f for f, v in rel["day_offset_adjectives"].items() if v != 0]
    for form, entry in rel["unit_words"].items():
        lx.unit_words[_key(form)] = (entry[0], int(entry[1]), entry[2] if len(entry) > 2 else None)
    w["UNITWORD"] = list(rel["unit_words"])
    w["REL"] = _invert({int(k): v for k, v in rel["modifiers"].items()}, lx.modifiers)
    lx.offset_prepositions = {_key(k): int(v) for k, v in rel["offset_prepositions"].items()}
    lx.offset_postpositions = {_key(k): int(v) for k, v in rel.get("offset_postpositions", {}).items()}
    w["POSTPOS"] = list(rel.get("offset_postpositions", {}))
    w["REF"] = _invert(rel["references"], lx.references)
    w["REFNOUN"] = _invert(rel.get("reference_nouns", {}), lx.references)
    w["REFPREFIX"] = _invert(rel.get("reference_prefixes", {}), lx.references)
    lx.references_news_only = {_key(x): True for x in rel.get("references_news_only", [])}
    lx.present_context = {_key(x) for x in rel["present_context"]}
    lx.sentence_initial_only = set(rel.get("sentence_initial_only", []))

    sets = _load(lang, "sets")
    for form, value in sets["words"].items():
        lx.set_words[_key(form)] = value
    w["SETWORD"] = list(sets["words"])

    cues = _load(lang, "cues")
    lx.future_cues = {_key(x) for x in cues["future"]}
    lx.past_cues = {_key(x) for x in cues["past"]}
    lx.perfect_auxiliaries = {_key(x) for x in cues["perfect_auxiliaries"]}
    lx.participle_prefixes = tuple(_key(x) for x in cues["participle_prefixes"])
    lx.participle_suffixes = tuple(_key(x) for x in cues["participle_suffixes"])
    lx.participle_min_length = int(cues.get("participle_min_length", 7))
    lx.span_bound_before = tuple(_key(x) for x in cues.get("span_bound_before", []))

    w["ERA"] = _invert(_load(lang, "eras"), lx.eras)
    named = _load(lang, "named_days").get("days", [])
    for entry in named:
        day = entry["date"] if isinstance(entry["date"], dt.date) else dt.date.fromisoformat(str(entry["date"]))
        for name in entry["names"]:
            lx.named_days[_key(name)] = (day, entry.get("within"))
    w["NAMEDDAY"] = [name for entry in named for name in entry["names"]]

    lx.patterns = _load(lang, "patterns")
    return lx


def lookup(table: dict, text: str):
    """Look a matched form up in a table keyed by lower-cased, space-normalised form."""
    return table.get(_key(text))
