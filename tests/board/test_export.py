"""Downloads: CSV round trip, Excel-friendly encoding, formula-injection neutralising, JSON, TimelineJS."""
import csv
import io
import json

import pandas as pd
import pytest

from board.export import (TIMELINEJS_COLUMNS, neutralize, read_csv_export, to_csv_bytes, to_json_bytes,
                             to_plain_csv_bytes, to_timelinejs_bytes, to_timelinejs_frame, to_xlsx_bytes,
                             unneutralize)
from pipeline.table import to_csv_frame
from board.ui_text import Labels
from board.filters import EventIndex, Filters
from pipeline.table import COLUMNS, events_to_frame, normalize_frame

from conftest import seed_events

NASTY = ["=HYPERLINK(\"http://evil.example\",\"klick\")", "+49 30 1234", "-2+3", "@SUM(A1:A2)",
         "\t=1+1", "\r=1+1", "'=schon zitiert", "'", "- US-Verteidigungsminister Lloyd Austin"]


def nasty_frame():
    events = seed_events()
    for event, value in zip(events, NASTY):
        event["title"] = value
        event["sentence"] = value + " Satz mit «Anführungszeichen»; Semikolon, Komma und\nZeilenumbruch."
        event["actors"] = [value.replace(";", "").strip(), "Joe Biden"]  # list items are stripped (table.py)
        event["date_text"] = value
    events[0]["source"] = "=cmd|' /C calc'!A0"
    return events_to_frame(events)


def test_csv_round_trip_equals_the_filtered_table(seed_frame):
    view = EventIndex(seed_frame).select(Filters(actors=("Sergej Schoigu",)))
    back = read_csv_export(to_csv_bytes(view))
    assert list(back.columns) == COLUMNS
    pd.testing.assert_frame_equal(back, view.reset_index(drop=True))


def test_csv_round_trip_with_nasty_values_and_missing_values():
    df = nasty_frame()
    df.loc[1, "published"] = pd.NaT
    df.loc[2, "char_start"] = pd.NA
    df.loc[3, "countries"] = []
    df = normalize_frame(df)
    pd.testing.assert_frame_equal(read_csv_export(to_csv_bytes(df)), df)


def test_csv_is_excel_friendly(seed_frame):
    data = to_csv_bytes(seed_frame)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads umlauts correctly
    text = data.decode("utf-8-sig")
    header = text.split("\r\n", 1)[0]
    assert header.split(";") == COLUMNS  # ';' is German Excel's list separator
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 7
    assert rows[1]["actors"] == "Lloyd Austin; Sergej Schoigu" and rows[1]["date"] == "2022-05-13"
    assert "Gespräch" in rows[1]["sentence"]


def test_every_formula_like_cell_is_neutralised_in_the_csv():
    text = to_csv_bytes(nasty_frame()).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 7
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    for row in rows:
        for col, cell in row.items():
            assert not cell.startswith(dangerous), (col, cell)
    assert rows[0]["title"] == "'" + NASTY[0]
    assert rows[0]["source"] == "'=cmd|' /C calc'!A0"
    assert rows[4]["date_text"] == "'\t=1+1"
    assert rows[5]["date_text"].startswith("'\r=1+1")
    assert rows[6]["title"] == "''=schon zitiert"  # a leading quote is doubled, so reading back is exact
    assert rows[1]["actors"] == "'+49 30 1234; Joe Biden"
    # dates and numbers are untouched
    assert rows[0]["date"] == "2022-02-24" and rows[0]["char_start"].isdigit()


@pytest.mark.parametrize("value", NASTY + ["", "normal", "0815", "a=b", "''x"])
def test_neutralize_is_reversible(value):
    assert unneutralize(neutralize(value)) == value
    assert not neutralize(value).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_read_csv_export_rejects_other_csv():
    with pytest.raises(ValueError, match="lacks columns"):
        read_csv_export(b"a;b\r\n1;2\r\n")


