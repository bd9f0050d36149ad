"""board/review.py without Streamlit: the queue's order, the review filter, what the form offers and the
correction records its values make, applied by a real build of two German articles (tests/review_articles.py)."""
from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from board import review as rv
from board.figures import evidence_html, hover_texts
from board.filters import EventIndex, Filters
from board.ui_text import Labels
from pipeline.articles import read_article
from pipeline.build import build
from pipeline.corrections import corrections_path_for, read_corrections_strict, record
from pipeline.table import read_table

from conftest import REPO
from review_articles import AID, CALL, HILFE_ID, KIEW_ID, MEETING, MISSED, NATO, TRAIN, TRIP, built_data


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return built_data(tmp_path_factory.mktemp("review") / "data", REPO)


@pytest.fixture
def data(template, tmp_path):
    return shutil.copytree(template, tmp_path / "data")


def _table(data):
    return read_table(data / "events.parquet")


def _row(df, part):
    hits = df[df["sentence"].str.contains(part, regex=False)]
    assert len(hits) == 1, (part, df["sentence"].tolist())
    return hits.iloc[0]


def _rebuild(data):
    events, report = build([data / "articles"], data / "events.parquet", workers=1)
    return events, report.summary()


def test_the_queue_lists_unreviewed_events_least_sure_first_and_skipped_ones_last(data):
    df = _table(data)
    queue = rv.review_queue(df)
    assert len(queue) == 6
    assert TRAIN in queue.iloc[0]["sentence"]                     # confidence 0.4: the least sure
    assert list(queue["confidence"]) == sorted(queue["confidence"])
    skipped = rv.review_queue(df, skipped=[queue.iloc[0]["event_id"]])
    assert TRAIN in skipped.iloc[-1]["sentence"] and len(skipped) == 6
    # a reviewed event leaves the queue
    reviewed = df.assign(review=["confirmed" if TRAIN in s else "machine" for s in df["sentence"]])
    assert not rv.review_queue(reviewed)["sentence"].str.contains(TRAIN).any()
    assert len(rv.review_queue(reviewed)) == 5


def test_review_filter_keeps_reviewed_or_unreviewed_events(data):
    df = _table(data)
    states = ["confirmed", "corrected", "added", "machine", "machine", "machine"]
    index = EventIndex(df.assign(review=states))
    assert list(index.select(Filters(review="reviewed"))["review"]) == ["confirmed", "corrected", "added"]
    assert set(index.select(Filters(review="needs_review"))["review"]) == {"machine"}
    assert len(index.select(Filters(review="needs_review"))) == 3
    assert len(index.select(Filters())) == 6
    # a table built before the review has no column: every event needs review, none is reviewed
    old = EventIndex(df.drop(columns=["review", "review_key"]))
    assert len(old.select(Filters(review="needs_review"))) == 6 and old.select(Filters(review="reviewed")).empty
    assert not rv.can_review(df.drop(columns=["review_key"])) and rv.can_review(df)


def test_the_form_offers_the_event_as_it_is_and_records_only_what_changed(data):
    df = _table(data)
    meeting = _row(df, MEETING)
    start = rv.form_values(meeting)
    assert start == rv.EventForm(dt.date(2023, 4, 13), dt.date(2023, 4, 13), "day", "meeting",
                                 ("Annalena Baerbock", "Dmytro Kuleba"), "happened")
    with pytest.raises(rv.FormProblem) as nothing:
        rv.correction_from_form(meeting, start)
    assert nothing.value.key == "review_nothing_changed"
    # a period: date, end and precision together
    moved = rv.correction_from_form(meeting, rv.EventForm(dt.date(2023, 4, 12), dt.date(2023, 4, 13), "range",
                                                          "meeting", start.actors, "happened"), note="zwei Tage")
    assert moved.action == "correct" and moved.note == "zwei Tage"
    assert moved.change == {"date": "2023-04-12", "end": "2023-04-13", "precision": "range"}
    assert moved.key["type"] == "meeting" and moved.old["date"] == "2023-04-13"
    # only the date moved: a day stays a day (its end follows)
    day = rv.correction_from_form(meeting, rv.EventForm(dt.date(2023, 4, 12), start.end, "day", "meeting",
                                                        start.actors, "happened"))
    assert day.change == {"date": "2023-04-12", "end": "2023-04-12", "precision": "day"}
    other = rv.correction_from_form(meeting, rv.EventForm(start.date, start.end, "day", "negotiation",
                                                          ("Baerbock", "Kuleba", "Selenskyj"), "planned"))
    assert other.change == {"event_type": "negotiation", "actors": ["Baerbock", "Kuleba", "Selenskyj"],
                            "status": "planned"}
    with pytest.raises(rv.FormProblem) as reversed_:
        rv.correction_from_form(meeting, rv.EventForm(dt.date(2023, 4, 14), dt.date(2023, 4, 2), "range",
                                                      "meeting", start.actors, "happened"))
    assert reversed_.value.key == "review_end_before_date"
    with pytest.raises(rv.FormProblem):
        rv.correction_from_form(meeting, rv.EventForm(None, None, "day", "meeting", start.actors, "happened"))


