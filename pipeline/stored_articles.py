"""The stored articles as an analyst edits them: list, open, retitle, redate, delete (moved aside), restore.

Every change is made under the article folder's lock (the one uploads take, store.folder_lock) and written
atomically; the caller rebuilds the table afterwards (ingest.rebuild_table). Nothing is lost:
- a new title or date is written into the file's front matter, every other line (references, source, the
  text) stays as it was, and the text is checked to read back unchanged before the file is replaced;
- a title or date is part of the article's content hash, which keys the analyst's corrections, so the
  corrections of the article are moved to the new hash;
- a deleted article is moved aside into `<folder>.deleted/<time>/`, beside the folder (never inside it,
  where a build would read it), and restore() moves it back.
An article is named by its path relative to the folder, as list_articles gives it; a name that leads
outside the folder (absolute, '..', a symlink out) or to another kind of file is refused.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import pandas as pd

from pipeline.articles import ARTICLE_SUFFIXES, Article, ArticleError, read_article
from pipeline.corrections import rekey_corrections
from pipeline.decode import decode_bytes, read_bytes_limited
from pipeline.messages import message, reason_of
from pipeline.store import article_file_text, folder_lock
from pipeline.table import atomic_write_bytes, beside_table

TITLE_MAX_CHARS = 300


class EditError(ValueError):
    """A change that cannot be made; its message (pipeline.messages) names the article and why."""


@dataclass(frozen=True)
class StoredArticle:
    """One row of the article list. name: the path relative to the folder (what the other functions take);
    id: the article id the build gives it (the file's stem); problem: why it cannot be read (else None)."""
    name: str
    id: str
    title: str
    published: dt.date | None
    source: str
    events: int
    problem: str | None = None


def deleted_folder(folder: str | Path) -> Path:
    """Where deleted articles are kept: beside the article folder, so no build reads them."""
    folder = Path(folder).resolve()
    return folder.with_name(folder.name + ".deleted")


def list_articles(folder: str | Path, table: str | Path | None = None) -> list[StoredArticle]:
    """Every article file under folder (as the build reads them: hidden files left out), sorted by name, with
    the number of events the table has from it (0 without a table)."""
    root = Path(folder).resolve()
    counts = events_per_article(table) if table else {}
    out = []
    if not root.is_dir():
        return out
    for path in sorted(root.rglob("*")):
        if path.name.startswith(".") or path.suffix.lower() not in ARTICLE_SUFFIXES or not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        try:
            a = read_article(path)
        except ArticleError as exc:
            out.append(StoredArticle(name, path.stem, path.name, None, "", 0, exc.args[0]))
            continue
        out.append(StoredArticle(name, a.id, a.title, a.published, a.source, counts.get(a.id, 0)))
    return out


def events_per_article(table: str | Path) -> dict[str, int]:
    """article id -> how many events of the table it reports (from the mentions beside the table: an event
    several articles report counts for each of them); the table's own article column when that is missing."""
    try:
        m = pd.read_parquet(beside_table(Path(table), "mentions.parquet"), columns=["article_id", "merged_id"])
        return m.drop_duplicates().groupby("article_id").size().to_dict()
    except Exception:  # missing, damaged or of an older form
        pass
    try:
        return pd.read_parquet(table, columns=["article_id"])["article_id"].value_counts().to_dict()
    except Exception:
        return {}


def article_path(folder: str | Path, name: str) -> Path:
    """The file `name` (relative to folder) names; EditError when it is not an article file inside folder."""
    root = Path(folder).resolve()
    rel = PurePosixPath(str(name).replace("\\", "/"))
    bad = (not rel.parts or rel.is_absolute() or any(p in ("", ".", "..") or p.startswith(".") for p in rel.parts)
           or "\0" in str(name) or rel.suffix.lower() not in ARTICLE_SUFFIXES)
    path = (root / rel).resolve() if not bad else None
    if bad or root not in path.parents or not path.is_file():
        raise EditError(message("article_missing", "{name}: no such article", name=str(name)))
    return path


def open_article(folder: str | Path, name: str) -> Article:
    path = article_path(folder, name)
    try:
        return read_article(path)
    except ArticleError as exc:
        raise EditError(exc.args[0]) from exc


def retitle(folder: str | Path, name: str, title: str, corrections: str | Path | None = None) -> Article:
    """Give the article another title; returns it as stored now."""
    title = " ".join(str(title or "").split())
    if not title:
        raise EditError(message("title_empty", "{name}: a title is needed", name=name))
    if len(title) > TITLE_MAX_CHARS:
        raise EditError(message("title_long", "{name}: the title is longer than {limit} characters",
                                name=name, limit=TITLE_MAX_CHARS))
    return _rewrite(folder, name, corrections, title=title)


def redate(folder: str | Path, name: str, published: dt.date | None,
           corrections: str | Path | None = None) -> Article:
    """Give the article another publication date (None: no date); returns it as stored now."""
    if published is not None and not isinstance(published, dt.date):
        raise EditError(message("date_invalid", "{name}: not a date: {value}", name=name, value=published))
    return _rewrite(folder, name, corrections, published=published)


def _rewrite(folder, name, corrections, **change) -> Article:
    with folder_lock(folder):
        path = article_path(folder, name)
        old = open_article(folder, name)
        want = replace(old, **change)
        if (want.title, want.published) == (old.title, old.published):
            return old
        try:
            text = decode_bytes(read_bytes_limited(path), path.name)
        except (OSError, ValueError) as exc:
            raise EditError(message("article_unreadable", "{name}: cannot be read ({why})", name=name,
                                    why=reason_of(exc))) from exc
        new_text = _with_front_matter(text, want)
        atomic_write_bytes(path, new_text.encode("utf-8"))
        stored = read_article(path)
        if corrections and stored.content_hash != old.content_hash:
            rekey_corrections(corrections, old.content_hash, stored.content_hash)
        return stored


def _with_front_matter(text: str, want: Article) -> str:
    """The file text with title and published set in its front matter; other lines untouched. A file without
    front matter (or one whose text would not read back the same) is written in the store's form."""
    fields = {"title": want.title, "published": want.published.isoformat() if want.published else ""}
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None) if (
        lines and lines[0].strip() == "---") else None
    if end is not None:
        head = lines[1:end]
        for key, value in fields.items():
            at = [i for i, line in enumerate(head) if line.partition(":")[0].strip().lower() == key]
            for i in at[1:]:
                head[i] = None  # a repeated key: the parser keeps the last; one is enough
            if at:
                head[at[0]] = f"{key}: {value}"
            else:
                head.append(f"{key}: {value}")
        out = "\n".join(["---", *(h for h in head if h is not None), *lines[end:]])
        from pipeline.articles import article_from_text
        back = article_from_text(out, article_id=want.id)
        if (back.title, back.body, back.published) == (want.title, want.body, want.published):
            return out
    return article_file_text(want)


