"""Bulk input: JSONL and CSV with the fields id, title, published, source, text.

Malformed rows are reported by line number and skipped; the good rows are kept.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path, PurePath

from pipeline.articles import (Article, ArticleError, article_from_text, parse_date, require_text,
                               safe_article_id)
from pipeline.decode import DecodeError, decode_bytes, read_bytes_limited
from pipeline.messages import message, os_reason

FIELDS = ("id", "title", "published", "source", "text")


def _article_from_record(rec: dict, where: str, problems: list[str]) -> Article | None:
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(message("row_no_text", "{where}: no text", where=where))
        return None
    if any(isinstance(v, str) and "\x00" in v for v in rec.values()):
        problems.append(message("row_nul", "{where}: binary data (NUL bytes) in the row; skipped", where=where))
        return None
    if _has_lone_surrogate(rec):
        problems.append(message("row_surrogate", "{where}: text with a lone surrogate (not valid Unicode); skipped",
                                where=where))
        return None
    article_id = _row_id(rec, where, problems)
    published = None
    if rec.get("published"):
        try:
            published = parse_date(str(rec["published"]))
        except ValueError:
            problems.append(message("row_invalid_date", "{where} ({id}): invalid publication date {value!r}; "
                                    "relative dates stay unresolved", where=where, id=article_id,
                                    value=rec["published"]))
    title = str(rec.get("title") or "").strip() or None
    try:  # a row without a title keeps its whole text; the title is made from its start
        article = require_text(article_from_text(text, article_id=article_id, published=published, title=title,
                                                 source=str(rec.get("source") or ""), keep_first_line=True), text)
    except ArticleError as exc:
        problems.append(message("row_problem", "{where}: {problem}", where=where, problem=exc.args[0]))
        return None
    problems.extend(article.warnings)
    return article


def _row_id(rec: dict, where: str, problems: list[str]) -> str:
    """The row's id made safe as a file name (it becomes part of paths); the line names rows without one."""
    fallback = where.replace(":", "_").replace(" ", "")
    given = str(rec.get("id") or "").strip()
    article_id = safe_article_id(given, fallback) if given else fallback
    if given and article_id != given:
        problems.append(message("row_unsafe_id", "{where}: id {given!r} is not a safe file name; using {id!r}",
                                where=where, given=given, id=article_id))
    return article_id


def articles_from_jsonl(text: str, name: str = "input.jsonl") -> tuple[list[Article], list[str]]:
    articles, problems = [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = message("where_line", "{name} line {line}", name=name, line=lineno)
        rec, problem = _parse_json_row(line)
        if problem:
            problems.append(message("row_problem", "{where}: {problem}", where=where, problem=problem))
            continue
        if not isinstance(rec, dict):
            problems.append(message("row_not_object", "{where}: not a JSON object", where=where))
            continue
        article = _article_from_record(rec, where, problems)
        if article:
            articles.append(article)
    return articles, problems


def _parse_json_row(line: str) -> tuple[object, str | None]:
    """(value, None), or (None, why the line cannot be read). Beyond malformed JSON, valid JSON can still
    exhaust the parser (deep nesting) or Python's guard on long integers; neither may stop the file."""
    try:
        return json.loads(line), None
    except json.JSONDecodeError as exc:
        return None, message("json_invalid", "not valid JSON ({why})", why=exc.msg)
    except RecursionError:
        return None, message("json_deep", "JSON nested too deeply; skipped")
    except ValueError:  # int conversion limit: "Exceeds the limit (4300 digits) ..."
        return None, message("json_digits", "a number with too many digits; skipped")


def _has_lone_surrogate(rec: dict) -> bool:
    """JSON escapes such as "\\ud800" give strings no UTF-8 encoder accepts (hash, stored file)."""
    return any(isinstance(v, str) and _SURROGATE.search(v) for v in rec.values())


_SURROGATE = re.compile("[\ud800-\udfff]")


def articles_from_csv(text: str, name: str = "input.csv") -> tuple[list[Article], list[str]]:
    articles, problems = [], []
    _allow_long_fields()
    # strict: a stray quote is an error for that row instead of silently swallowing the rows after it
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as exc:
        return [], [message("csv_header", "{name}: the header line is not valid CSV ({why})", name=name, why=exc)]
    if not fieldnames or "text" not in [f.strip().lower() for f in fieldnames]:
        return [], [message("csv_no_text", "{name}: CSV needs a header with at least the column 'text' (fields: "
                            "{fields})", name=name, fields=", ".join(FIELDS))]
    while True:
        start = reader.line_num + 1  # the reader does not advance line_num on a malformed row
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                problems.append(message("csv_unclosed", "{name} line {line}: a quoted field is never closed; the "
                                        "rows from here to the end of the file are skipped", name=name, line=start))
                break
            problems.append(message("csv_malformed", "{name} line {line}: malformed CSV row ({why}); skipped", name=name,
                                    line=start, why=exc))
            continue
        where = message("where_line", "{name} line {line}", name=name, line=start)
        if None in rec:  # more cells than header columns
            problems.append(message("csv_extra_cells", "{where}: more cells than columns", where=where))
            continue
        rec = {(k or "").strip().lower(): v for k, v in rec.items()}
        article = _article_from_record(rec, where, problems)
        if article:
            articles.append(article)
    return articles, problems


def reader_for(name: str):
    """The record reader for a bulk file by its suffix (.jsonl or .csv), or None for a single article."""
    return {".jsonl": articles_from_jsonl, ".csv": articles_from_csv}.get(PurePath(name).suffix.lower())


def read_bulk_file(path: str | Path) -> tuple[list[Article], list[str]]:
    """A JSONL or CSV file from disk: its size is checked before it is read (decode.read_bytes_limited),
    then it is decoded as a file of records, where a stray NUL byte costs only its row."""
    path = Path(path)
    decoding: list[str] = []
    try:
        text = decode_bytes(read_bytes_limited(path), path.name, records=True, warnings=decoding)
    except OSError as exc:
        return [], [message("unreadable", "{name}: cannot be read ({why})", name=path.name, why=os_reason(exc))]
    except DecodeError as exc:
        return [], [exc.args[0]]
    articles, problems = reader_for(path.name)(text, path.name)
    return articles, decoding + problems


def _allow_long_fields() -> None:
    """csv refuses fields over 128 KB by default; an article text may be as large as a file may be."""
    from pipeline.decode import MAX_BYTES

    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)
