"""Bulk input: JSONL and CSV with the fields id, title, published, source, text.

Malformed rows are reported by line number and skipped; the good rows are kept.
"""
from __future__ import annotations

import csv
import io
import json

from pipeline.articles import Article, ArticleError, article_from_text, parse_date, require_text

FIELDS = ("id", "title", "published", "source", "text")


def _article_from_record(rec: dict, where: str, problems: list[str]) -> Article | None:
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{where}: no text")
        return None
    article_id = str(rec.get("id") or "").strip() or where.replace(":", "_").replace(" ", "")
    published = None
    if rec.get("published"):
        try:
            published = parse_date(str(rec["published"]))
        except ValueError:
            problems.append(f"{where} ({article_id}): invalid publication date {rec['published']!r}; "
                            "relative dates stay unresolved")
    title = str(rec.get("title") or "").strip() or None
    if title is None and "\n" not in text.strip():
        title = article_id  # a one-line text is the body, not a title
    try:
        article = require_text(article_from_text(text, article_id=article_id, published=published, title=title,
                                                 source=str(rec.get("source") or "")), text)
    except ArticleError as exc:
        problems.append(f"{where}: {exc}")
        return None
    problems.extend(article.warnings)
    return article


def articles_from_jsonl(text: str, name: str = "input.jsonl") -> tuple[list[Article], list[str]]:
    articles, problems = [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name} line {lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(rec, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        article = _article_from_record(rec, where, problems)
        if article:
            articles.append(article)
    return articles, problems


def articles_from_csv(text: str, name: str = "input.csv") -> tuple[list[Article], list[str]]:
    articles, problems = [], []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if not reader.fieldnames or "text" not in [f.strip().lower() for f in reader.fieldnames]:
        return [], [f"{name}: CSV needs a header with at least the column 'text' (fields: {', '.join(FIELDS)})"]
    for rec in reader:
        where = f"{name} line {reader.line_num}"
        if None in rec:  # more cells than header columns
            problems.append(f"{where}: more cells than columns")
            continue
        rec = {(k or "").strip().lower(): v for k, v in rec.items()}
        article = _article_from_record(rec, where, problems)
        if article:
            articles.append(article)
    return articles, problems
