"""History and far-future dates: years outside pandas' nanosecond range (1677-2262) and before Christ.

The table holds dates as datetime64[ms]; years before Christ in astronomical numbering (490 BC is -489),
written as ISO 8601 extended years ("-0489-09-12"). Every step from the build to the page must keep them.
"""
import csv
import datetime as dt
import io
import json

import numpy as np
import pandas as pd
import pytest

from pipeline.build import build
from pipeline.dates import as_dates, iso_dates
from board.export import read_csv_export, to_csv_bytes, to_json_bytes, to_timelinejs_bytes
from board.figures import evidence_html, hover_texts, timeline_figure
from pipeline.ingest import ingest_files, rebuild_table
from board.filters import EventIndex, Filters
from pipeline.merge import merge_events
from board.network import contact_pairs
from pipeline.table import events_to_frame, read_table, write_table
from board.ui_text import Labels

from conftest import seed_events
from test_build_fake import fake_extract
from test_build_pipeline import article
from conftest import page, shown_dates

HISTORY = "Im Jahr 1650 schlossen Schweden und Russland einen Friedensvertrag."
FAR_FUTURE = "In 300 Jahren will Russland mit der Ukraine einen Friedensvertrag schließen."
LATE = "Scholz traf am Freitag Macron in Paris."
GOOD = "Bundeskanzler Olaf Scholz hat am Freitag mit dem ukrainischen Präsidenten Wolodymyr Selenskyj telefoniert."
MARATHON = "Im September 490 v. Chr. siegten die Athener bei Marathon über das Heer des Perserkönigs Dareios."


def _day_ms(iso: str) -> float:
    return float(np.datetime64(iso, "ms").astype(np.int64))


def _x_values(fig) -> set[float]:
    return {float(x) for trace in fig.data for x in trace.x if x == x}


def test_real_build_keeps_history_far_future_and_late_published_articles(tmp_path):
    arts = tmp_path / "a"
    article(arts, "gut.txt", GOOD)
    article(arts, "geschichte.txt", HISTORY)
    article(arts, "zukunft.txt", FAR_FUTURE)
    article(arts, "spaet.txt", LATE, published="2300-01-01")
    out = tmp_path / "events.parquet"
    df, report = build(arts, out, cache=False, workers=1)
    assert report.problems == [], report.summary()
    assert out.exists()
    by_article = {aid: rows for aid, rows in df.groupby("article_id")}
    assert set(by_article) == {"gut", "geschichte", "zukunft", "spaet"}
    peace = by_article["geschichte"].iloc[0]
    assert (peace.event_type, set(peace.actors)) == ("agreement", {"Schweden", "Russland"})
    assert (iso_dates(by_article["geschichte"]["date"])[0], iso_dates(by_article["geschichte"]["end"])[0]) == \
        ("1650-01-01", "1650-12-31")
    assert iso_dates(by_article["zukunft"]["date"])[0] == "2322-01-01"
    assert iso_dates(by_article["spaet"]["published"])[0] == "2300-01-01"
    # the stored table reads back equal, and the history event is filterable, drawn and downloadable
    stored = read_table(out)
    pd.testing.assert_frame_equal(stored.drop(columns=["sources", "n_sources", "date_conflict"]),
                                  df.drop(columns=["sources", "n_sources", "date_conflict"]))
    index = EventIndex(stored)
    view = index.select(Filters(start=dt.date(1600, 1, 1), end=dt.date(1700, 12, 31)))
    assert view["article_id"].tolist() == ["geschichte"]
    fig = timeline_figure(view, Labels("de"))
    assert fig.layout.meta["events"] == 1
    assert _x_values(fig) & {_day_ms("1650-01-01"), _day_ms("1651-01-01")}  # the year's span, start and end
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(view).decode("utf-8-sig")), delimiter=";"))
    assert [(r["date"], r["end"], r["published"]) for r in rows] == [("1650-01-01", "1650-12-31", "2022-10-21")]


