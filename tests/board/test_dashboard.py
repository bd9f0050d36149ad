"""The page with streamlit.testing.v1.AppTest on a temporary data folder (ZEITLEISTE_DATA_DIR)."""
import datetime as dt
import re
import shutil

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
import streamlit.testing.v1.app_test as app_test_module

from pipeline.articles import read_article
from board.export import TIMELINEJS_COLUMNS, read_csv_export
from board.figures import declutter_script
from board.widget_texts import MARK as WIDGET_TEXTS_MARK
from board.chart_preload import chart_preload_html
from pipeline.table import COLUMNS, events_to_frame, read_table, write_table

from conftest import REPO, SEED, page, seed_events, shown_dates

SEED_NAME = SEED.name

APP = str(REPO / "dashboard.py")


@pytest.fixture
def media(monkeypatch):
    """One media store shared by all runs, so a test can read what a download button serves."""
    storage = MemoryMediaFileStorage("/mock/media")
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", lambda *a, **k: storage)
    return storage


def download(at, storage, key):
    url = at.download_button(key=key).proto.url
    assert url, f"{key}: no file attached"
    return storage.get_file(url.rsplit("/", 1)[1]).content


def test_page_shows_the_seven_events(data_dir):
    at = page()
    assert not at.exception
    assert at.markdown[0].value == "7 von 7 Ereignissen"
    assert len(at.dataframe(key="table").value) == 7
    assert at.title[0].value == "Zeitleiste"


def test_actor_filter_and_csv_download_hold_exactly_the_filtered_rows(data_dir, media):
    at = page()
    at.multiselect(key="actor").set_value(["Sergej Schoigu"]).run()
    assert not at.exception
    assert shown_dates(at) == ["2022-05-13", "2022-10-21"]
    assert at.markdown[0].value == "2 von 7 Ereignissen"
    back = read_csv_export(download(at, media, "dl_download_csv"))
    assert list(back.columns) == COLUMNS
    table = read_table(data_dir / "events.parquet")
    expected = table[table["actors"].map(lambda xs: "Sergej Schoigu" in xs)].reset_index(drop=True)
    pd.testing.assert_frame_equal(back, expected)
    timeline = download(at, media, "dl_download_timelinejs").decode("utf-8")
    assert timeline.split("\r\n", 1)[0].split(",") == TIMELINEJS_COLUMNS
    assert len(timeline.strip().split("\r\n")) == 3
    assert b'"Sergej Schoigu"' in download(at, media, "dl_download_json")


