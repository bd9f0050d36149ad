"""Articles: the input unit of the pipeline (DESIGN.md, "Articles").

An article file is UTF-8 text with optional YAML-style front matter. Front matter is
parsed line by line as ``key: value`` (split at the first colon) rather than with a YAML
parser, because real titles contain ": " ("Ukraine-Krieg: US-Verteidigungschef ...").
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from pipeline.decode import (DecodeError, decode_bytes, html_to_text, looks_german, looks_like_html,
                             read_bytes_limited)
from pipeline.messages import message, os_reason

ARTICLE_SUFFIXES = (".txt", ".md")


class ArticleError(ValueError):
    """An article that cannot be used; the message names the article and the problem."""


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    body: str
    published: dt.date | None = None
    source: str = ""
    path: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @cached_property
    def content_hash(self) -> str:
        """Computed once per article (the body can be megabytes, and every event's id uses it)."""
        return content_hash(self.title, self.body, self.published)


def content_hash(title: str, body: str, published: dt.date | None) -> str:
    h = hashlib.sha256()
    for part in (title, "\x1f", body, "\x1f", published.isoformat() if published else ""):
        h.update(part.encode("utf-8", "surrogatepass"))  # a lone surrogate must not stop a build
    return h.hexdigest()[:16]


def parse_date(value: str | None) -> dt.date | None:
    """ISO date (YYYY-MM-DD) or None; raises ValueError for anything else."""
    if value is None:
        return None
    value = str(value).strip().strip("'\"")
    if not value:
        return None
    return dt.date.fromisoformat(value[:10])


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (metadata, body). Text without a leading '---' block has no metadata."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            meta: dict[str, str] = {}
            for line in lines[1:i]:
                key, sep, value = line.partition(":")
                if sep and key.strip():
                    meta[key.strip().lower()] = value.strip().strip("'\"")
            return meta, "\n".join(lines[i + 1:]).lstrip("\n")
    return {}, text  # an unterminated block is body text, not metadata


def article_from_text(text: str, *, article_id: str, published: dt.date | None = None,
                      title: str | None = None, source: str = "", path: str = "",
                      keep_first_line: bool = False) -> Article:
    """Build an Article from file text. Explicit arguments override front matter.
    keep_first_line: a bulk row's text is all body; a title made from its first line stays in it too."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if looks_like_html(text):
        text = html_to_text(text)
    meta, body = split_front_matter(text)
    warnings: list[str] = []
    if published is None and meta.get("published"):
        try:
            published = parse_date(meta["published"])
        except ValueError:
            warnings.append(message("invalid_date", "{id}: invalid publication date {value!r}; relative dates "
                                    "stay unresolved", id=article_id, value=meta["published"]))
    title = title or meta.get("title")
    if not title:
        title, body = _title_from_body(body, article_id, bool(meta), keep_first_line)
    if published and published > dt.date.today():
        warnings.append(message("future_date", "{id}: publication date {date} lies in the future; kept",
                                id=article_id, date=published))
    if not looks_german(body):
        warnings.append(message("not_german", "{id}: does not look German; few or no events expected", id=article_id))
    return Article(id=article_id, title=title.strip(), body=body, published=published,
                   source=source or meta.get("source", ""), path=path, warnings=tuple(warnings))


HEADING_MAX_CHARS = 150
# a sentence ends in . ! ? … or : (an introduction), maybe followed by closing quotes or brackets
_SENTENCE_END = re.compile(r"[.!?…:][\"'“”»«‘’)\]]*$")


def is_heading(line: str) -> bool:
    """A line that can be an article's title: short (under HEADING_MAX_CHARS characters) and without
    sentence-final punctuation. A first paragraph written on one line is none."""
    line = line.strip()
    return bool(line) and len(line) < HEADING_MAX_CHARS and not _SENTENCE_END.search(line)


def _title_from_body(body: str, article_id: str, has_meta: bool, keep_first_line: bool) -> tuple[str, str]:
    """(title, body). DESIGN.md: without front matter a short first line (a heading: is_heading) is the title.
    Anything else stays body text: a first paragraph on one line is never lost to the title."""
    first, _, rest = body.lstrip("\n").partition("\n")
    if not first.strip() or has_meta:
        return article_id, body
    if rest.strip() and not keep_first_line and is_heading(first):
        # the body as it reads back from the store (after front matter): the same content hash, so the same
        # file uploaded again is a duplicate
        return first.strip(), rest.lstrip("\n")
    # a first paragraph, a one-line text (a title alone gives no events) or a bulk row: the body keeps it,
    # its start names it
    return title_from_start(first), body


def title_from_start(line: str) -> str:
    """The line as a title, cut at a word with '…' past 80 characters."""
    line = line.strip()
    return line if len(line) <= 80 else line[:77].rsplit(" ", 1)[0] + " …"


def read_article(path: str | Path, *, published: dt.date | None = None) -> Article:
    path = Path(path)
    decoding: list[str] = []
    try:
        text = decode_bytes(read_bytes_limited(path), path.name, warnings=decoding)
    except OSError as exc:
        raise ArticleError(message("unreadable", "{name}: cannot be read ({why})", name=path.name,
                                   why=os_reason(exc))) from exc
    except DecodeError as exc:
        raise ArticleError(exc.args[0]) from exc
    article = article_from_text(text, article_id=path.stem, published=published, path=str(path))
    return require_text(replace(article, warnings=(*decoding, *article.warnings)), text)


def require_text(article: Article, text: str) -> Article:
    """Raise for an article without body text (empty input or front matter only)."""
    if not article.body.strip():
        if text.strip() and text.lstrip("\ufeff").startswith("---"):
            raise ArticleError(message("front_matter_only", "{id}: only front matter, no text", id=article.id))
        raise ArticleError(message("empty_article", "{id}: empty", id=article.id))
    return article


def iter_article_files(folder: str | Path):
    """Article files under folder, sorted so every run sees the same order."""
    folder = Path(folder)
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)


def safe_article_id(raw: str, fallback: str = "artikel") -> str:
    """An id that is safe as a file name: ids from JSONL/CSV or uploads end up in paths (store, page), so
    '../../geheim' must not reach one. Letters (umlauts too), digits, '_', '.', '-' are kept; no path
    separator survives, and no leading dot (no '..', no hidden file)."""
    slug = re.sub(r"[^\w.-]+", "-", raw).strip("-.")[:100].strip("-.")
    return slug or fallback