def test_a_missed_sentence_of_an_article_gets_its_date_offered_and_a_key_at_its_span(data):
    article = read_article(data / "articles" / f"{HILFE_ID}.txt")
    sentences = rv.article_sentences(article)
    assert MISSED in sentences and all(s in article.body for s in sentences)
    assert rv.date_in_sentence(MISSED, article.published) is None          # no date of its own
    guess = rv.date_in_sentence("Die Bundesregierung hat am Dienstag beraten.", article.published)
    assert (guess.date_text, guess.date, guess.precision) == ("Dienstag", dt.date(2023, 4, 18), "day")
    form = rv.EventForm(dt.date(2023, 4, 18), None, "day", "statement", ("Selenskyj",), "happened")
    added = rv.added_event(MISSED, form, article=article, note="Videobotschaft vom Dienstag")
    at = article.body.index(MISSED)
    assert added.action == "add" and added.key["start"] == at and added.key["end"] == at + len(MISSED)
    assert added.key["article"] == article.content_hash
    assert added.change["date"] == added.change["end"] == "2023-04-18"
    with pytest.raises(rv.FormProblem) as elsewhere:
        rv.added_event("Diesen Satz gibt es im Artikel nicht.", form, article=article)
    assert elsewhere.value.key == "review_sentence_not_in_article"
    typed = rv.added_event("  Am Abend  telefonierte Scholz mit Selenskyj. ",
                           rv.EventForm(form.date, form.end, "day", "call", ("Scholz",), "happened"))
    assert typed.change["sentence"] == "Am Abend telefonierte Scholz mit Selenskyj." and typed.key["article"] == ""
    with pytest.raises(rv.FormProblem) as empty:
        rv.added_event("  ", form)
    assert empty.value.key == "review_needs_sentence"
    with pytest.raises(rv.FormProblem) as untyped:
        rv.added_event(MISSED, rv.EventForm(form.date, None, "day", "", (), "happened"), article=article)
    assert untyped.value.key == "review_needs_type"


def test_merge_candidates_are_near_in_date_same_type_first(data):
    df = _table(data)
    meeting = _row(df, MEETING)
    near = rv.merge_candidates(df, meeting, days=7)
    # the train ride (a day before) and the aid package (five days after); the call (ten days before) and the
    # Nato meeting (two months after) lie too far
    assert [TRAIN in x or AID in x for x in near["sentence"]] == [True, True]
    assert TRAIN in near.iloc[0]["sentence"]
    # an event of the same type comes first, though farther
    same = df.assign(event_type=["meeting" if AID in x else t for x, t in zip(df["sentence"], df["event_type"])])
    assert AID in rv.merge_candidates(same, meeting, days=7).iloc[0]["sentence"]
    with pytest.raises(rv.FormProblem):
        rv.merge(meeting, meeting)