@pytest.mark.parametrize("body, published, year", [(HISTORY, "2022-10-21", 1650), (FAR_FUTURE, "2022-10-21", 2322),
                                                   (LATE, "2300-01-01", 2299)])
def test_each_crash_alone_now_builds_with_the_good_article(tmp_path, body, published, year):
    """Each of these used to stop the whole build with OutOfBoundsDatetime."""
    arts = tmp_path / "a"
    article(arts, "gut.txt", GOOD)
    article(arts, "neu.txt", body, published=published)
    df, report = build(arts, tmp_path / "events.parquet", cache=False, workers=1)
    assert report.problems == []
    assert sorted(df["article_id"]) == ["gut", "neu"]
    assert df.loc[df["article_id"] == "neu", "date"].iloc[0].year == year
    assert len(read_table(tmp_path / "events.parquet")) == 2


def _raises_on_frame(article):
    """A stand-in step whose one bad article yields an event the table cannot take (actors not a list)."""
    events = fake_extract(article)
    if "KAPUTT" in article.body:
        events[0]["actors"] = 17
    return events


def test_an_event_the_table_cannot_take_costs_only_its_article(tmp_path):
    arts = tmp_path / "a"
    article(arts, "gut.txt", "call|2022-05-13|Lloyd Austin,Sergej Schoigu|Austin telefonierte mit Schoigu.")
    article(arts, "kaputt.txt", "call|2022-05-14|Olaf Scholz|KAPUTT")
    article(arts, "auch_gut.txt", "meeting|2022-05-15|Olaf Scholz,Emmanuel Macron|Scholz traf Macron.")
    df, report = build(arts, tmp_path / "events.parquet", func=_raises_on_frame, cache=False, workers=1)
    assert sorted(df["article_id"]) == ["auch_gut", "gut"]
    assert len(report.problems) == 1 and report.problems[0].startswith("kaputt: could not be processed (TypeError")


def bc_frame():
    """The seed table plus a battle of 490 BC, a treaty of 1650, a plan for 2322 and a year 12000."""
    events = seed_events()
    extra = [("-0489-09-12", "-0489-09-12", "day", "Marathon", ["Athen", "Persien"]),
             ("1650-01-01", "1650-12-31", "year", "Friedensvertrag", ["Schweden", "Russland"]),
             ("2322-01-01", "2322-12-31", "year", "Friedensplan", ["Russland", "Ukraine"]),
             ("+12000-01-01", "+12000-01-01", "day", "Fernziel", ["Ukraine"])]
    for n, (date, end, precision, word, actors) in enumerate(extra):
        events.append(dict(events[0], event_id=f"hist-{n}", date=date, end=end, precision=precision,
                           timex=date, date_text=word, event_type="agreement", actors=actors, countries=actors,
                           sentence=f"{MARATHON} {word}.", article_id="hist", published="2300-01-01",
                           char_start=None, char_end=None))
    return events_to_frame(events)


def test_iso_text_round_trips_years_before_christ_and_beyond_9999():
    text = ["-0489-09-12", "0000-12-31", "0999-01-02", "1650-01-01", "2322-12-31", "+12000-01-01", ""]
    dates = as_dates(pd.Series(text, dtype=object))
    assert str(dates.dtype) == "datetime64[ms]"
    assert dates.iloc[0].year == -489 and dates.iloc[5].year == 12000 and pd.isna(dates.iloc[6])
    assert list(iso_dates(dates)) == text
    assert list(iso_dates(as_dates(pd.Series([dt.date(1650, 3, 1), None], dtype=object)))) == ["1650-03-01", ""]