def test_json_download(seed_frame):
    records = json.loads(to_json_bytes(seed_frame).decode("utf-8"))
    assert len(records) == 7 and list(records[0])[:len(COLUMNS)] == COLUMNS
    week = records[4]
    assert week["date"] == "2022-10-10" and week["end"] == "2022-10-16" and week["precision"] == "week"
    assert week["actors"] == ["Wladimir Putin", "Joe Biden"]
    assert isinstance(week["char_start"], int)
    nasty = json.loads(to_json_bytes(nasty_frame()))
    assert nasty[0]["title"] == NASTY[0]  # JSON is data, not a spreadsheet: verbatim
    gaps = seed_frame.copy()
    gaps.loc[0, "published"] = pd.NaT
    gaps.loc[0, "char_start"] = pd.NA
    first = json.loads(to_json_bytes(gaps))[0]
    assert first["published"] is None and first["char_start"] is None and first["char_end"] == 1168


def test_timelinejs_columns_and_dates(seed_frame):
    data = to_timelinejs_bytes(seed_frame)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert list(rows[0].keys()) == TIMELINEJS_COLUMNS
    assert len(rows) == 7
    day = rows[1]
    assert (day["Year"], day["Month"], day["Day"]) == ("2022", "5", "13")
    assert day["End Year"] == day["End Month"] == day["End Day"] == ""
    week = rows[4]
    assert (week["Year"], week["Month"], week["Day"], week["End Month"], week["End Day"]) == \
        ("2022", "10", "10", "10", "16")
    # a readable date (the span of an imprecise one), the article's phrase after it
    assert week["Display Date"] == "10.10.2022–16.10.2022 (in der vergangenen Woche)"
    assert day["Display Date"] == "13.05.2022 (am 13. Mai)"
    summit = rows[6]
    assert summit["Headline"] == "summit: G20 (planned)" and summit["Group"] == "summit"
    assert '<a href="https://example.org/ukraine-krieg-austin-schoigu">' in summit["Text"]


def test_timelinejs_escapes_html_and_formulas():
    events = seed_events()
    events[0]["sentence"] = "=IMPORTXML(\"http://evil\",\"//a\") <script>alert(1)</script>"
    events[1]["title"] = "<img src=x onerror=alert(2)>"
    events[1]["source"] = "javascript:alert(3)"
    frame = to_timelinejs_frame(events_to_frame(events))
    assert "<script>" not in frame.loc[0, "Text"] and "&lt;script&gt;" in frame.loc[0, "Text"]
    assert "<img" not in frame.loc[1, "Text"] and "javascript:" not in frame.loc[1, "Text"].split("(")[0]
    assert "href" not in frame.loc[1, "Text"]
    rows = list(csv.DictReader(io.StringIO(to_timelinejs_bytes(events_to_frame(events)).decode("utf-8"))))
    assert rows[0]["Text"].startswith("'=IMPORTXML")


def test_merged_columns_round_trip_in_csv_and_json(seed_frame):
    """The built table carries the merge's columns (sources, n_sources, date_conflict) after the contract's."""
    df = seed_frame.copy()
    df["sources"] = [["a1"], ["a1", "https://example.org/b"], ["a1"], ["=evil"], ["a1"], ["a1"], ["a1"]]
    df["n_sources"] = df["sources"].map(len).astype("int64")
    df["date_conflict"] = ["", "2022-05-14 (b)", "", "", "", "", ""]
    data = to_csv_bytes(df)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert list(rows[0])[-3:] == ["sources", "n_sources", "date_conflict"]
    assert rows[1]["sources"] == "a1; https://example.org/b" and rows[1]["n_sources"] == "2"
    assert rows[3]["sources"] == "'=evil"  # list cells are neutralised as well
    back = read_csv_export(data)
    pd.testing.assert_frame_equal(back, df)
    assert back.loc[1, "sources"] == ["a1", "https://example.org/b"] and back["n_sources"].dtype == "int64"
    records = json.loads(to_json_bytes(df))
    assert records[1]["sources"] == ["a1", "https://example.org/b"] and records[1]["n_sources"] == 2
    assert records[3]["sources"] == ["=evil"]


