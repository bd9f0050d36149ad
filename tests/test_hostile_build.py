"""A build of the shipped data plus one hostile input of each kind the issue "No article can take the table
down" lists: every good article is built, every bad one is named, nothing else is lost."""
import datetime as dt
import json
import shutil

from pipeline.articles import Article
from pipeline.build import build
from pipeline.events import extract_events
from board.filters import MAX_SEARCH_WORDS, EventIndex, Filters
from pipeline.table import events_to_frame

from pipeline.table import read_table

from conftest import REPO, SEED


def _article(path, title, published, body):
    path.write_text(f"---\ntitle: {title}\npublished: {published}\n---\n{body}\n", encoding="utf-8")


def test_shipped_data_plus_every_hostile_kind_builds_the_good_and_names_the_bad(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    shutil.copytree(SEED.parent, folder)   # the shipped corpus
    _article(folder / "geschichte.txt", "Geschichte", "2022-10-21",
             "Im Jahr 1650 schlossen Schweden und Russland einen Friedensvertrag.")
    _article(folder / "zukunft.txt", "Zukunft", "2300-01-01", "In 300 Jahren treffen sich Russland und die Ukraine.")
    _article(folder / "lange-zeile.txt", "Lang", "2022-10-21", "Str. " * 40_000)
    _article(folder / "langer-satz.txt", "Satz", "2022-10-21", "Scholz kündigte Gespräche am Freitag an, " * 500)
    (folder / "leer.txt").write_text("", encoding="utf-8")
    (folder / "binaer.txt").write_bytes(b"\x00\x01\x02" * 1000)
    # UTF-8 with one Windows-1252 dash pasted in
    (folder / "gemischt.txt").write_bytes("---\ntitle: Gemischt\npublished: 2022-10-21\n---\nAm Freitag traf Scholz "
                                          "Macron in der Straße. Über die Grüße freuten sich alle. ".encode("utf-8")
                                          + b"Ein Zeichen: \x96 ok.\n")
    row = {"id": "../../geheim", "title": "Pfad", "published": "2022-10-21",
           "text": "Am Freitag telefonierte Scholz mit Macron."}
    lines = [json.dumps(row, ensure_ascii=False)]
    lines += ['{"id": "tief", "text": ' + "[" * 100_000 + "}", '{"id": "riesig", "published": ' + "1" * 5000 + "}"]
    (folder / "stapel.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("ZEITLEISTE_ARTICLE_SECONDS", "60")
    events, report = build(folder, tmp_path / "events.parquet", cache=False, workers=1)
    names = {a for a in events["article_id"]}
    assert SEED.stem in names and "geschichte" in names and "geheim" in names
    shipped = read_table(REPO / "data" / "events.parquet")
    assert set(shipped["event_id"]) <= set(events["event_id"])   # every shipped article built as without them
    assert (events["date"].dt.year == 1650).any()                  # the history date is a real row
    said = " ".join(report.problems + report.warnings)
    for bad in ("leer: empty", "binaer.txt", "stapel.jsonl line 2", "stapel.jsonl line 3", "gemischt.txt: 1 byte"):
        assert bad in said, bad


def test_an_article_over_its_time_budget_is_reported_and_skipped(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    _article(folder / "viele.txt", "Viele", "2022-10-21", "Am Freitag traf Scholz Macron. " * 3000)
    monkeypatch.setenv("ZEITLEISTE_ARTICLE_SECONDS", "0")
    events, report = build(folder, tmp_path / "events.parquet", cache=False, workers=1)
    assert any("viele" in p and "took longer than 0 s" in p for p in report.problems)
    assert any(SEED.stem in p for p in report.problems)   # with no time at all, every article is skipped
    monkeypatch.setenv("ZEITLEISTE_ARTICLE_SECONDS", "60")
    found = extract_events(Article(id="v", title="", body="Am Freitag traf Scholz Macron.",
                                   published=dt.date(2022, 10, 22)))
    assert found


def test_a_pasted_page_as_search_filters_by_its_first_distinct_words():
    events = extract_events(Article(id="a", title="", body="Am Freitag telefonierte Scholz mit Macron.",
                                    published=dt.date(2022, 10, 22)))
    index = EventIndex(events_to_frame(events))
    query = " ".join(["Scholz"] * 5000 + ["telefonierte"])
    assert len(index.select(Filters(text=query))) == 1
    assert len(index.select(Filters(text=" ".join(f"w{i}" for i in range(MAX_SEARCH_WORDS)) + " Scholz"))) == 0