def test_table_with_bc_and_far_future_years_loads_filters_and_downloads(tmp_path):
    df = bc_frame()
    assert iso_dates(df["date"])[0] == "-0489-09-12"  # sorted first
    write_table(df, tmp_path / "events.parquet")
    table = read_table(tmp_path / "events.parquet")
    pd.testing.assert_frame_equal(table, df)
    pd.testing.assert_frame_equal(read_csv_export(to_csv_bytes(table)), table)
    records = json.loads(to_json_bytes(table))
    assert [r["date"] for r in records if r["article_id"] == "hist"] == \
        ["-0489-09-12", "1650-01-01", "2322-01-01", "+12000-01-01"]
    timeline = list(csv.DictReader(io.StringIO(to_timelinejs_bytes(table).decode("utf-8"))))
    assert (timeline[0]["Year"], timeline[0]["Month"], timeline[0]["Day"]) == ("-489", "9", "12")
    assert timeline[-1]["Year"] == "12000"
    index = EventIndex(table)
    assert [iso_dates(index.select(Filters(end=dt.date(1, 1, 1)))["date"])[0]] == ["-0489-09-12"]
    assert index.select(Filters(start=dt.date(2300, 1, 1)))["date_text"].tolist() == ["Friedensplan", "Fernziel"]
    labels = Labels("de")
    fig = timeline_figure(table, labels)
    assert {_day_ms("-0489-09-12") + 43_200_000, _day_ms("2322-01-01")} <= _x_values(fig)
    hover = hover_texts(table, labels)
    assert "12.09.490 v. Chr." in hover.iloc[0] and "01.01.1650–31.12.1650" in hover.iloc[1]
    assert "12.09.490 BC" in hover_texts(table, Labels("en")).iloc[0]
    assert "12.09.490 v. Chr." in evidence_html(table.iloc[0], labels, {})
    pairs = contact_pairs(table, types=("agreement",))
    athens = pairs[pairs["actor_a"] == "Athen"].iloc[0]
    assert iso_dates(pd.Series([athens["first"], athens["last"]])).tolist() == ["-0489-09-12", "-0489-09-12"]


def test_merge_joins_two_reports_of_a_history_event_and_names_conflicts():
    events = seed_events()[:1]
    one = dict(events[0], event_id="a-0", article_id="a", date="1650-01-01", end="1650-12-31",
               actors=["Schweden", "Russland"], event_type="agreement")
    two = dict(one, event_id="b-0", article_id="b", date="1650-05-01", end="1650-05-31", source="https://b.example")
    old = dict(one, event_id="c-0", article_id="c", date="-0489-09-12", end="-0489-09-12")
    merged, mentions = merge_events(events_to_frame([one, two, old]))
    assert len(merged) == 2 and len(mentions) == 3
    treaty = merged[merged["n_sources"] == 2].iloc[0]
    assert treaty["date_conflict"] == "1650-01-01..1650-12-31 (a); 1650-05-01..1650-05-31 (b)"
    assert iso_dates(merged["date"]).tolist() == ["-0489-09-12", "1650-05-01"]


def test_page_renders_history_and_bc_years_and_filters_them(data_dir):
    write_table(bc_frame(), data_dir / "events.parquet")
    at = page()
    assert not at.exception
    assert at.markdown[0].value == "11 von 11 Ereignissen"
    table = at.dataframe(key="table").value
    assert len(table) == 11
    at = page({"from": "1600-01-01", "to": "1700-12-31"})
    assert not at.exception
    assert shown_dates(at) == ["1650-01-01"]


def test_upload_of_a_history_article_and_the_next_upload_both_reach_the_table(tmp_path):
    """The page's path (store, extract into the cache, build from it): one history article used to make this
    and every later upload fail, and leave the page without a table."""
    articles, table = tmp_path / "articles", tmp_path / "events.parquet"
    for name, body in [("geschichte.txt", HISTORY), ("gut.txt", GOOD)]:
        text = f"---\ntitle: {name}\npublished: 2022-10-21\n---\n{body}\n".encode()
        report = ingest_files([(name, text)], articles)
        _, build_report = rebuild_table(articles, table, report.saved)
        assert build_report.problems == []
    assert build_report.cached == 2  # both from the cache the uploads filled, history dates included
    stored = read_table(table)
    assert stored["title"].tolist() == ["geschichte.txt", "gut.txt"]
    assert iso_dates(stored["date"]).tolist() == ["1650-01-01", "2022-10-21"]