def delete(folder: str | Path, name: str) -> Path:
    """Move the article aside into deleted_folder(folder)/<time>/<name>; returns where it went (for restore)."""
    with folder_lock(folder):
        path = article_path(folder, name)
        rel = path.relative_to(Path(folder).resolve())
        target = deleted_folder(folder) / time.strftime("%Y%m%dT%H%M%S") / f"{time.time_ns()}" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        return target


def restore(folder: str | Path, deleted: str | Path) -> str:
    """Move a deleted article back to where it was; returns its name. EditError when the place is taken or
    `deleted` is not a file delete() moved aside."""
    root, trash = Path(folder).resolve(), deleted_folder(folder)
    deleted = Path(deleted).resolve()
    if trash not in deleted.parents or not deleted.is_file():
        raise EditError(message("article_missing", "{name}: no such article", name=Path(deleted).name))
    rel = deleted.relative_to(trash).parts[2:]  # <time>/<ns>/<name>
    if not rel:
        raise EditError(message("article_missing", "{name}: no such article", name=deleted.name))
    with folder_lock(folder):
        target = root.joinpath(*rel)
        if target.exists():
            raise EditError(message("restore_taken", "{name}: an article of that name is stored again; "
                                    "the deleted one stays in {where}", name="/".join(rel), where=str(deleted)))
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(deleted, target)
        return "/".join(rel)
