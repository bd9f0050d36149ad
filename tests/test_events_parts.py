"""A very large article read in parts on lent cores (pipeline/events_parts.py): the same rows as one pass where
the parts' paragraphs stand on their own, cuts at paragraph breaks, and the article's time budget holds in
every part."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

import pipeline.events as events
import pipeline.events_parts as events_parts
from pipeline.articles import Article
from pipeline.build import build
from pipeline.events_mentions import ArticleTooSlow
from pipeline.events_parts import LEAD_IN, cut_points, lead_in_start
from pipeline.lent_cores import lending, lent_cores

PARAGRAPHS = [
    "Am Montag telefonierte Bundeskanzler Olaf Scholz mit dem französischen Präsidenten Emmanuel Macron. "
    "Dabei ging es um weitere Hilfe für die Ukraine.",
    "Der ukrainische Präsident Wolodymyr Selenskyj traf am 3. Mai in Kiew den US-Außenminister Antony Blinken. "
    "Er dankte ihm für die Unterstützung.",
    "Russlands Außenminister Sergej Lawrow sprach am Mittwoch mit seinem chinesischen Kollegen Wang Yi.",
    "Am 12. April 2023 griff Russland die Stadt Odessa mit Drohnen an.",
    "Joe Biden und Olaf Scholz wollen sich am 20. Juli in Washington treffen, teilte das Weiße Haus mit.",
]


def _article(paragraphs: int) -> Article:
    body = "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] for i in range(paragraphs))
    return Article(id="lang", title="Ein langer Artikel", body=body, published=dt.date(2023, 6, 16))


def _rows(found) -> set[tuple]:
    return {(e.date, e.end, e.event_type, e.status, e.actors, e.char_start, e.evidence.count("\n") + 1)
            for e in found}


def test_cuts_fall_on_paragraph_breaks_and_lead_ins_start_a_paragraph():
    body = _article(40).body
    starts = cut_points(body, 3)
    assert len(starts) == 3 and starts[0] == 0
    for s in starts[1:]:
        assert body[s - 2:s] == "\n\n"   # each part begins a paragraph
        lead = lead_in_start(body, s)
        assert s - LEAD_IN - len(max(PARAGRAPHS, key=len)) <= lead < s
        assert lead == 0 or body[lead - 2:lead] == "\n\n"


def test_a_text_without_breaks_is_cut_at_a_space():
    body = "Scholz telefonierte am Freitag mit Macron und " * 1000
    starts = cut_points(body, 2)
    assert len(starts) == 2 and body[starts[1] - 1] == " "


def test_parts_give_the_rows_of_one_pass(monkeypatch):
    article = _article(60)
    one_pass = events.extract_events(article)
    assert len(one_pass) >= 5
    monkeypatch.setattr(events, "PARTS_FROM", 0)  # the article is small; read it in parts all the same
    with lending(2):
        in_parts = events.extract_events(article)
    assert _rows(in_parts) == _rows(one_pass)
    # the call on Monday is told in 12 paragraphs, on both sides of the cut: still one row with 12 mentions
    call = [e for e in in_parts if set(e.actors) == {"Olaf Scholz", "Emmanuel Macron"}]
    assert len(call) == 1 and call[0].evidence.count("\n") == 0 and "12 mentions" in call[0].confidence_reason


def test_the_time_budget_holds_in_every_part(monkeypatch):
    monkeypatch.setattr(events, "PARTS_FROM", 0)
    monkeypatch.setenv("ZEITLEISTE_ARTICLE_SECONDS", "0")
    with lending(2), pytest.raises(ArticleTooSlow):
        events.extract_events(_article(60))


def test_a_build_lends_its_cores_to_a_large_article(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "klein.txt").write_text("---\ntitle: Klein\npublished: 2023-06-16\n---\nAm 2. Juni telefonierte Olaf Scholz mit "
                                      "Wolodymyr Selenskyj über den russischen Krieg gegen die Ukraine.\n",
                                      encoding="utf-8")
    (folder / "gross.txt").write_text("---\ntitle: Gross\npublished: 2023-06-16\n---\n" + _article(200).body,
                                      encoding="utf-8")
    seen = []
    real = events.mentions_in_parts

    def spy(article, cores):
        seen.append((article.title, cores, lent_cores()))
        return real(article, cores)

    monkeypatch.setattr(events, "mentions_in_parts", spy)
    monkeypatch.setattr(events, "PARTS_FROM", 5_000)   # the large one only
    table, report = build([folder], tmp_path / "events.parquet", cache=False, workers=2)
    assert seen == [("Gross", 2, 2)]
    assert set(table["article_id"]) == {"klein", "gross"} and not report.problems
    # one core asked for: one pass, no parts
    seen.clear()
    build([folder], tmp_path / "events.parquet", cache=False, workers=1)
    assert seen == []


def test_parts_started_from_a_thread_are_spawned_and_give_the_same_rows(monkeypatch):
    # the page builds in a thread: its readers are spawned (a fork there could hang), with the same result
    article = _article(60)
    monkeypatch.setattr(events, "PARTS_FROM", 0)
    found, methods = {}, []
    real = events_parts._start_method
    monkeypatch.setattr(events_parts, "_start_method", lambda *a: methods.append(real(*a)) or methods[-1])

    def read():
        with lending(2):
            found["rows"] = events.extract_events(article)

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    alone = threading.active_count() == 1   # (other tests of the session may have left threads running)
    with lending(2):   # from a process with no other thread: forked
        here = events.extract_events(article)
    assert [m.get_start_method() for m in methods] == ["spawn", "fork" if alone else "spawn"]
    assert _rows(found["rows"]) == _rows(here) == _rows(events.extract_events(article))


def test_the_first_part_can_be_shorter():
    body = _article(400).body
    even, short = cut_points(body, 2), cut_points(body, 2, first=0.9)
    assert abs(even[1] - len(body) / 2) < 300
    assert abs(short[1] - len(body) * 0.9 / 1.9) < 300 and body[short[1] - 2:short[1]] == "\n\n"
