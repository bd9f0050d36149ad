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
