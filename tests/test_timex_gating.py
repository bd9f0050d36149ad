"""The head windows of pipeline/timex/gating.py change nothing: find_candidates gives the same
candidates with and without them, on the phrase corpus and on long generated texts."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from pipeline.timex.gating import head_table

from conftest import REPO
from pipeline.timex.patterns import compiled, find_candidates

CASES = yaml.safe_load((Path(__file__).parent / "data" / "timex_cases.yaml").read_text(encoding="utf-8"))
TEXTS = [c["text"] for c in CASES["cases"]] + [n["text"] if isinstance(n, dict) else str(n)
                                               for n in CASES.get("negatives", [])]

# Sentences written for this test: every rule, with odd spacing, long numbers and era years.
EXTRA = [
    "Am Montag, den 3.   März 2021 um 14.30 Uhr, ab 9 bis 12 Uhr und 10-12 Uhr.",
    "Vom 1., 2., 3. und 4. Oktober 1999 sowie am 5.\n\n\n\n     6. Oktober war es kalt.",
    "In den 1990er Jahren, den neunziger   Jahren, in den 80ern und Mitte der 70er-Jahre.",
    "Im 19. Jahrhundert, im 5. Jh. v. Chr., Mitte des zweiten Jahrhunderts.",
    "Im Jahr 492 v. Chr. und um 449/448 v. Chr., im Frühjahr 479 v. Chr., 9 n. Chr.",
    "Im dritten Quartal 2020, in der KW 12/2021, in der 3. Kalenderwoche, das zweite Halbjahr.",
    "Seit 12345678901234 Jahren, fast 100-jähriges, zweijährige, jahrelang, seit Jahren.",
    "Am Freitagabend, am Sonntag Morgen, in der Nacht zum Samstag, jeden ersten Montag im Monat.",
    "Gestern, vorgestern, am heutigen Tag, übermorgen, am Wochenende, zweimal pro Woche, alle drei Tage.",
    "Im Sommer 2015, im Herbst vergangenen Jahres, im Frühjahr darauf, im Jahr darauf, Anfang Juni 2010.",
    "Bis 31.12., am 17.6.53, am 2022-09-30, zu Weihnachten 2019, an Ostern, täglich, montags.",
    "Derzeit, damals, bislang, zurzeit, in Zukunft, Ende des Monats, Anfang des Jahres, nächste Woche.",
    "MÄRZ 2020, märz 2020, İstanbul im İM Mai 2020, Jänner 2019, 12. Okt. 2022, Feb. 2020.",
    "etwa drei Wochen, rund 16 Jahre alt, ab 16 Jahren, mehr als zwei Stunden, eineinhalb Stunden.",
    "Paragraf 2010 gilt, 2000 Menschen, seit 2010 Teil, im Jahr 1939, im Jahre 1939.",
]


def _key(cands):
    return [(c.start, c.end, c.rule.name, c.match.span(), c.match.groups()) for c in cands]


def _same(text):
    assert _key(find_candidates(text)) == _key(find_candidates(text, gated=False))


@pytest.mark.parametrize("text", TEXTS + EXTRA)
def test_same_candidates_per_sentence(text):
    _same(text)


def _generated(seed: int, n: int) -> str:
    rng = random.Random(seed)
    pieces = TEXTS + EXTRA
    gaps = [" ", "  ", "\n", "\n\n\n\n\n\n", " " * 40, "\t", " 1 2 3 4 5 6 7 8 9 ", " 123456789012 ", ", ", " - ",
            " und ", " bis ", "/", " ////// ", " Uhr ", " Jahr ", " der ", "."]
    out = []
    for _ in range(n):
        piece = rng.choice(pieces)
        if rng.random() < 0.3:  # cut sentences apart so that rules meet other words and digits
            i, j = sorted(rng.randrange(len(piece) + 1) for _ in range(2))
            piece = piece[i:j]
        out.append(piece)
        out.append(rng.choice(gaps))
    return "".join(out)


@pytest.mark.parametrize("seed", range(6))
def test_same_candidates_on_long_texts(seed):
    _same(_generated(seed, 1500))


def test_every_rule_has_heads_or_is_ungated():
    table = head_table("de")
    heads, ungated = table.get("heads") or {}, set(table.get("ungated") or [])
    for rule in compiled("de").rules:
        assert rule.name in heads or rule.name in ungated, \
            f"rule {rule.name}: add its head words to data/lang/de/timex/heads.yaml or list it under ungated"
        assert not (rule.name in heads and rule.name in ungated), rule.name


def test_head_rules_are_gated():
    """Every rule with heads is actually windowed (its regex has a bounded reach)."""
    cr = compiled("de")
    heads = head_table("de").get("heads") or {}
    assert {r.name for r in cr.rules if r.name in heads} == set(cr.gates.by_rule)


def test_windows_stay_narrow_on_ordinary_text():
    """A rule with an open-ended letter class ("[a-z]{3,}") would make every word a long run, widen every window
    to the whole text and undo the gating without changing a result: the runs that widen windows are digits,
    spaces and slashes only, and on the shipped corpus a rule's windows cover a small part of the text."""
    from pipeline.articles import iter_article_files, read_article
    from pipeline.timex.gating import HeadIndex
    from pipeline.timex.patterns import compiled

    cr = compiled("de")
    assert not any(c.isalpha() for c in cr.gates.run_regex.pattern.replace("\\d", "").replace("\\s", ""))
    text = "\n\n".join(read_article(p).body for p in iter_article_files(REPO / "data" / "articles"))
    index = HeadIndex(text, cr.gates)
    covered = sum(b - a for a, b in index.windows(cr.gates.by_rule["year_after"]))
    assert covered < 0.5 * len(text)


@pytest.mark.parametrize("seed", range(3))
def test_array_windows_are_the_scalar_windows(seed):
    """Long texts take their windows from windows_vector.py: for every rule the same as the one-by-one merge,
    also where long runs of spaces and digits widen windows into each other."""
    from pipeline.timex.gating import _SLACK, DIGIT, HeadIndex
    from pipeline.timex.windows_vector import VectorWindows

    gates = compiled("de").gates
    text = _generated(seed, 300)   # short: HeadIndex itself stays scalar here
    index = HeadIndex(text, gates)
    vector = VectorWindows(index.spans, list(zip(index.run_starts, index.run_ends)), len(text))
    assert index.run_starts
    for gate in gates.by_rule.values():
        keys = tuple(gate.heads) + ((DIGIT,) if gate.digit else ())
        assert vector.windows(keys, gate.reach + _SLACK) == index.windows_scalar(gate)


def test_head_positions_are_every_occurrence():
    """The one-pass head finder reports every occurrence of every head, overlapping ones included, as a search
    for each head word on its own does."""
    from pipeline.timex.gating import HeadIndex

    gates = compiled("de").gates
    text = _generated(7, 400) + " Jahresende jahrzehntelang Montagabend Maitag tagtäglich uhruhr"
    index = HeadIndex(text, gates)
    lower = text.lower()
    for head in gates.literal_heads:
        found = [i for i in range(len(lower)) if lower.startswith(head, i)]
        assert [s for s, _ in index.spans[head]] == found, head
