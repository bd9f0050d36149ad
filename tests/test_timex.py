"""Tests of the German time-expression recognizer (sentences of our own, not from any corpus)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.timex import Timex, recognize

D = dt.date
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_8f32a72a094f26a5.txt"


def _find(txs: list[Timex], text: str) -> Timex:
    hits = [t for t in txs if t.text == text]
    assert hits, f"{text!r} not recognised; got {[t.text for t in txs]}"
    return hits[0]


@pytest.mark.skipif(not SEED.exists(), reason="seed article not available")
def test_seed_article():
    txs = recognize(SEED.read_text(encoding="utf-8"), D(2022, 10, 21))
    expect = {
        "24. Februar": ("2022-02-24", D(2022, 2, 24), D(2022, 2, 24), "day"),
        "13. Mai": ("2022-05-13", D(2022, 5, 13), D(2022, 5, 13), "day"),
        "19. Mai": ("2022-05-19", D(2022, 5, 19), D(2022, 5, 19), "day"),
        "6. Oktober": ("2022-10-06", D(2022, 10, 6), D(2022, 10, 6), "day"),
        "der vergangenen Woche": ("2022-W41", D(2022, 10, 10), D(2022, 10, 16), "week"),
        "Freitag": ("2022-10-21", D(2022, 10, 21), D(2022, 10, 21), "day"),
        "Mitte November": ("2022-11", D(2022, 11, 11), D(2022, 11, 20), "month"),
    }
    for text, (value, first, last, precision) in expect.items():
        t = _find(txs, text)
        assert (t.value, t.first_day, t.last_day, t.precision) == (value, first, last, precision), text
        assert t.is_event_date
    assert _find(txs, "Mitte November").mod == "MID"
    for text in ("den vergangenen Jahren", "wenige Tage"):
        t = _find(txs, text)
        assert t.type == "DURATION" and not t.is_event_date
    # The sentence offsets are offsets into the text.
    text = SEED.read_text(encoding="utf-8")
    assert all(text[t.start:t.end] == t.text for t in txs)


# ----------------------------------------------------------------------------- intervals

from pipeline.timex.intervals import interval  # noqa: E402


@pytest.mark.parametrize("value,mod,first,last,precision", [
    ("2022-10-21", None, D(2022, 10, 21), D(2022, 10, 21), "day"),
    ("2022-10-21T14:30", None, D(2022, 10, 21), D(2022, 10, 21), "day"),
    ("2022-11", "MID", D(2022, 11, 11), D(2022, 11, 20), "month"),
    ("2022-11", "START", D(2022, 11, 1), D(2022, 11, 10), "month"),
    ("2022-02", "END", D(2022, 2, 21), D(2022, 2, 28), "month"),
    ("2024-02", "END", D(2024, 2, 21), D(2024, 2, 29), "month"),
    ("2022-W41", None, D(2022, 10, 10), D(2022, 10, 16), "week"),
    ("2020-W53", None, D(2020, 12, 28), D(2021, 1, 3), "week"),
    ("2022-W41-WE", None, D(2022, 10, 15), D(2022, 10, 16), "week"),
    ("2022-Q4", None, D(2022, 10, 1), D(2022, 12, 31), "quarter"),
    ("2022-H1", None, D(2022, 1, 1), D(2022, 6, 30), "half"),
    ("2022-SP", None, D(2022, 3, 1), D(2022, 5, 31), "season"),
    ("2022-SU", None, D(2022, 6, 1), D(2022, 8, 31), "season"),
    ("2022-FA", None, D(2022, 9, 1), D(2022, 11, 30), "season"),
    ("2023-WI", None, D(2023, 12, 1), D(2024, 2, 29), "season"),
    ("2022", None, D(2022, 1, 1), D(2022, 12, 31), "year"),
    ("199", None, D(1990, 1, 1), D(1999, 12, 31), "decade"),
])
def test_interval(value, mod, first, last, precision):
    assert interval(value, mod) == (first, last, precision)


@pytest.mark.parametrize("value", ["PRESENT_REF", "P3D", "XXXX-10-21", "14", "2022-02-30", ""])
def test_interval_unresolvable(value):
    assert interval(value) == (None, None, None)


# ----------------------------------------------------------------------------- anchoring

def test_undated_article_anchors_to_last_absolute_date():
    text = ("Am 3. März 2021 unterzeichneten beide Seiten das Abkommen. "
            "Am Tag zuvor hatte es noch Kämpfe gegeben. Gestern kam es zu neuen Gefechten.")
    txs = recognize(text, None)
    explicit = _find(txs, "3. März 2021")
    assert explicit.value == "2021-03-03" and not explicit.inferred
    before = _find(txs, "Tag zuvor")
    assert before.value == "2021-03-02" and before.inferred
    yesterday = _find(txs, "Gestern")
    assert yesterday.first_day == D(2021, 3, 2) and yesterday.inferred


def test_undated_article_without_any_date_stays_unresolved():
    txs = recognize("Gestern sagte der Minister, am Freitag werde in der kommenden Woche verhandelt.", None)
    assert [t.text for t in txs] == ["Gestern", "Freitag", "der kommenden Woche"]
    for t in txs:
        assert t.first_day is None and t.last_day is None and not t.inferred
        assert not t.is_event_date
        assert "X" in t.value


def test_dated_article_is_not_inferred():
    txs = recognize("Am 3. März 2021 wurde verhandelt. Gestern nicht.", D(2022, 10, 21))
    assert _find(txs, "Gestern").first_day == D(2022, 10, 20)
    assert not any(t.inferred for t in txs)


def test_weekday_on_dct_weekday_depends_on_tense():
    dct = D(2022, 10, 21)  # Friday
    past = recognize("Der Minister telefonierte am Freitag mit Kiew.", dct)
    assert _find(past, "Freitag").value == "2022-10-21"
    planned = recognize("Am Donnerstag soll wieder verhandelt werden.", dct)
    assert _find(planned, "Donnerstag").value == "2022-10-27"
    reported = recognize("Am Donnerstag hatte er noch geschwiegen.", dct)
    assert _find(reported, "Donnerstag").value == "2022-10-20"


def test_planned_month_goes_forward_reported_goes_back():
    dct = D(2022, 10, 21)
    assert _find(recognize("Der Besuch ist für Jänner geplant.", dct), "Jänner").value == "2023-01"
    assert _find(recognize("Im Jänner hatte er Kiew besucht.", dct), "Jänner").value == "2022-01"


def test_range_members_share_group_and_interval():
    txs = recognize("Die Konferenz dauert vom 28. Februar bis 2. März 2023.", D(2022, 10, 21))
    a, b = _find(txs, "28. Februar"), _find(txs, "2. März 2023")
    assert a.group == b.group == a.start
    assert (a.range_first_day, a.range_last_day) == (D(2023, 2, 28), D(2023, 3, 2))
    assert (b.range_first_day, b.range_last_day) == (D(2023, 2, 28), D(2023, 3, 2))


def test_enumeration_is_not_a_range():
    txs = recognize("Aufführungen am 3., 4. und 6. Oktober 2022.", D(2022, 10, 21))
    assert [t.value for t in txs] == ["2022-10-03", "2022-10-04", "2022-10-06"]
    assert all(t.group is None for t in txs)


def test_output_sorted_non_overlapping_offsets():
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else "Am 3. März 2021 und gestern."
    txs = recognize(text, D(2022, 10, 21))
    for a, b in zip(txs, txs[1:]):
        assert a.end <= b.start
    assert all(text[t.start:t.end] == t.text for t in txs)


# ----------------------------------------------------------------------------- speed

import time  # noqa: E402


def _seconds(text: str) -> float:
    t0 = time.perf_counter()
    recognize(text, D(2022, 10, 21))
    return time.perf_counter() - t0


def test_many_dates_scale_linearly():
    unit = "Am 3. März 2021 um 14 Uhr, gestern und vom 10. bis 12. Mai sowie im Jahr 1999. "
    small, big = unit * 250, unit * 1250  # 1,000 and 5,000 dates
    t_small, t_big = _seconds(small), _seconds(big)
    assert len(recognize(big, D(2022, 10, 21))) >= 5000
    assert t_big < 5.0
    assert t_big < 12 * t_small + 0.5  # 5x the input: far from quadratic


@pytest.mark.parametrize("unit", [
    "1. 2. 3. 4. 5. 6. 7. 8. 9. 10. ",          # day-list prefix without a month
    "12.30-13.30-14.30 und ",                     # clock-time chain without "Uhr"
    "Anfang Mitte Ende des der ",                 # part words without a period
    "vor in seit ab bis zwischen und ",           # prepositions only
    "2000 2001 2002 ",                            # numbers that may be years
    "a" * 50 + " ",
])
def test_adversarial_inputs_are_linear(unit):
    small, big = unit * 2000, unit * 8000
    t_small, t_big = _seconds(small), _seconds(big)
    assert t_big < 10 * t_small + 0.5


# ----------------------------------------------------------------------------- robustness

def test_random_token_soup_never_breaks_the_contract():
    import random
    from pipeline.timex.resources import load_lexicon
    vocab = [w for ws in load_lexicon().words.values() for w in ws]
    glue = ["am", "vom", "bis", "seit", "vor", "in", "und", "um", "Uhr", "-", ".", ",", "/", ":", "\n"]
    rng = random.Random(5)

    def token():
        r = rng.random()
        if r < 0.4:
            return rng.choice(vocab)
        if r < 0.7:
            return rng.choice(glue)
        return str(rng.choice([rng.randint(0, 40), rng.randint(1000, 2100), rng.randint(0, 99999)])) + rng.choice(["", ".", ":30", "-"])

    for _ in range(300):
        text = " ".join(token() for _ in range(rng.randint(1, 40)))
        for dct in (D(2022, 10, 21), None, D(1, 1, 2), D(9999, 12, 30)):
            txs = recognize(text, dct)
            for a, b in zip(txs, txs[1:]):
                assert a.end <= b.start
            for t in txs:
                assert text[t.start:t.end] == t.text
                assert t.first_day is None or t.first_day <= t.last_day
                if t.type in ("DURATION", "SET") or t.value.endswith("_REF"):
                    assert not t.is_event_date


def test_undated_narrative_year_sets_month_and_day():
    txs = recognize("1939 begann der Krieg. Im Mai wurde verhandelt, am 1. September marschierten sie ein.", None)
    assert _find(txs, "Mai").value == "1939-05" and _find(txs, "Mai").inferred
    assert _find(txs, "1. September").first_day == D(1939, 9, 1)


def test_undated_chronology_reads_day_and_month_forward_from_the_last_date():
    text = ("Am 24. Februar 2022 marschierten russische Truppen ein. Am 28. Februar wurde verhandelt. "
            "Am 8. April besuchte sie Kiew. Ende August begann die Gegenoffensive. "
            "Am 24. Dezember 2022 sprach er. Am 3. Januar reiste er ab. Am 20. Dezember war er noch in Paris.")
    txs = recognize(text, None)
    assert _find(txs, "28. Februar").first_day == D(2022, 2, 28) and _find(txs, "28. Februar").inferred
    assert _find(txs, "8. April").first_day == D(2022, 4, 8)
    assert _find(txs, "Ende August").value == "2022-08"
    assert _find(txs, "3. Januar").first_day == D(2023, 1, 3)     # past the year's end
    assert _find(txs, "20. Dezember").first_day == D(2022, 12, 20)  # a few days back: the same year


def test_undated_narrative_moves_with_the_dates_it_names():
    text = ("Am 1. September 1939 begann der Krieg. Im Frühjahr des folgenden Jahres begann der Westfeldzug. "
            "Im selben Jahr kapitulierte Frankreich. Im Herbst desselben Jahres scheiterte die Luftschlacht. "
            "Anfang 1943 kapitulierte die Armee. Im Sommer darauf landeten die Alliierten. Im Jahr darauf "
            "folgte die Landung. Im März des folgenden Jahres endete alles.")
    txs = recognize(text, None)
    assert _find(txs, "Frühjahr des folgenden Jahres").value == "1940-SP"
    assert _find(txs, "selben Jahr").value == "1940"
    assert _find(txs, "Herbst desselben Jahres").value == "1940-FA"
    assert _find(txs, "Sommer darauf").value == "1943-SU"
    assert _find(txs, "Jahr darauf").value == "1944"
    assert _find(txs, "März des folgenden Jahres").value == "1945-03"


def test_an_ambiguous_named_day_counts_only_in_a_text_of_its_time():
    """"Kriegsbeginn" is 24 February 2022 in reports on the war in Ukraine, not in a history of 1914."""
    txs = recognize("Im August 1914 zogen die Regimenter los. Seit Kriegsbeginn fehlte es an Munition.", None)
    assert [t.text for t in txs] == ["August 1914"]


def test_a_named_day_in_a_report_does_not_move_the_time_the_report_is_at():
    # "seit Kriegsbeginn" recalls 2022; the yearless date after it still reads from the publication date
    txs = recognize("Seit Kriegsbeginn gab es viele Gespräche. Am 13. Mai telefonierten die Minister.", D(2023, 5, 20))
    assert _find(txs, "13. Mai").first_day == D(2023, 5, 13)


def test_a_role_adjective_is_a_time_in_news_but_not_in_a_history():
    text = "Der ehemalige Minister sprach damals in Kiew."
    assert [t.value for t in recognize(text, D(2022, 10, 21))] == ["PAST_REF", "PAST_REF"]
    assert recognize(text, None) == []