def test_form_records_survive_a_rebuild_with_their_states(data):
    """What the page does on a click: the record of board/review.py, written by pipeline.corrections.record,
    then a build; the states show in the table, the hover and the evidence card."""
    df = _table(data)
    path = corrections_path_for(data / "events.parquet")
    train, call, meeting, aid = (_row(df, x) for x in (TRAIN, CALL, MEETING, AID))
    record(path, rv.verdict("reject", train, note="keine Begegnung"))
    record(path, rv.verdict("confirm", call))
    start = rv.form_values(meeting)
    record(path, rv.correction_from_form(meeting, rv.EventForm(dt.date(2023, 4, 12), dt.date(2023, 4, 12),
                                                               "day", "meeting", start.actors, "happened")))
    article = read_article(data / "articles" / f"{HILFE_ID}.txt")
    record(path, rv.added_event(MISSED, rv.EventForm(dt.date(2023, 4, 18), None, "day", "statement",
                                                     ("Selenskyj",), "happened"), article=article))
    record(path, rv.merge(aid, _row(df, TRIP)))
    assert [c.action for c in read_corrections_strict(path)] == ["reject", "confirm", "correct", "add", "merge"]
    events, summary = _rebuild(data)
    assert "5 of 5 corrections applied" in summary
    assert not events["sentence"].str.contains(TRAIN).any()
    assert _row(events, CALL)["review"] == "confirmed"
    moved = _row(events, MEETING)
    assert moved["review"] == "corrected" and str(moved["date"].date()) == "2023-04-12"
    added = _row(events, MISSED)
    assert added["review"] == "added" and added["actors"] == ["Wolodymyr Selenskyj"]
    assert added["article_id"] == HILFE_ID
    merged = _row(events, AID)
    assert TRIP in merged["evidence"] and merged["review"] == "corrected"
    assert _row(events, NATO)["review"] == "machine"
    rejected = read_table(data / "rejected.parquet")
    assert list(rejected["review"]) == ["rejected"] and TRAIN in rejected["sentence"].iloc[0]

    de, en = Labels("de"), Labels("en")
    hover = dict(zip(events["sentence"], hover_texts(events, de, compact=False)))
    assert hover[added["sentence"]].endswith("Prüfung: von Hand ergänzt")
    assert hover[_row(events, NATO)["sentence"]].endswith("Prüfung: maschinell")
    assert hover_texts(events, en, compact=False).str.contains("Review: corrected").sum() == 2
    compact = dict(zip(events["sentence"], hover_texts(events, de, compact=True)))   # views over 5,000 events
    assert compact[added["sentence"]] == "Wolodymyr Selenskyj<br>Prüfung: von Hand ergänzt"
    assert compact[_row(events, NATO)["sentence"]] == "NATO"                          # machine: actors only
    card = evidence_html(moved, de, {})
    assert 'data-review="corrected"' in card and "Prüfung: <b>korrigiert</b>" in card
    # undo: a confirm of the rejected event brings it back, confirmed
    record(path, rv.verdict("confirm", rejected.iloc[0].to_dict()))
    events, summary = _rebuild(data)
    assert _row(events, TRAIN)["review"] == "confirmed" and "6 of 6 corrections applied" in summary
    assert read_table(data / "rejected.parquet").empty


def test_split_takes_a_mention_out_of_its_event(data):
    df = _table(data)
    path = corrections_path_for(data / "events.parquet")
    record(path, rv.merge(_row(df, AID), _row(df, TRIP)))
    events, _ = _rebuild(data)
    merged = _row(events, AID)
    mentions = pd.read_parquet(data / "mentions.parquet")
    parts = rv.split_choices(mentions[mentions["merged_id"] == merged["event_id"]])
    assert len(parts) == 2
    trip = parts[parts["sentence"].str.contains(TRIP, regex=False)].iloc[0].to_dict()
    record(path, rv.split(trip, note="zwei Ereignisse"))
    events, summary = _rebuild(data)
    assert len(events) == 6 and "2 of 2 corrections applied (1 merge, 1 split)" in summary
    assert _row(events, TRIP)["review"] == "corrected"
    assert rv.split_choices(mentions[mentions["merged_id"] == _row(df, NATO)["event_id"]]).empty


def test_kiew_article_is_the_one_with_the_meeting(data):
    """The fixture's articles are what the tests above assume (ids and what the extractor finds)."""
    df = _table(data)
    assert set(df["article_id"]) == {KIEW_ID, HILFE_ID} and len(df) == 6
    assert set(rv.review_states(df)) == {"machine"}