def test_downloads_offer_a_standard_csv_and_an_excel_workbook(data_dir, media):
    import io

    at = page({"actor": "Schoigu"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Excel (.xlsx)", "CSV (Excel)", "CSV (Standard)", "JSON", "TimelineJS-Tabelle"]
    plain = download(at, media, "dl_download_csv_plain")
    assert not plain.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(plain))  # plain pandas, as a program reads a CSV
    assert back["date"].tolist() == ["2022-05-13", "2022-10-21"]
    assert back["actors"].tolist() == ["Lloyd Austin; Sergej Schoigu"] * 2
    assert list(back.columns[:len(COLUMNS)]) == COLUMNS
    xlsx = at.download_button(key="dl_download_xlsx").proto
    assert xlsx.deferred_file_id  # the workbook is written when clicked (Chromium test downloads it)
    assert "keine Zelle wird als Formel ausgewertet" in xlsx.help
    at.radio(key="lang").set_value("en").run()
    assert at.download_button(key="dl_download_csv_plain").proto.label == "CSV (standard)"
    assert "pandas.read_csv" in at.download_button(key="dl_download_csv_plain").proto.help


def test_filters_come_from_the_url(data_dir):
    # a shared link: a surname or an alias typed by a user, a type, a date range and a search word
    assert shown_dates(page({"actor": "Schoigu"})) == ["2022-05-13", "2022-10-21"]
    # the shipped gazetteer: "Shoigu" is an alias of Sergej Schoigu
    assert shown_dates(page({"actor": "Shoigu"})) == ["2022-05-13", "2022-10-21"]
    # bound widgets keep the option text as shown in the URL (German by default)
    at = page({"type": "Äußerung", "from": "2022-10-08"})
    assert shown_dates(at) == ["2022-10-10"]
    at = page({"lang": "en", "type": "statement", "to": "2022-10-08"})
    assert shown_dates(at) == ["2022-10-06"]
    at = page({"q": "Notwendigkeit", "status": "geplant"})
    assert shown_dates(at) == ["2022-11-11"]
    assert at.multiselect(key="status").value == ["planned"]
    assert at.date_input(key="from").value is None
    at = page({"from": "2022-05-14", "to": "2022-05-31"})
    assert at.date_input(key="from").value == dt.date(2022, 5, 14)
    assert shown_dates(at) == ["2022-05-19"]


def test_widget_values_are_bound_to_the_url(data_dir):
    at = page()
    # the bound key is written into each widget's protobuf as its query-parameter name; these widgets show
    # the same text in both languages
    protos = {w.key: w.proto for w in [*at.multiselect, *at.date_input, *at.text_input, *at.radio]}
    for key in ("actor", "from", "to", "q", "lang"):
        assert protos[key].query_param_key == key, key
    # choices shown as labels are written by the page as language-neutral keys, never as labels
    for key in ("type", "status", "view", "lanes"):
        assert not protos[key].query_param_key, key


def url(at, key) -> list:
    """The values of a query parameter as the page left it."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def test_language_switch_keeps_choices_and_the_url_holds_keys(data_dir):
    # an old link with the German labels of type and view
    at = page({"type": "Telefonat", "view": "Wer mit wem"})
    assert at.markdown[0].value == "3 von 7 Ereignissen"
    assert at.radio(key="view").value == "network" and at.multiselect(key="type").value == ["call"]
    assert url(at, "type") == ["call"] and url(at, "view") == ["network"]
    at.radio(key="lang").set_value("en").run()
    assert at.markdown[0].value == "3 of 7 events"
    assert at.radio(key="view").value == "network" and at.multiselect(key="type").value == ["call"]
    assert url(at, "type") == ["call"] and url(at, "view") == ["network"]
    at.radio(key="view").set_value("timeline").run()
    at.radio(key="lanes").set_value("actor").run()
    assert url(at, "lanes") == ["actor"] and url(at, "view") == []
    at.radio(key="lang").set_value("de").run()
    assert at.markdown[0].value == "3 von 7 Ereignissen"
    assert at.radio(key="lanes").value == "actor" and at.multiselect(key="type").value == ["call"]
    # the lanes survive a view without them
    at.radio(key="view").set_value("counts").run()
    at.radio(key="view").set_value("timeline").run()
    assert at.radio(key="lanes").value == "actor" and url(at, "lanes") == ["actor"]
    # English labels of old English links, and keys, open the same choices in either language
    for query in ({"lang": "en", "type": "call", "view": "network", "status": "happened"},
                  {"type": "call", "view": "Who talked to whom", "lanes": "nach Akteur", "status": "geschehen"}):
        at = page(query)
        assert not at.exception
        assert at.radio(key="view").value == "network" and at.multiselect(key="type").value == ["call"]
        assert at.multiselect(key="status").value == ["happened"]
        assert url(at, "status") == ["happened"]
    assert url(at, "lanes") == ["actor"]
    # an unknown value is dropped from the page and the URL
    at = page({"view": "Kalender", "type": "Fax"})
    assert at.radio(key="view").value == "timeline" and at.multiselect(key="type").value == []
    assert url(at, "view") == [] and url(at, "type") == []


def test_english_switch(data_dir):
    at = page({"lang": "en"})
    assert at.markdown[0].value == "7 of 7 events"
    assert "Date" in at.dataframe(key="table").value.columns
    assert "call" in set(at.dataframe(key="table").value["Event type"])
    at = page()
    assert "Telefonat" in set(at.dataframe(key="table").value["Ereignistyp"])


def test_network_and_counts_views(data_dir):
    at = page({"view": "Wer mit wem"})
    assert not at.exception
    pairs = at.dataframe[0].value
    assert pairs.iloc[0][["Akteur A", "Akteur B", "Anzahl"]].tolist() == ["Lloyd Austin", "Sergej Schoigu", 2]
    assert len(pairs) == 2  # Austin-Schoigu twice, Gerassimow-Milley once; statements are no contacts
    at = page({"view": "Zählungen"})
    counts = at.dataframe[0].value
    assert counts.loc["Joe Biden", "Σ"] == 2 and counts.loc["Lloyd Austin", "Telefonat"] == 2


def test_no_events_for_the_filters(data_dir):
    at = page({"q": "Waffenstillstand"})
    assert not at.exception
    assert at.markdown[0].value == "0 von 7 Ereignissen"
    assert any("Keine Ereignisse" in i.value for i in at.info)


def test_malicious_article_is_shown_as_text(data_dir):
    events = seed_events()
    events[0]["title"] = "<script>alert(1)</script>"
    events[0]["sentence"] = "Angriff am 24. Februar <img src=x onerror=alert(2)> [x](javascript:alert(3))"
    events[0]["actors"] = ["<b>Russland</b>", "Ukraine"]
    write_table(events_to_frame(events), data_dir / "events.parquet")
    at = page()
    assert not at.exception
    table = at.dataframe(key="table").value
    assert table.iloc[0]["Titel"] == "<script>alert(1)</script>"  # data grid cells are text, never HTML
    # the html elements allowed to run JavaScript are the page's own scripts (widget texts, label decluttering,
    # loading the chart's code early), with no table text in them
    own = [h.proto.body for h in at.get("html") if h.proto.unsafe_allow_javascript]
    assert len(own) == 3 and "alert" not in " ".join(own)
    assert {"widget texts" if b.startswith(WIDGET_TEXTS_MARK) else "labels" if b == declutter_script()
            else "preload" if b == chart_preload_html() else b for b in own} == {"widget texts", "labels", "preload"}
    html_out = " ".join(h.proto.body for h in at.get("html") if not h.proto.unsafe_allow_javascript)
    assert "<script>" not in html_out and "onerror=alert" not in html_out.replace("onerror=alert(2)&gt;", "")


def test_upload_form_stores_articles_in_the_data_folder(data_dir):
    at = page({"view": "Artikel hinzufügen"})
    body = ("---\ntitle: Kuleba trifft Blinken\npublished: 2023-02-01\nsource: https://example.org/k\n---\n"
            "Der ukrainische Außenminister Dmytro Kuleba hat am Mittwoch in Washington Antony Blinken getroffen.\n")
    at.file_uploader[0].upload("kuleba.txt", body.encode(), "text/plain")
    at.button[0].click().run()  # the upload form's submit button
    assert not at.exception
    stored = sorted(p.name for p in (data_dir / "articles").iterdir())
    assert len(stored) == 2 and any("kuleba" in name for name in stored)
    assert "1 gespeichert" in at.success[0].value


def test_plain_text_upload_keeps_its_first_paragraph_and_names_each_article(data_dir, monkeypatch):
    monkeypatch.setattr("pipeline.ingest.rebuild_table", lambda *a, **k: None)  # the report, not the build
    at = page({"view": "add"})
    first = ("Bundeskanzler Olaf Scholz hat am Donnerstag in Kiew den ukrainischen Präsidenten Wolodymyr "
             "Selenskyj getroffen und weitere Flugabwehrsysteme zugesagt.")
    at.date_input(key="upload_published").set_value(dt.date(2023, 6, 15))
    at.file_uploader[0].upload("scholz.txt", f"{first}\n\nDas Gespräch dauerte zwei Stunden.\n".encode(),
                               "text/plain")
    at.file_uploader[0].upload("ohne.txt", "Lagebericht aus Cherson\n\nDie Lage bleibt angespannt.\n".encode(),
                               "text/plain")
    at.button[0].click().run()
    assert not at.exception
    (stored,) = [p for p in (data_dir / "articles").iterdir() if "scholz" in p.name.lower()]
    assert first in read_article(stored).body  # the first paragraph is text, not a lost title
    lines = at.success[0].value.split("  \n")
    assert lines[0].startswith("2 gespeichert, 0 bereits vorhanden")
    assert lines[1].startswith("gespeichert: „Bundeskanzler Olaf Scholz hat am Donnerstag in Kiew")
    assert lines[1].endswith("“, 15.06.2023")
    assert lines[2] == "gespeichert: „Lagebericht aus Cherson“, 15.06.2023"
    # in English, and a second upload of the same file is named as already present
    at.radio(key="lang").set_value("en").run()
    at.date_input(key="upload_published").set_value(dt.date(2023, 6, 15))
    at.file_uploader[0].upload("ohne.txt", "Lagebericht aus Cherson\n\nDie Lage bleibt angespannt.\n".encode(),
                               "text/plain")
    at.button[0].click().run()
    assert at.success[0].value.split("  \n")[1] == "already present: “Lagebericht aus Cherson”, 2023-06-15"


def test_damaged_table_is_rebuilt_not_shown(data_dir):
    path = data_dir / "events.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])  # a half-written file
    at = page()
    assert not at.exception
    rebuilt = read_table(path)  # raises TableError if still damaged
    assert at.markdown[0].value == f"{len(rebuilt)} von {len(rebuilt)} Ereignissen"
    assert len(rebuilt) == 7


def test_shipped_data_schoigu_tells_his_calls_with_austin_in_order(tmp_path, monkeypatch):
    """The shipped corpus and its table as they are in git: the page shows it without rebuilding, and the
    actor filter leaves Schoigu's events, his calls with Austin among them in order."""
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data", folder, ignore=shutil.ignore_patterns("cache"))
    shipped = read_table(folder / "events.parquet")
    monkeypatch.setenv("ZEITLEISTE_DATA_DIR", str(folder))
    at = page()
    assert not at.exception, at.exception
    assert at.markdown[0].value == f"{len(shipped)} von {len(shipped)} Ereignissen"
    at.multiselect(key="actor").set_value(["Sergej Schoigu"]).run()
    table = at.dataframe(key="table").value
    dates = shown_dates(at)
    assert dates == sorted(dates) and len(dates) < len(shipped)
    calls = [d for d, kind in zip(dates, table["Ereignistyp"]) if kind == "Telefonat"]
    assert {"2022-02-18", "2022-05-13", "2022-10-21", "2022-10-23"} <= set(calls)


def test_bad_upload_is_reported_and_nothing_stored(data_dir):
    at = page({"view": "Artikel hinzufügen"})
    at.file_uploader[0].upload("kaputt.txt", b"GIF89a\x00\x00binary", "text/plain")
    at.button[0].click().run()
    assert not at.exception
    assert at.success[0].value == "0 gespeichert, 0 bereits vorhanden, 1 Probleme"
    assert at.warning[0].value == "kaputt.txt: keine Textdatei (Binärdaten), nichts gespeichert"
    assert sorted(p.name for p in (data_dir / "articles").iterdir()) == [SEED_NAME]


def test_paste_without_text_keeps_the_form_and_says_so(data_dir):
    at = page({"view": "add"})
    at.text_input(key="paste_title").input("Scholz in Kiew")
    at.text_input(key="paste_source").input("https://example.org/scholz-kiew")
    at.button[1].click().run()  # the paste form's submit button, without text
    assert not at.exception
    assert at.warning[0].value == "Bitte den Artikeltext einfügen; ohne Titel nennt ihn seine erste Zeile."
    assert at.text_input(key="paste_title").value == "Scholz in Kiew"  # nothing typed is lost
    assert at.text_input(key="paste_source").value == "https://example.org/scholz-kiew"
    assert sorted(p.name for p in (data_dir / "articles").iterdir()) == [SEED_NAME]


def test_paste_without_title_keeps_the_text_and_warns_of_the_missing_date(data_dir, monkeypatch):
    monkeypatch.setattr("pipeline.ingest.rebuild_table", lambda *a, **k: None)  # the form, not the build
    text = ("Olaf Scholz ist am Montag überraschend nach Kiew gereist. Dort sprach er mit Wolodymyr Selenskyj "
            "über weitere Waffenlieferungen.\nAm Dienstag reiste er weiter nach Warschau.")
    at = page({"view": "add"})
    at.text_area(key="paste_text").input(text)
    at.button[1].click().run()  # no title, no date
    assert not at.exception
    (stored,) = [p for p in (data_dir / "articles").iterdir() if p.name != SEED_NAME]
    article = read_article(stored)
    assert article.body == text and article.published is None
    assert article.title == "Olaf Scholz ist am Montag überraschend nach Kiew gereist. Dort sprach er mit …"
    assert at.success[0].value.startswith("1 gespeichert, 0 bereits vorhanden, 0 Probleme")
    assert [w.value for w in at.warning] == [
        "„Olaf Scholz ist am Montag überraschend nach Kiew gereist. Dort sprach er mit …“: "
        "kein Veröffentlichungsdatum: relative Angaben bleiben ungelöst"]
    assert at.text_area(key="paste_text").value == ""  # stored: the form is empty for the next article
    # the same in English
    at.radio(key="lang").set_value("en").run()
    at.text_input(key="paste_title").input("Warschau")
    at.text_area(key="paste_text").input("Scholz traf am Dienstag in Warschau den polnischen Präsidenten.")
    at.button[1].click().run()
    assert [w.value for w in at.warning] == ["“Warschau”: no publication date: relative dates stay unresolved"]


def test_empty_and_pdf_uploads_get_the_page_messages_in_its_language(data_dir):
    at = page({"view": "add"})
    # the browser is not told to refuse file types: it would do so in Streamlit's English
    assert list(at.get("file_uploader")[0].proto.type) == []
    at.file_uploader[0].upload("leer.txt", b"", "text/plain")
    at.file_uploader[0].upload("bericht.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "application/pdf")
    at.file_uploader[0].upload("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "0 gespeichert, 0 bereits vorhanden, 3 Probleme"
    assert [w.value for w in at.warning] == [
        "leer.txt: leere Datei, nichts gespeichert",
        "bericht.pdf: PDF-Dateien werden nicht gelesen; bitte den Text kopieren und unter „Text einfügen“ "
        "einfügen oder als .txt speichern",
        "bild.png: Dateityp .png wird nicht angenommen (erlaubt: .txt, .md, .jsonl, .csv)"]
    at.radio(key="lang").set_value("en").run()
    at.file_uploader[0].upload("leer.md", b"  \n", "text/markdown")
    at.button[0].click().run()
    assert [w.value for w in at.warning] == ["leer.md: empty file, nothing stored"]
    at.button[0].click().run()  # no file chosen
    assert [w.value for w in at.warning] == ["Please choose one or more files first."]
    assert sorted(p.name for p in (data_dir / "articles").iterdir()) == [SEED_NAME]


def test_empty_table(data_dir):
    write_table(events_to_frame([]), data_dir / "events.parquet")
    for view in (None, "Wer mit wem", "Zählungen"):
        at = page({"view": view} if view else {})
        assert not at.exception, view
        assert at.markdown[0].value == "0 von 0 Ereignissen"


DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def test_every_download_of_a_formula_article_is_neutralised_and_reads_back(data_dir, media):
    import csv
    import io
    import json

    events = seed_events()
    events[1]["title"] = '=HYPERLINK("http://evil.example","klick")'
    events[1]["sentence"] = "+49 30 1234 am 13. Mai"
    events[1]["actors"] = ["@Lloyd Austin", "Sergej Schoigu"]
    events[1]["date_text"] = "-am 13. Mai"
    events[5]["source"] = "=cmd|' /C calc'!A0"
    events[5]["sentence"] = "\t=1+1 am Freitag"
    events[5]["title"] = "\r=2+2"
    write_table(events_to_frame(events), data_dir / "events.parquet")
    at = page()
    at.multiselect(key="actor").set_value(["Sergej Schoigu"]).run()
    assert not at.exception
    csv_bytes = download(at, media, "dl_download_csv")
    tjs_bytes = download(at, media, "dl_download_timelinejs")
    for data, sep, encoding in ((csv_bytes, ";", "utf-8-sig"), (tjs_bytes, ",", "utf-8")):
        rows = list(csv.reader(io.StringIO(data.decode(encoding), newline=""), delimiter=sep))
        assert len(rows) == 3
        cells = [c for row in rows for c in row]
        assert not [c for c in cells if c.startswith(DANGEROUS)]
    csv_text = csv_bytes.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'+49 30 1234" in csv_text and "'@Lloyd Austin; Sergej Schoigu" in csv_text
    assert "'-am 13. Mai" in csv_text and "'=cmd|" in csv_text and "'\t=1+1" in csv_text
    # read back: exactly the filtered rows, original values
    table = read_table(data_dir / "events.parquet")
    expected = table[table["actors"].map(lambda xs: "Sergej Schoigu" in xs)].reset_index(drop=True)
    pd.testing.assert_frame_equal(read_csv_export(csv_bytes), expected)
    records = json.loads(download(at, media, "dl_download_json"))
    assert [r["title"] for r in records] == list(expected["title"])  # JSON is data for programs: verbatim


def test_upload_problems_are_shown_as_plain_text(data_dir):
    at = page({"view": "Artikel hinzufügen"})
    at.file_uploader[0].upload("![x](http://evil.example/p.png) [a](javascript:alert(1)) <b>.txt", b"\x00\x01",
                               "text/plain")
    at.button[0].click().run()
    assert not at.exception
    (warning,) = at.warning
    assert r"\!\[x\](http://evil.example/p.png) \[a\](javascript:alert(1)) \<b\>.txt" in warning.value
    assert "keine Textdatei (Binärdaten)" in warning.value


def test_grid_csv_export_is_switched_off(data_dir):
    from streamlit import config

    at = page()
    assert not at.exception
    assert config.get_option("client.disableDataExport") is True


def test_upload_over_the_size_limit_is_refused(data_dir):
    at = page({"view": "Artikel hinzufügen"})
    big = ("Titel\n\n" + "Olaf Scholz sprach am Montag mit Emmanuel Macron. " * 1_060_000).encode()  # ~51 MiB
    assert len(big) > 50 * 1024 * 1024
    at.file_uploader[0].upload("gross.txt", big, "text/plain")
    at.button[0].click().run()
    assert not at.exception
    assert at.success[0].value == "0 gespeichert, 0 bereits vorhanden, 1 Probleme"
    warning = at.warning[0].value  # in the page's language
    assert re.search(r"gross\.txt: 5\d,\d MB, größer als die Grenze von 50 MB", warning), warning  # decimal comma
    assert sorted(p.name for p in (data_dir / "articles").iterdir()) == [SEED_NAME]


def test_sure_events_only_switch_and_the_confidence_column(data_dir):
    rows = seed_events()
    for n, row in enumerate(rows):   # two events resting on borrowed dates, the others on their own
        row["confidence"], row["confidence_reason"] = (0.5, "discourse date; event verb; 1 participant") \
            if n in (3, 6) else (1.0, "own date; event verb; 2 participants")
    write_table(events_to_frame(rows), data_dir / "events.parquet")
    at = page()
    assert at.markdown[0].value == "7 von 7 Ereignissen"
    shown = at.dataframe(key="table").value
    assert "Sicherheit" in shown.columns and sorted(shown["Sicherheit"].tolist()) == [0.5, 0.5] + [1.0] * 5
    at.toggle(key="sure").set_value(True).run()
    assert not at.exception
    assert at.markdown[0].value == "5 von 7 Ereignissen"
    assert at.toggle(key="sure").proto.query_param_key == "sure"
    assert page({"sure": "true"}).markdown[0].value == "5 von 7 Ereignissen"


def test_charts_get_the_plotly_locale_of_the_page_language(data_dir):
    import json

    at = page()
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["locale"] == "de"
    german = config["locales"]["de"]
    assert german["format"]["shortMonths"][2] == "Mär" and german["format"]["shortMonths"][9] == "Okt"
    assert german["format"]["decimal"] == "," and german["dictionary"]["Reset axes"] == "Achsen zurücksetzen"
    assert config["toImageButtonOptions"]["filename"] == "zeitleiste"
    assert "plotGlPixelRatio" not in config  # a detailed view keeps plotly's sharper WebGL (only the summary's is not)
    network = page({"view": "network"})
    assert json.loads(network.get("plotly_chart")[0].proto.config)["locale"] == "de"
    at.radio(key="lang").set_value("en").run()
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["locale"] == "en-US" and "locales" not in config


ZWEITER = "2022-10-22_pentagon-gespraech"
ZWEITER_TEXT = ("---\ntitle: Pentagon: Austin sprach mit Schoigu\npublished: 2022-10-22\nsource: Agentur Nordlicht\n"
                "---\nWashington – Verteidigungsminister Lloyd Austin hat am Donnerstag mit seinem russischen "
                "Amtskollegen Sergej Schoigu telefoniert, wie das Pentagon mitteilte.\n")
ZWEITER_SATZ = ("Washington – Verteidigungsminister Lloyd Austin hat am Donnerstag mit seinem russischen "
                "Amtskollegen Sergej Schoigu telefoniert, wie das Pentagon mitteilte.")


def merged_call_in_subfolders(data_dir):
    """The seed article and a second one in subfolders (as bulk builds store them); the call of 21 October is one
    event told by both, which disagree on its day (the second says Thursday, 20 October)."""
    articles = data_dir / "articles"
    (articles / "batch000").mkdir()
    (articles / SEED_NAME).rename(articles / "batch000" / SEED_NAME)
    (articles / "batch001").mkdir()
    (articles / "batch001" / f"{ZWEITER}.txt").write_text(ZWEITER_TEXT, encoding="utf-8")
    mentions = seed_events()
    for m in mentions:
        m["merged_id"] = m["event_id"]
    other = dict(mentions[5], event_id=f"{ZWEITER}-00", date="2022-10-20", end="2022-10-20", timex="2022-10-20",
                 date_text="am Donnerstag", sentence=ZWEITER_SATZ, article_id=ZWEITER,
                 title="Pentagon: Austin sprach mit Schoigu", source="Agentur Nordlicht", published="2022-10-22",
                 char_start=ZWEITER_SATZ.index("am Donnerstag"),
                 char_end=ZWEITER_SATZ.index("am Donnerstag") + len("am Donnerstag"))
    mentions.append(other)
    write_table(events_to_frame(mentions), data_dir / "mentions.parquet")
    events = events_to_frame(seed_events())
    events["sources"] = [[e] for e in events["source"]]
    events["n_sources"] = 1
    events["date_conflict"] = ""
    call = events.index[events["event_id"] == mentions[5]["event_id"]][0]
    events.at[call, "sources"] = [events.at[call, "source"], "Agentur Nordlicht"]
    events.at[call, "n_sources"] = 2
    events.at[call, "evidence"] = events.at[call, "sentence"] + "\n" + ZWEITER_SATZ
    events.at[call, "date_conflict"] = (f"2022-10-20..2022-10-20 ({ZWEITER}); "
                                        f"2022-10-21..2022-10-21 ({SEED.stem})")
    write_table(events, data_dir / "events.parquet")
    return mentions[5]["event_id"]


def test_evidence_lists_every_source_and_says_when_their_dates_differ(data_dir):
    event_id = merged_call_in_subfolders(data_dir)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["picked"] = event_id
    at.run()
    assert not at.exception
    card = " ".join(h.proto.body for h in at.get("html"))
    # both sources: title, outlet, publication date and the sentence each one gives
    assert "Ukraine-Krieg: US-Verteidigungschef telefoniert mit Russen-Kollegen" in card
    assert "Pentagon: Austin sprach mit Schoigu" in card and "Agentur Nordlicht" in card
    assert "22.10.2022" in card and "21.10.2022" in card
    assert "seinem russischen Amtskollegen" in card and "Kommunikationswegen" in card
    assert "Quellen (2)" in card
    # the disagreement is said, and each source's own day is shown
    assert "Die Quellen nennen verschiedene Daten" in card
    assert "20.10.2022" in card and "„am Donnerstag“" in card
    # the article opens although it lies in a subfolder
    assert "<summary>Artikel</summary>" in card and "Einzelheiten zu den Gesprächen" in card


def test_evidence_in_english_names_the_sources_too(data_dir):
    event_id = merged_call_in_subfolders(data_dir)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state["picked"] = event_id
    at.run()
    card = " ".join(h.proto.body for h in at.get("html"))
    assert "Sources (2)" in card and "The sources give different dates" in card
    # the phrase each source uses is quoted the English way on the English page
    assert "“am Donnerstag”" in card and "„am Donnerstag“" not in card
