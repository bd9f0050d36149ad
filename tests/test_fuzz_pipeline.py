"""Property and fuzz tests: no exception, no catastrophic backtracking, offsets inside the text.

Bounded example counts keep CI fast; the time bound is generous (per KB of input) so only
super-linear blow-ups fail it, not a slow machine.
"""
import datetime as dt
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.articles import ArticleError, article_from_text, require_text
from pipeline.decode import DecodeError, decode_bytes
from pipeline.sentences import split_sentences
from pipeline.timex import recognize

# German-looking fragments mixed with arbitrary text hit the date rules far more often than noise
FRAGMENTS = ["am ", "13. ", "Mai ", "2022", "vom ", "bis ", "Mitte ", "November", "Ende ", "des Jahres",
             "vergangenen ", "Woche", "Freitag", "Nr. ", "z. B. ", "in der Nacht zum ", "24. Februar",
             "vor zwei Wochen", "seit ", "Anfang ", "März", ". ", "\n", "...", "---", ":", "–", "1.", "9999",
             "Jahresende", "Sommer ", "Q4 ", "KW 41 ", "Ostern ", "heute", "morgen", "gestern", " "]
german_ish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join)
DCT = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def bound(text: str) -> float:
    return 2.0 + len(text) / 1000 * 0.5  # seconds: 0.5 s per KB is ~50x the measured rate


@FUZZ
@given(german_ish, DCT)
def test_recognizer_never_raises_and_offsets_hold(text, dct):
    t = time.perf_counter()
    found = recognize(text, dct)
    assert time.perf_counter() - t < bound(text)
    for tx in found:
        assert 0 <= tx.start < tx.end <= len(text)
        assert text[tx.start:tx.end] == tx.text
        if tx.first_day and tx.last_day:
            assert tx.first_day <= tx.last_day


@FUZZ
@given(german_ish)
def test_sentences_cover_text_verbatim(text):
    t = time.perf_counter()
    sents = split_sentences(text)
    assert time.perf_counter() - t < bound(text)
    last = 0
    for s in sents:
        assert last <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text
        last = s.end


@FUZZ
@given(st.binary(max_size=600))
def test_arbitrary_bytes_are_text_or_refused(raw):
    try:
        text = decode_bytes(raw, "x.txt")
    except DecodeError as exc:
        assert "x.txt" in str(exc)
        return
    try:
        article = require_text(article_from_text(text, article_id="x"), text)
    except ArticleError as exc:
        assert str(exc).startswith("x:")
        return
    assert isinstance(article.body, str) and article.body.strip()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(german_ish, DCT)
def test_whole_article_pipeline(text, dct):
    """Article -> events: no exception, offsets inside the body, evidence verbatim."""
    from pipeline.events import extract_events

    try:
        article = require_text(article_from_text("Titel\n" + text, article_id="fuzz", published=dct), text)
    except ArticleError:
        return
    t = time.perf_counter()
    events = extract_events(article)
    assert time.perf_counter() - t < bound(text) * 2
    for e in events:
        start, end = e.char_start, e.char_end
        if start is not None:
            assert 0 <= start <= end <= len(article.body)
        assert e.sentence in article.body