def test_shipped_table_round_trips(tmp_path):
    """The table built from the seed article (with the merge's columns) comes back from its CSV unchanged."""
    from pipeline.table import read_table

    from conftest import REPO

    table = read_table(REPO / "data" / "events.parquet")
    assert {"sources", "n_sources", "date_conflict"} <= set(table.columns)
    path = tmp_path / "zeitleiste.csv"
    path.write_bytes(to_csv_bytes(table))
    pd.testing.assert_frame_equal(read_csv_export(path), table)
    plain = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(plain) == len(table) and list(plain.columns) == list(table.columns)
    assert list(plain["actors"]) == ["; ".join(xs) for xs in table["actors"]]


# Issue 14, point 4: a standard CSV for programs and a real Excel file for spreadsheet users.

def test_standard_csv_is_read_back_as_is_by_plain_pandas():
    table = nasty_frame()
    data = to_plain_csv_bytes(table)
    assert not data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8")  # UTF-8, no BOM
    back = pd.read_csv(io.BytesIO(data))  # no sep, no encoding, no dtype: as a program reads a CSV
    assert list(back.columns) == list(to_csv_frame(table).columns) and len(back) == len(table)
    expected = to_csv_frame(table)
    for col in ("title", "sentence", "date_text", "actors", "date", "event_type"):
        assert back[col].tolist() == expected[col].tolist(), col  # verbatim: programs do not evaluate cells
    assert back["title"][0] == NASTY[0] and back["actors"][1] == "+49 30 1234; Joe Biden"
    assert back["char_start"].tolist() == table["char_start"].tolist()
    pd.testing.assert_series_equal(back["confidence"], table["confidence"].astype(float), check_names=False)


def test_xlsx_holds_the_table_and_no_cell_is_a_formula():
    from openpyxl import load_workbook

    table = nasty_frame()
    data = to_xlsx_bytes(table)
    assert data.startswith(b"PK")  # a zip: an Office Open XML workbook, not a renamed CSV
    back = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
    expected = to_csv_frame(table)
    assert list(back.columns) == list(expected.columns)
    for col in ("title", "sentence", "date_text", "actors", "source"):
        # the text as it is, no visible quote (XML reads a carriage return back as a line feed)
        assert back[col].tolist() == [v.replace("\r", "\n") for v in expected[col]], col
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # nothing is evaluated
    by_value = {c.value: c for c in cells if isinstance(c.value, str)}
    assert by_value[NASTY[0]].quotePrefix and by_value["@SUM(A1:A2)"].quotePrefix
    assert not by_value["happened"].quotePrefix
    # dates are dates (sortable in the spreadsheet), from the year Excel starts with
    date_col = list(expected.columns).index("date") + 1
    assert sheet.cell(row=2, column=date_col).value.date().isoformat() == "2022-02-24"


def test_xlsx_keeps_history_and_survives_control_characters():
    events = seed_events()
    events[0]["date"] = events[0]["end"] = "-0489-09-12"
    events[0]["sentence"] = "Die Schlacht bei Marathon\x0b fand am 12. September 490 v. Chr. statt."
    events[1]["date"] = events[1]["end"] = "1815-06-18"
    back = pd.read_excel(io.BytesIO(to_xlsx_bytes(events_to_frame(events))), dtype=str, keep_default_na=False)
    assert "-0489-09-12" in back["date"].tolist() and "1815-06-18" in back["date"].tolist()
    assert "Die Schlacht bei Marathon fand am 12. September 490 v. Chr. statt." in back["sentence"].tolist()


def test_timelinejs_display_date_reads_as_a_date_then_the_phrase():
    frame = to_timelinejs_frame(events_to_frame(seed_events()), Labels("de"))
    assert frame["Display Date"].tolist() == [
        "24.02.2022 (am 24. Februar)", "13.05.2022 (am 13. Mai)", "19.05.2022 (am 19. Mai)",
        "06.10.2022 (am 6. Oktober)", "10.10.2022–16.10.2022 (in der vergangenen Woche)",
        "21.10.2022 (am Freitag)", "11.11.2022–20.11.2022 (Mitte November)"]
    undated = seed_events()
    undated[0]["date"] = undated[0]["end"] = None
    frame = to_timelinejs_frame(events_to_frame(undated), Labels("de"))
    assert "am 24. Februar" in frame["Display Date"].tolist()
