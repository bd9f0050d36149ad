"""The list of stored articles on the page (view "articles"): open, rename, redate, delete with a confirmation and
undo; after each change the event table is rebuilt from the articles. And the pipeline's messages in the page's
language."""
import datetime as dt
import re

from streamlit.testing.v1 import AppTest

from board.ui_text import Labels
from pipeline.articles import read_article
from pipeline.table import read_table

from conftest import REPO, SEED

APP = str(REPO / "dashboard.py")
SECOND = ("---\ntitle: Kuleba trifft Blinken\npublished: 2023-02-01\nsource: https://example.org/k\n---\n"
          "Der ukrainische Außenminister Dmytro Kuleba hat am Mittwoch in Washington US-Außenminister Antony "
          "Blinken getroffen.\n")


def page(query=None):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query or {"view": "articles"})
    return at.run()


def button(at, label):
    (found,) = [b for b in at.button if b.label == label]
    return found


def pick(at, name):
    at.selectbox(key="art_pick").set_value(name).run()
    assert not at.exception
    return at


def test_the_list_names_each_article_with_title_date_source_and_events(data_dir):
    (data_dir / "articles" / "kuleba.txt").write_text(SECOND, encoding="utf-8")
    at = page()
    assert not at.exception
    df = at.dataframe[0].value
    assert list(df.columns) == ["Titel", "Datum", "Quelle", "Ereignisse", "Datei"]
    rows = df.set_index("Datei")
    assert rows.loc[SEED.name, "Titel"] == "Ukraine-Krieg: US-Verteidigungschef telefoniert mit Russen-Kollegen"
    assert rows.loc[SEED.name, "Ereignisse"] == 7  # the seed table's seven events
    assert rows.loc["kuleba.txt", "Quelle"] == "https://example.org/k"
    assert rows.loc["kuleba.txt", "Ereignisse"] == 0  # not yet in the table
    assert any(c.value.startswith("2 gespeicherte Artikel") for c in at.caption)


def test_open_shows_the_text_and_rename_rebuilds_the_table(data_dir):
    at = pick(page(), SEED.name)
    body = read_article(SEED).body
    assert [t.value.strip() for t in at.text] == [body.strip()]  # the article's text, as text
    at.text_input(key=f"art_title_{SEED.name}").set_value("Austin spricht mit Schoigu")
    button(at, "Titel und Datum speichern").click().run()
    assert not at.exception
    assert read_article(data_dir / "articles" / SEED.name).title == "Austin spricht mit Schoigu"
    assert read_article(data_dir / "articles" / SEED.name).body == body  # nothing of the text lost
    table = read_table(data_dir / "events.parquet")
    assert len(table) and set(table["title"]) == {"Austin spricht mit Schoigu"}  # rebuilt from the article
    said = [s.value for s in at.success]
    assert "Der Artikel ist geändert." in said and "Die Ereignistabelle ist neu erstellt." in said
    assert at.dataframe[0].value.set_index("Datei").loc[SEED.name, "Titel"] == "Austin spricht mit Schoigu"


def test_redate_moves_the_relative_dates_with_the_article(data_dir):
    at = pick(page(), SEED.name)
    at.date_input(key=f"art_date_{SEED.name}").set_value(dt.date(2022, 10, 28))  # a week later, a Friday too
    button(at, "Titel und Datum speichern").click().run()
    assert not at.exception
    table = read_table(data_dir / "events.parquet")
    assert set(table["published"].dt.date) == {dt.date(2022, 10, 28)}
    calls = table[(table["date_text"] == "am Freitag") & (table["event_type"] == "call")]
    assert list(calls["date"].dt.date) == [dt.date(2022, 10, 28)]  # "am Freitag" is now that Friday


