"""The page's rebuild paths (damaged table, upload) with a stand-in for pipeline.events, so they are
checked independently of the extraction rules; test_dashboard.py runs the same paths on the real one."""
import datetime as dt

import pandas as pd
import pytest

from pipeline.table import read_table

from conftest import page, stand_in  # noqa: F401 (stand_in: fixture)


@pytest.mark.parametrize("damage", ["half", "garbage", "missing", "wrong columns"])
def test_damaged_table_is_rebuilt_never_shown(data_dir, stand_in, damage):
    path = data_dir / "events.parquet"
    if damage == "half":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "garbage":
        path.write_bytes(b"PAR1 not really")
    elif damage == "missing":
        path.unlink()
    else:
        import pandas as pd
        pd.DataFrame({"a": [1]}).to_parquet(path)
    at = page()
    assert not at.exception
    assert at.markdown[0].value == "7 von 7 Ereignissen"
    assert len(read_table(path)) == 7
    assert any("neu erstellt" in t.proto.body for t in at.toast)


def test_uploaded_article_appears_without_restart(data_dir, stand_in):
    at = page({"view": "Artikel hinzufügen"})
    body = ("---\ntitle: Kuleba trifft Blinken\npublished: 2023-02-06\nsource: https://example.org/k\n---\n"
            "Dmytro Kuleba hat am Montag in Washington Antony Blinken getroffen. Beide sprachen über Munition.\n")
    at.file_uploader[0].upload("kuleba.txt", body.encode(), "text/plain")
    at.button[0].click().run()
    assert not at.exception
    assert at.success[0].value.split("  \n") == ["1 gespeichert, 0 bereits vorhanden, 0 Probleme",
                                                 "gespeichert: „Kuleba trifft Blinken“, 06.02.2023"]
    assert at.markdown[0].value == "8 von 8 Ereignissen"
    at.radio(key="view").set_value("timeline").run()
    at.multiselect(key="actor").set_value(["Dmytro Kuleba"]).run()
    table = at.dataframe(key="table").value
    assert list(table["Titel"]) == ["Kuleba trifft Blinken"]
    assert list(table["Akteure"].iloc[0]) == ["Dmytro Kuleba", "Antony Blinken"]


def test_pasted_article_appears(data_dir, stand_in):
    at = page({"view": "Artikel hinzufügen"})
    at.text_input(key="paste_title").input("Scholz in Kiew")
    at.text_input(key="paste_source").input("https://example.org/scholz")
    at.date_input(key="paste_published").set_value(dt.date(2013, 3, 6))  # older than the widget's default range
    at.text_area(key="paste_text").input("Olaf Scholz hat am Montag in Kiew Wolodymyr Selenskyj getroffen.")
    at.button[1].click().run()
    assert not at.exception
    assert at.success[0].value.split("  \n") == ["1 gespeichert, 0 bereits vorhanden, 0 Probleme",
                                                 "gespeichert: „Scholz in Kiew“, 06.03.2013"]
    assert at.markdown[0].value == "8 von 8 Ereignissen"
    stored = [p for p in (data_dir / "articles").iterdir() if "scholz" in p.name.lower()]
    text = stored[0].read_text(encoding="utf-8")
    assert len(stored) == 1 and "source: https://example.org/scholz" in text and "published: 2013-03-06" in text


def test_bulk_and_plain_text_uploads_through_the_page(data_dir, stand_in):
    """JSONL and CSV in bulk and a .md without front matter (date from the form) in one upload."""
    import json

    jsonl = "\n".join(json.dumps({"id": f"j{n}", "title": f"Kuleba in Berlin {n}", "published": f"2023-03-0{n}",
                                  "source": f"https://example.org/j{n}",
                                  "text": f"Dmytro Kuleba hat am Montag Olaf Scholz getroffen ({n})."},
                                 ensure_ascii=False) for n in (1, 2))
    csv_text = ("id,title,published,source,text\n"
                "c1,Blinken in Kiew,2023-04-03,https://example.org/c1,\"Antony Blinken traf am Montag Dmytro Kuleba.\"\n")
    md = "Scholz und Blinken\n\nOlaf Scholz hat am Montag Antony Blinken getroffen.\n"
    at = page({"view": "Artikel hinzufügen"})
    at.date_input(key="upload_published").set_value(dt.date(2023, 5, 8))
    at.file_uploader[0].upload("batch.jsonl", jsonl.encode(), "application/json")
    at.file_uploader[0].upload("batch.csv", csv_text.encode("utf-8-sig"), "text/csv")
    at.file_uploader[0].upload("notiz.md", md.encode(), "text/markdown")
    at.button[0].click().run()
    assert not at.exception
    report = at.success[0].value.split("  \n")
    assert report[0] == "4 gespeichert, 0 bereits vorhanden, 0 Probleme"
    assert report[1:] == ["gespeichert: „Kuleba in Berlin 1“, 01.03.2023", "gespeichert: „Kuleba in Berlin 2“, 02.03.2023",
                          "gespeichert: „Blinken in Kiew“, 03.04.2023", "gespeichert: „Scholz und Blinken“, 08.05.2023"]
    assert at.markdown[0].value == "11 von 11 Ereignissen"
    table = read_table(data_dir / "events.parquet")
    new = table[table["title"] != table["title"].iloc[0]]
    assert sorted(new["title"]) == ["Blinken in Kiew", "Kuleba in Berlin 1", "Kuleba in Berlin 2", "Scholz und Blinken"]
    md_row = table[table["title"] == "Scholz und Blinken"].iloc[0]
    assert md_row["published"] == pd.Timestamp("2023-05-08")  # the form's date for a file without one


def test_reruns_do_no_pipeline_work(data_dir, monkeypatch):
    """Filters, lanes, language and views rerun the script; the table is read once and never rebuilt."""
    import pipeline.ingest
    import pipeline.table

    reads, builds = [], []
    real_read = pipeline.table.read_table
    monkeypatch.setattr(pipeline.table, "read_table", lambda *a, **k: reads.append(a) or real_read(*a, **k))
    monkeypatch.setattr(pipeline.ingest, "rebuild_table", lambda *a, **k: builds.append(a))
    at = page()
    at.multiselect(key="actor").set_value(["Joe Biden"]).run()
    at.multiselect(key="type").set_value(["statement"]).run()
    at.radio(key="lanes").set_value("actor").run()
    at.text_input(key="q").input("Journalisten").run()
    at.radio(key="lang").set_value("en").run()
    for view in ("network", "counts", "timeline"):
        at.radio(key="view").set_value(view).run()
    assert not at.exception
    assert at.markdown[0].value == "1 of 7 events"
    assert len(reads) == 1 and builds == []
