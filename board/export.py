"""Downloads of the filtered view: CSV for Excel, JSON, and a TimelineJS spreadsheet CSV.

Spreadsheet safety (CSV injection, OWASP): a text cell that starts with '=', '+', '-', '@', a tab or
a carriage return is prefixed with a single quote, so Excel, LibreOffice and Google Sheets show it as
text instead of evaluating it. A cell that itself starts with a quote gets one more, which makes the
escaping exactly reversible: read_csv_export removes one leading quote from every cell that has one
and so returns the original table. JSON is data for programs, not a spreadsheet, and stays verbatim.

The CSV is UTF-8 with a byte-order mark and ';' as the delimiter: German Excel opens such a file by
double-click with umlauts intact and one value per column (with ',' it puts each row in column A).
Cells that contain ';' (the actor lists) are quoted.

Two more downloads: the standard CSV for programs (',' UTF-8 without BOM, values verbatim: programs do not
evaluate cells, and `pandas.read_csv` reads it back as is), and an Excel workbook (.xlsx) for spreadsheet
users, in which every text cell is stored as text (never as a formula) and a formula-like one is marked
"quote prefix", so Excel keeps it text even when the cell is edited.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from pipeline.dates import display_dates
from pipeline.table import COLUMNS, DATE_COLUMNS, normalize_frame, to_csv_frame

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
TIMELINEJS_COLUMNS = [
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
    "Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
    "Background",
]
TIMELINEJS_NUMBERS = ("Year", "Month", "Day", "End Year", "End Month", "End Day")  # made from dates, never text


def neutralize(value):
    """Prefix a formula-like string cell with a single quote; other values unchanged."""
    if isinstance(value, str) and value and (value[0] in FORMULA_PREFIXES or value[0] == "'"):
        return "'" + value
    return value


def unneutralize(value):
    """Exact inverse of neutralize for strings read back from an export."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


# Columns the merge step appends (pipeline/merge.py, MERGED_COLUMNS) that are not text: written like
# the contract's list columns ("; "-joined) and numbers, and read back to the same types.
EXTRA_LIST_COLUMNS = ("sources",)
EXTRA_INT_COLUMNS = ("n_sources",)


def export_columns(df: pd.DataFrame) -> list[str]:
    """The contract's columns, then any columns the pipeline appended (DESIGN.md: add at the end)."""
    return COLUMNS + [c for c in df.columns if c not in COLUMNS and not str(c).startswith("_")]


def _is_list(value) -> bool:
    return isinstance(value, (list, tuple)) or (hasattr(value, "ndim") and getattr(value, "ndim", 0) == 1)


def _list_columns(frame: pd.DataFrame) -> list[str]:
    """Appended columns that hold lists (any appended column whose first non-null value is a list)."""
    out = []
    for col in frame.columns:
        if col in COLUMNS:
            continue
        values = frame[col].dropna()
        if col in EXTRA_LIST_COLUMNS or (len(values) and _is_list(values.iloc[0])):
            out.append(col)
    return out


