"""Compile the rule regexes of a language once and find non-overlapping candidate matches.

Placeholders %NAME% / %=NAME% in the data are replaced by alternations of the lexicon's word
lists. All rules use bounded quantifiers and no nested unbounded repetition, so matching stays
linear in the text length; overlaps are resolved by a single sort + sweep.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.word_trie import trie_alternation

from .gating import Gates, HeadIndex, build_gates
from .resources import Lexicon, load_lexicon

_PLACEHOLDER = re.compile(r"%(=?)([A-Z_]+)%")


def _swap_first(word: str) -> str:
    first = word[:1]
    return (first.lower() if first.isupper() else first.upper()) + word[1:]


_SPACE = re.compile(r"\s")


def _alternation(words: list[str], both_cases: bool) -> str:
    forms = set()
    for word in words:
        forms.add(word)
        if both_cases:
            forms.add(_swap_first(word))
    # Longest first so that "Jahrzehnten" is preferred to "Jahr"; spaces match any whitespace. Written as a
    # trie ("J(?:anuar|u(?:li|ni))"): the regex engine tries a plain alternation word by word at every position
    # of a window. \s+ and a letter never match the same character, so the trie's branches still exclude each
    # other; a form holding other whitespace keeps the plain alternation.
    if any(c != " " and _SPACE.match(c) for f in forms for c in f):
        escaped = [re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=lambda f: (-len(f), f))]
        return "(?:" + "|".join(escaped) + ")"
    return "(?:" + trie_alternation(forms).replace(r"\ ", r"\s+") + ")"


def _expand(regex: str, lexicon: Lexicon) -> str:
    def repl(m: re.Match) -> str:
        exact, name = m.group(1), m.group(2)
        if name not in lexicon.words:
            raise KeyError(f"unknown placeholder %{name}% in timex patterns")
        return _alternation(lexicon.words[name], both_cases=not exact)
    return _PLACEHOLDER.sub(repl, regex)


@dataclass(frozen=True)
class Rule:
    index: int
    name: str
    kind: str
    regex: re.Pattern
    filter: str | None


@dataclass
class CompiledRules:
    rules: list[Rule]
    helpers: dict[str, re.Pattern]
    year_filter: dict
    duration_filter: dict
    gates: Gates


@lru_cache(maxsize=None)
def compiled(lang: str = "de") -> CompiledRules:
    lx = load_lexicon(lang)
    data = lx.patterns
    rules = [Rule(i, r["name"], r["kind"], re.compile(_expand(r["regex"], lx)), r.get("filter"))
             for i, r in enumerate(data["rules"])]
    helpers = {k: re.compile(_expand(v, lx)) for k, v in data.get("helpers", {}).items()}
    yf = data.get("year_filter", {})
    year_filter = {
        "before": {w.lower() for w in yf.get("blocked_before", [])},
        "after": {w.lower() for w in yf.get("blocked_after", [])},
        "cap_ok": set(yf.get("capitalised_after_ok", [])),
        "time_prep": {w.lower() for w in yf.get("time_prepositions", [])},
    }
    df = data.get("duration_filter", {})
    duration_filter = {
        "before": {w.lower() for w in df.get("blocked_before", [])},
        "after": {w.lower() for w in df.get("blocked_after", [])},
        "units": set(df.get("units", [])),
    }
    return CompiledRules(rules, helpers, year_filter, duration_filter, build_gates(rules, lx))


@dataclass(frozen=True)
class Candidate:
    start: int          # span of the expression (group t when the rule has one)
    end: int
    rule: Rule
    match: re.Match


_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_WORD_AFTER = re.compile(r"^[ \t]+(\S+)")


def _words_around(text: str, start: int, end: int) -> tuple[str, str]:
    before = _WORD_BEFORE.search(text[max(0, start - 40):start])
    after = _WORD_AFTER.search(text[end:end + 40])
    return (before.group(1) if before else ""), (after.group(1) if after else "")


def year_ok(text: str, start: int, end: int, lang: str = "de") -> bool:
    """Whether the number at text[start:end] reads as a year by the words around it (year_filter)."""
    return _year_ok(text, start, end, compiled(lang).year_filter)


def _year_ok(text: str, start: int, end: int, yf: dict) -> bool:
    before, after = _words_around(text, start, end)
    if before.lower() in yf["before"]:
        return False
    word = after.rstrip(".,;:!?)\"“”")
    if word.lower() in yf["after"] or after.lower() in yf["after"]:
        return False
    # A capitalised word right after is the noun being counted ("2000 Menschen"), unless a
    # preposition of time before makes it a year ("seit 2010 Baltische ...").
    if word[:1].isupper() and word not in yf["cap_ok"] and before.lower() not in yf["time_prep"]:
        return False
    return True


def duration_ok(text: str, m: re.Match, start: int, end: int, lang: str = "de") -> bool:
    """Whether text[start:end], a number and its unit (group "unit" of m), is a duration, not an age."""
    df = compiled(lang).duration_filter
    before, after = _words_around(text, start, end)
    if after.rstrip(".,;:!?)").lower() in df["after"]:
        return False
    unit = m.groupdict().get("unit")
    if unit and before.lower() in df["before"]:
        from .resources import lookup
        info = lookup(load_lexicon(lang).units, unit)
        if info and info[0] in df["units"]:
            return False
    return True


def _matches(rule: Rule, text: str, index: HeadIndex | None):
    gate = index.gates.by_rule.get(rule.name) if index is not None else None
    if gate is None:
        yield from rule.regex.finditer(text)
        return
    finditer = rule.regex.finditer
    for a, b in index.windows(gate):
        yield from finditer(text, a, b)


def find_candidates(text: str, lang: str = "de", gated: bool = True) -> list[Candidate]:
    """Non-overlapping candidates. gated=False scans every rule over the whole text (the
    reference the head windows of gating.py must reproduce exactly)."""
    cr = compiled(lang)
    index = HeadIndex(text, cr.gates) if gated else None
    found: list[Candidate] = []
    for rule in cr.rules:
        has_t = "t" in rule.regex.groupindex
        for m in _matches(rule, text, index):
            if has_t and m.group("t") is not None:
                s, e = m.span("t")
            else:
                s, e = m.span()
            if s == e:
                continue
            if rule.filter == "year" and not _year_ok(text, s, e, cr.year_filter):
                continue
            if rule.filter == "duration" and not duration_ok(text, m, s, e, lang):
                continue
            found.append(Candidate(s, e, rule, m))
    # Longest span first, then rule order; keep what does not overlap anything kept. An occupancy
    # map of the text makes each check O(span length), so the whole sweep stays linear.
    found.sort(key=lambda c: (-(c.end - c.start), c.rule.index, c.start))
    occupied = bytearray(len(text))
    kept: list[Candidate] = []
    for c in found:
        if occupied.find(1, c.start, c.end) != -1:
            continue
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept
