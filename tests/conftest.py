"""Shared fixtures: a hand-made event table of the seed article (DESIGN.md's worked example), so the
page tests do not depend on the extraction pipeline, a temporary data folder holding it, a stand-in for the
extractor (stand_in), and the page run by Streamlit's AppTest (page, shown_dates)."""
from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.articles import read_article
from pipeline.table import events_to_frame, write_table

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "articles" / "2022-10-21_austin-schoigu-telefonat.txt"
SEED_URL = "https://example.org/ukraine-krieg-austin-schoigu"

S_WAR = ("Es war das zweite Gespräch zwischen Austin und Schoigu seit Beginn des russischen Angriffskriegs "
         "gegen die Ukraine am 24. Februar.")
S_MAY = ("Das letzte Gespräch der beiden Minister fand am 13. Mai statt – wenige Tage vor einem Telefonat "
         "zwischen dem russischen Generalstabschef Waleri Gerassimow und seinem US-Kollegen Mark Milley am 19. Mai.")
S_BIDEN = ("Biden seinerseits hatte ein solches nicht ausgeschlossen und am 6. Oktober vor Journalisten gesagt: "
           "«Es bleibt abzuwarten.»")
S_PUTIN = ("Mit Blick auf den für Mitte November in Indonesien geplanten G20-Gipfel sagte der russische Präsident "
           "Wladimir Putin in der vergangenen Woche, er sehe «keine Notwendigkeit» für ein persönliches Treffen "
           "mit US-Präsident Joe Biden.")
S_FRIDAY = ("Austin habe bei dem Gespräch am Freitag «die Bedeutung einer Beibehaltung von Kommunikationswegen "
            "inmitten des andauernden Kriegs gegen die Ukraine hervorgehoben», erklärte das US-Verteidigungsministerium.")

# (date, end, precision, timex, date_text, type, status, actors, countries, sentence)
_SEED_EVENTS = [
    ("2022-02-24", "2022-02-24", "day", "2022-02-24", "am 24. Februar", "war_start", "happened",
     ["Russland", "Ukraine"], ["Russland", "Ukraine"], S_WAR),
    ("2022-05-13", "2022-05-13", "day", "2022-05-13", "am 13. Mai", "call", "happened",
     ["Lloyd Austin", "Sergej Schoigu"], ["USA", "Russland"], S_MAY),
    ("2022-05-19", "2022-05-19", "day", "2022-05-19", "am 19. Mai", "call", "happened",
     ["Waleri Gerassimow", "Mark Milley"], ["Russland", "USA"], S_MAY),
    ("2022-10-06", "2022-10-06", "day", "2022-10-06", "am 6. Oktober", "statement", "happened",
     ["Joe Biden"], ["USA"], S_BIDEN),
    ("2022-10-10", "2022-10-16", "week", "2022-W41", "in der vergangenen Woche", "statement", "happened",
     ["Wladimir Putin", "Joe Biden"], ["Russland", "USA"], S_PUTIN),
    ("2022-10-21", "2022-10-21", "day", "2022-10-21", "am Freitag", "call", "happened",
     ["Lloyd Austin", "Sergej Schoigu"], ["USA", "Russland"], S_FRIDAY),
    ("2022-11-11", "2022-11-20", "month", "2022-11 MID", "Mitte November", "summit", "planned",
     ["G20"], ["Indonesien"], S_PUTIN),
]


def seed_events(article_id: str = SEED.stem, source: str = SEED_URL) -> list[dict]:
    body = read_article(SEED).body
    events = []
    for n, (date, end, prec, timex, text, etype, status, actors, countries, sentence) in enumerate(_SEED_EVENTS):
        offset = body.index(sentence) + sentence.index(text)
        events.append(dict(
            event_id=f"{article_id}-{n:02d}", date=date, end=end, precision=prec, timex=timex, date_text=text,
            event_type=etype, status=status, actors=actors, countries=countries, sentence=sentence,
            article_id=article_id, title="Ukraine-Krieg: US-Verteidigungschef telefoniert mit Russen-Kollegen",
            source=source, published="2022-10-21", char_start=offset, char_end=offset + len(text)))
    return events


@pytest.fixture
def seed_frame():
    return events_to_frame(seed_events())


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A data folder like data/ with the seed article and its hand-made table; the page reads it
    through ZEITLEISTE_DATA_DIR."""
    folder = tmp_path / "data"
    (folder / "articles").mkdir(parents=True)
    shutil.copy(SEED, folder / "articles" / SEED.name)
    write_table(events_to_frame(seed_events()), folder / "events.parquet")
    monkeypatch.setenv("ZEITLEISTE_DATA_DIR", str(folder))
    return folder


STAND_IN_NAMES = ("Dmytro Kuleba", "Antony Blinken", "Olaf Scholz")


def stand_in_extract(article):
    """Seed article -> its seven hand-made events; any other -> one meeting of the names it mentions."""
    if article.body.strip() == SEED.read_text(encoding="utf-8").split("---\n", 2)[2].strip():
        return seed_events(article_id=article.id, source=article.source)
    actors = [n for n in STAND_IN_NAMES if n in article.body]
    return [dict(event_id=f"{article.id}-0", date=article.published, end=article.published, precision="day",
                 timex=article.published.isoformat(), date_text="am Montag", event_type="meeting",
                 status="happened", actors=actors, countries=[], sentence=article.body.strip().split(". ")[0] + ".",
                 article_id=article.id, title=article.title, source=article.source, published=article.published,
                 char_start=0, char_end=0)]


@pytest.fixture
def stand_in(monkeypatch):
    """pipeline.events replaced by stand_in_extract: page and build tests that need a build but not the extractor."""
    module = types.ModuleType("pipeline.events")
    module.extract_events = stand_in_extract
    monkeypatch.setitem(sys.modules, "pipeline.events", module)
    monkeypatch.delitem(sys.modules, "pipeline.build", raising=False)  # re-import against the stand-in
    yield
    sys.modules.pop("pipeline.build", None)


def page(query=None):
    """dashboard.py run once by AppTest (on ZEITLEISTE_DATA_DIR, e.g. the data_dir fixture) with URL parameters."""
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params.update(query or {})
    return at.run()


def shown_dates(at):
    """The dates of the page's table, first column ("Datum" / "Date"), as ISO text."""
    table = at.dataframe(key="table").value
    return [d.date().isoformat() for d in table[table.columns[0]]]
