"""The reference time (pipeline/timex/reference.py): one resolver of where a text is in time, for news, for
histories, and for the event stage's "the sentence before" dates. Sentences written for this project."""
from __future__ import annotations

import datetime as dt

from pipeline.articles import Article
from pipeline.events import extract_events
from pipeline.timex import recognize
from pipeline.timex.reference import ReferenceTime, continues
from pipeline.timex.resources import load_lexicon

PUBLISHED = dt.date(2024, 3, 9)   # a Saturday


def value_of(text: str, expr: str, dct: dt.date | None) -> str:
    found = [t for t in recognize(text, dct) if t.text == expr]
    assert found, (expr, [t.text for t in recognize(text, dct)])
    return found[-1].value


def test_news_and_history_read_a_month_after_a_passage_of_another_year_alike():
    passage = "Im Februar 2015 unterzeichneten beide Seiten ein Abkommen. Im April brach es zusammen."
    assert value_of(passage, "April", PUBLISHED) == "2015-04"   # news: the passage holds the month
    assert value_of(passage, "April", None) == "2015-04"        # history: the story's year


def test_in_news_the_publication_date_takes_over_when_the_passage_is_far_behind():
    text = ("Im Februar 2015 unterzeichneten beide Seiten ein Abkommen. " + "Die Lage blieb lange ruhig. " * 12
            + "Im Januar reiste der Kanzler nach Kiew.")
    assert value_of(text, "Januar", PUBLISHED) == "2024-01"


def test_a_back_step_keeps_a_month_in_the_passage_year():
    text = ("Im Juli 2023 trat das Gesetz in Kraft. Bereits im Januar hatte das Parlament darüber beraten.")
    # without the back-step the publication date (February 2024) would read "Januar" as January 2024
    assert value_of(text, "Januar", dt.date(2024, 2, 10)) == "2023-01"


def test_the_resolver_moves_with_every_date_in_a_history_but_only_with_full_dates_in_news():
    lx = load_lexicon("de")
    text = "x" * 100
    history, news = ReferenceTime(text, None, lx), ReferenceTime(text, PUBLISHED, lx)
    for rt in (history, news):
        rt.advance(0, 10, dt.date(1940, 5, 10), "day", absolute=True, inferred=False)
        rt.advance(20, 30, dt.date(1940, 6, 1), "month", absolute=False, inferred=True)
    assert history.named_before(50) == (dt.date(1940, 6, 1), 30, "month")
    assert news.named_before(50) == (dt.date(1940, 5, 10), 10, "day")
    assert news.now() == (PUBLISHED, False)
    # a history counts from the story's date only at a precision it has: a month gives no day
    assert history.now("month") == (dt.date(1940, 6, 1), True) and history.now("day") == (None, False)


def test_clause_tense_decides_in_news_and_cue_words_in_a_history():
    lx = load_lexicon("de")
    text = "Die Armee hat am 24. Februar angegriffen."
    s = text.index("24.")
    e = s + len("24. Februar")
    assert ReferenceTime(text, dt.date(2022, 12, 23), lx).direction(s, e) < 0
    news = "Der Gipfel soll am 24. Februar stattfinden."
    s = news.index("24.")
    assert ReferenceTime(news, dt.date(2022, 12, 23), lx).direction(s, s + len("24. Februar")) > 0


def test_a_sentence_goes_on_in_the_time_before_it_unless_a_word_or_a_paragraph_moves_it():
    def second(text: str) -> bool:
        cut = text.index(".") + 1
        return continues(text, cut, cut + 1)

    assert second("Am Montag reiste Scholz nach Kiew. Dort traf er Selenskyj.")
    assert not second("Am Montag reiste Scholz nach Kiew. Zuvor hatte er Macron getroffen.")
    assert not second("Am Montag reiste Scholz nach Kiew. Später sprach er mit Biden.")
    assert not second("Am Montag reiste Scholz nach Kiew.\nDort traf er Selenskyj.")


def test_an_undated_sentence_that_steps_back_does_not_borrow_the_date_before_it():
    def dated(text: str) -> set[tuple]:
        return {(e.date, frozenset(e.actors)) for e in extract_events(
            Article(id="t", title="", body=text, published=PUBLISHED))}

    on = dated("Am Donnerstag besuchte Scholz Kiew. Dort traf er auch Macron.")
    assert any(d == dt.date(2024, 3, 7) and "Emmanuel Macron" in a for d, a in on)
    back = dated("Am Donnerstag besuchte Scholz Kiew. Zuvor hatte er Macron in Paris getroffen.")
    assert not any("Emmanuel Macron" in a for d, a in back)
