"""Runs the phrase corpus tests/data/timex_cases.yaml: every case and every negative."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline.timex import recognize

CASES = yaml.safe_load((Path(__file__).parent / "data" / "timex_cases.yaml").read_text(encoding="utf-8"))
DCT = CASES["dct"]


def _date(v):
    return v if v is None or isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: f"{c['expr']}|{c['text'][:40]}")
def test_case(case):
    _check(case, DCT)


@pytest.mark.parametrize("case", CASES["narrative_cases"], ids=lambda c: f"{c['expr']}|{c['text'][:40]}")
def test_narrative_case(case):
    """Texts without a publication date: the story's own time is the reference."""
    _check(case, None)


def _check(case, dct):
    txs = recognize(case["text"], dct)
    hits = [t for t in txs if t.text == case["expr"]]
    assert hits, f"{case['expr']!r} not recognised in {case['text']!r}: {[(t.text, t.value) for t in txs]}"
    t = hits[0]
    assert t.type == case.get("type", "DATE")
    assert t.value == case["value"]
    if "mod" in case:
        assert t.mod == case["mod"]
    if "first" in case:
        assert t.first_day == _date(case["first"])
    if "last" in case:
        assert t.last_day == _date(case["last"])
    if "precision" in case:
        assert t.precision == case["precision"]
    if "offset" in case:
        assert t.offset_value == case["offset"]
    if "range" in case:
        assert (t.range_first_day, t.range_last_day) == tuple(_date(x) for x in case["range"])
        assert t.group is not None
    if t.value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF") or t.type in ("DURATION", "SET"):
        assert not t.is_event_date
    assert case["text"][t.start:t.end] == t.text


@pytest.mark.parametrize("case", CASES["negatives"], ids=lambda c: c["text"][:40])
def test_negative(case):
    txs = recognize(case["text"], DCT)
    forbid = case.get("forbid")
    if forbid is None:
        assert txs == [], [(t.text, t.value) for t in txs]
    else:
        s = case["text"].index(forbid)
        e = s + len(forbid)
        assert not [t for t in txs if t.start < e and s < t.end], [(t.text, t.value) for t in txs]