def _export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The CSV shape: contract columns as DESIGN.md says, appended list columns "; "-joined too."""
    frame = to_csv_frame(df[export_columns(df)])
    for col in _list_columns(frame):
        frame[col] = frame[col].map(lambda xs: "; ".join(map(str, xs)) if _is_list(xs) else ("" if pd.isna(xs) else str(xs)))
    return frame


def _neutralized(frame: pd.DataFrame, numbers=()) -> pd.DataFrame:
    """numbers: columns we fill with whole numbers only, left as they are so a year before Christ stays -489."""
    out = frame.copy()
    for col in out.columns:
        if col not in numbers and (out[col].dtype == object or pd.api.types.is_string_dtype(out[col])):
            out[col] = out[col].map(neutralize)
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    frame = _neutralized(_export_frame(df))
    text = frame.to_csv(index=False, sep=CSV_DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return text.encode("utf-8-sig")


def to_plain_csv_bytes(df: pd.DataFrame) -> bytes:
    """The standard CSV for programs (RFC 4180): ',' as delimiter, UTF-8 without BOM, CRLF line ends (so a cell
    with a lone carriage return is quoted), a header row, lists "; "-joined and dates ISO 8601 as in the Excel
    CSV, but values verbatim (no quote prefix), so `pandas.read_csv(path)` reads the values back as they are."""
    return _export_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_CELL_LIMIT = 32_767  # characters in one Excel cell
XLSX_DATE_FORMAT = "YYYY-MM-DD"


def _xlsx_date(iso: str):
    """A date Excel can hold (years 1900-9999) as a date; others (history, before Christ) stay ISO text."""
    if len(iso) == 10 and "1900" <= iso[:4] <= "9999":
        return dt.date.fromisoformat(iso)
    return iso


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "Zeitleiste") -> bytes:
    """An Excel workbook of the export columns (the CSV's shape: lists "; "-joined; dates as dates where Excel
    can hold them). Text cells are strings, never formulas; a formula-like one (neutralize() would prefix it)
    gets Excel's quote prefix instead of a visible quote, so the cell shows its text as it is."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # control characters an .xlsx cannot hold
    from openpyxl.styles import Font

    frame = _export_frame(df)
    wb = Workbook(write_only=True)  # rows streamed: 100k events stay within memory
    ws = wb.create_sheet(sheet[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    columns = list(frame.columns)
    header = []
    for name in columns:
        cell = WriteOnlyCell(ws, value=str(name))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    dates = {i for i, c in enumerate(columns) if c in DATE_COLUMNS}
    for values in frame.itertuples(index=False, name=None):
        row = []
        for i, value in enumerate(values):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                row.append(None)
                continue
            if i in dates:
                value = _xlsx_date(value)
                if not isinstance(value, str):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = XLSX_DATE_FORMAT
                    row.append(cell)
                    continue
            if isinstance(value, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_LIMIT]
                cell = WriteOnlyCell(ws, value=None)
                cell._value, cell.data_type = text, "s"  # a string even when it starts with "="
                if neutralize(text) != text:
                    cell.quotePrefix = True
                row.append(cell)
            elif hasattr(value, "item"):
                row.append(value.item())
            else:
                row.append(value)
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_csv_export(source: str | Path | bytes | BinaryIO) -> pd.DataFrame:
    """Read a CSV made by to_csv_bytes back into the normalized event table it was made from."""
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    frame = pd.read_csv(source, sep=CSV_DELIMITER, dtype=str, keep_default_na=False,
                        encoding="utf-8-sig")
    for col in frame.columns:
        frame[col] = frame[col].map(unneutralize)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"not a Zeitleiste CSV export: lacks columns {', '.join(missing)}")
    for col in EXTRA_LIST_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].map(lambda v: [x.strip() for x in v.split(";") if x.strip()])
    for col in EXTRA_INT_COLUMNS:
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64" if (frame[col] == "").any()
                                                                          else "int64")
    return normalize_frame(frame)


def to_json_bytes(df: pd.DataFrame) -> bytes:
    """Records with actor/country lists as arrays and dates as ISO strings (UTF-8, unescaped)."""
    frame = df[export_columns(df)]
    out = to_csv_frame(frame).astype(object)
    out = out.where(out.notna(), None)
    for col in DATE_COLUMNS:  # a missing date is null, not ""
        out[col] = out[col].where(frame[col].notna(), None)
    for col in ["actors", "countries"] + _list_columns(frame):
        out[col] = frame[col].map(lambda xs: [str(x) for x in xs] if _is_list(xs) else [])
    records = out.to_dict("records")
    return json.dumps(records, ensure_ascii=False, indent=1,
                      default=lambda o: o.item() if hasattr(o, "item") else str(o)).encode("utf-8")