def test_delete_asks_first_then_moves_aside_and_undo_brings_it_back(data_dir):
    (data_dir / "articles" / "kuleba.txt").write_text(SECOND, encoding="utf-8")
    at = pick(page(), SEED.name)
    at.button(key="art_delete").click().run()
    assert (data_dir / "articles" / SEED.name).exists()  # asked, not yet done
    assert any("löschen? Die Datei wird beiseitegelegt" in w.value for w in at.warning)
    at.button(key="art_delete_no").click().run()
    assert (data_dir / "articles" / SEED.name).exists() and not at.button(key="art_delete").disabled

    at = pick(at, SEED.name)
    at.button(key="art_delete").click().run()
    at.button(key="art_delete_yes").click().run()
    assert not at.exception
    assert not (data_dir / "articles" / SEED.name).exists()
    (moved,) = (data_dir / "articles.deleted").rglob(SEED.name)
    assert moved.read_bytes() == SEED.read_bytes()
    table = read_table(data_dir / "events.parquet")
    assert SEED.stem not in set(table["article_id"])  # its events left the table
    assert any("ist gelöscht" in i.value for i in at.info)
    assert list(at.dataframe[0].value["Datei"]) == ["kuleba.txt"]

    at.button(key="art_undo_button").click().run()
    assert not at.exception
    assert (data_dir / "articles" / SEED.name).read_bytes() == SEED.read_bytes()
    table = read_table(data_dir / "events.parquet")
    assert (table["article_id"] == SEED.stem).sum() >= 5  # its events are back
    assert any("ist wiederhergestellt" in s.value for s in at.success)


def test_deleting_the_last_article_empties_the_table(data_dir):
    at = pick(page(), SEED.name)
    at.button(key="art_delete").click().run()
    at.button(key="art_delete_yes").click().run()
    assert not at.exception
    assert len(read_table(data_dir / "events.parquet")) == 0
    assert any("Noch keine Artikel" in i.value for i in at.info)


def test_an_empty_title_is_refused_in_the_page_language(data_dir):
    at = pick(page(), SEED.name)
    at.text_input(key=f"art_title_{SEED.name}").set_value("   ")
    button(at, "Titel und Datum speichern").click().run()
    # markdown-escaped on the page (the file name's "_")
    assert [w.value.replace("\\", "") for w in at.warning] == [f"{SEED.name}: ein Titel ist nötig"]
    assert read_article(data_dir / "articles" / SEED.name).title.startswith("Ukraine-Krieg")


def test_bulk_upload_problems_are_german_on_the_german_page_and_english_on_the_english(data_dir):
    rows = ('{"id": "a", "text": ""}\n[1, 2]\n{"id": "../../geheim", "title": "Lage", "published": "gestern", '
            '"text": "Die Lage an der Front bleibt angespannt, sagte der Sprecher am Montag in Kiew."}\n')
    at = page({"view": "add"})
    at.file_uploader[0].upload("stapel.jsonl", rows.encode(), "text/plain")
    at.button[0].click().run()
    assert not at.exception
    warned = [w.value for w in at.warning]
    assert "stapel.jsonl Zeile 1: kein Text" in warned
    assert "stapel.jsonl Zeile 2: kein JSON-Objekt" in warned
    assert any(w.startswith("stapel.jsonl Zeile 3: die ID") and "kein sicherer Dateiname" in w for w in warned)
    assert any("ungültiges Veröffentlichungsdatum" in w for w in warned)
    assert not any(re.search(r"\b(line|no text|not a JSON|invalid publication)\b", w) for w in warned)

    at.radio(key="lang").set_value("en").run()
    at.file_uploader[0].upload("stapel2.jsonl", rows.replace('"a"', '"b"').encode(), "text/plain")
    at.button[0].click().run()
    assert "stapel2.jsonl line 1: no text" in [w.value for w in at.warning]


def test_every_pipeline_message_has_a_german_text():
    # message("code", ...) and message("a" if ... else "b", ...) in the pipeline's sources
    call = re.compile(r"""\bmessage\(\s*"(\w+)"(?:\s+if\b[^,]*?else\s+"(\w+)")?""")
    codes = {c for path in (REPO / "pipeline").rglob("*.py") for pair in call.findall(path.read_text())
             for c in pair if c}
    assert {"pdf", "wrong_type", "empty_file", "row_no_text", "title_empty", "restore_taken"} <= codes
    german = Labels("de").own_mapping("messages")
    assert codes - set(german) == set()