# The review state (pipeline/corrections.py) in a TimelineJS slide: the sheet has no column for it, so a reviewed
# event says so under its text, in the words of the labels "review_<state>" of data/ui_labels.yaml.
REVIEWED_STATES = ("confirmed", "corrected", "added")


def _review_note(state: str, labels) -> str:
    """The note of a reviewed event; "" for machine-made ones. Without labels the page's default language's."""
    if state not in REVIEWED_STATES:
        return ""
    if labels is None:
        from board.ui_text import Labels
        labels = Labels()
    return labels[f"review_{state}"]


def display_date_texts(df: pd.DataFrame, bc: str) -> list[str]:
    """TimelineJS's "Display Date": the date as one reads it, then the article's phrase: "21.10.2022 (am Freitag)",
    "10.10.2022–16.10.2022 (in der vergangenen Woche)"; only the phrase when the event has no date."""
    starts, ends = display_dates(df["date"], bc), display_dates(df["end"], bc)
    out = []
    for start, end, phrase in zip(starts, ends, df["date_text"].fillna("").astype(str)):
        date = start if not end or end == start else f"{start}–{end}"
        phrase = " ".join(phrase.split())
        out.append(f"{date} ({phrase})" if date and phrase else date or phrase)
    return out


def to_timelinejs_frame(df: pd.DataFrame, labels=None) -> pd.DataFrame:
    """Rows of Knight Lab's TimelineJS Google-Sheets template, one slide per event.

    Text is HTML in TimelineJS, so everything taken from articles is HTML-escaped here. A table with the review
    column adds the state of a reviewed event to its text (machine-made events stay as they are).
    """
    type_name = labels.event_type if labels else (lambda t: t)
    planned = labels["planned"] if labels else "planned"
    rows = []
    reviews = df["review"].tolist() if "review" in df.columns else [""] * len(df)
    shown = display_date_texts(df, labels["before_christ"] if labels else "BC")
    for rec, state, display in zip(df.itertuples(index=False), reviews, shown):
        start, end = pd.Timestamp(rec.date), pd.Timestamp(rec.end)  # any year; before Christ: year <= 0
        has_end = not pd.isna(end) and not pd.isna(start) and end != start
        actors = ", ".join(rec.actors)
        headline = type_name(rec.event_type) + (f": {actors}" if actors else "")
        if rec.status == "planned":
            headline += f" ({planned})"
        text = html.escape(rec.sentence)
        if rec.source.startswith(("http://", "https://")):
            text += f' <a href="{html.escape(rec.source, quote=True)}">{html.escape(rec.title)}</a>'
        elif rec.title:
            text += f" ({html.escape(rec.title)})"
        note = _review_note(state, labels)
        if note:
            text += f" <i>({html.escape(note)})</i>"
        rows.append({
            "Year": "" if pd.isna(start) else str(start.year),
            # An imprecise date is its whole interval (start to End ...); Display Date keeps the words.
            "Month": "" if pd.isna(start) else str(start.month),
            "Day": "" if pd.isna(start) else str(start.day),
            "Time": "",
            "End Year": str(end.year) if has_end else "",
            "End Month": str(end.month) if has_end else "",
            "End Day": str(end.day) if has_end else "",
            "End Time": "",
            "Display Date": html.escape(display),
            "Headline": html.escape(headline),
            "Text": text,
            "Media": "",
            "Media Credit": "",
            "Media Caption": "",
            "Media Thumbnail": "",
            "Type": "",
            "Group": html.escape(type_name(rec.event_type)),
            "Background": "",
        })
    return pd.DataFrame(rows, columns=TIMELINEJS_COLUMNS)


def to_timelinejs_bytes(df: pd.DataFrame, labels=None) -> bytes:
    """Comma-separated UTF-8 without BOM: the form Google Sheets imports into the template."""
    frame = _neutralized(to_timelinejs_frame(df, labels), numbers=TIMELINEJS_NUMBERS)
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8")
