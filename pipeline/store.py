"""The article store: data/articles/, one front-matter file per article, written atomically.

Duplicates are detected by content (title, body, publication date), not by file name, so the
same article uploaded twice or under another name is stored once.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import re
import tempfile
from pathlib import Path

from pipeline.articles import ARTICLE_SUFFIXES, Article, content_hash, iter_article_files, read_article, ArticleError
from pipeline.table import atomic_write_bytes


def article_file_text(article: Article) -> str:
    published = article.published.isoformat() if article.published else ""
    title = " ".join(article.title.split())
    source = " ".join(article.source.split())
    return f"---\ntitle: {title}\npublished: {published}\nsource: {source}\n---\n{article.body}"


def _slug(text: str) -> str:
    slug = re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-").lower()
    return slug[:60] or "artikel"


def stored_hashes(folder: str | Path) -> dict[str, Path]:
    hashes = {}
    for path in iter_article_files(folder):
        try:
            hashes[read_article(path).content_hash] = path
        except ArticleError:
            continue
    return hashes


@contextlib.contextmanager
def folder_lock(folder: str | Path):
    """Exclusive lock on an article folder, across threads and processes (two browser sessions
    uploading at once): the duplicate check and the write happen as one step. Builds do not take it:
    a stored article appears by an atomic rename, and table_lock orders the builds."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with _path_lock(folder):
        yield


class LockBusy(RuntimeError):
    """The lock is held by another writer and the caller asked not to wait."""


@contextlib.contextmanager
def table_lock(table: str | Path, wait: bool = True):
    """Exclusive lock held by every writer of an event table (command line and page), so two builds never
    interleave and the one that starts later also reads its inputs later. Readers never take it: tables
    are replaced by atomic renames, so the last complete one is always there to read. wait=False raises
    LockBusy at once when another writer holds it."""
    with _path_lock(Path(table).with_suffix(".table"), wait):
        yield


@contextlib.contextmanager
def file_lock(path: str | Path, wait: bool = True):
    """Exclusive lock for the writers of one small data file (the corrections file): read, change and rename
    happen as one step, so two writers at once both keep their lines."""
    with _path_lock(Path(path).with_suffix(Path(path).suffix + ".lock"), wait):
        yield


@contextlib.contextmanager
def _path_lock(path: Path, wait: bool = True):
    # The lock file lives in the temp dir, keyed by the real path, so the data folder (and git
    # status) stays clean.
    key = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"zeitleiste-{key}.lock", "a+b") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockBusy(f"{path.name}: another build holds the lock") from None
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def save_article(article: Article, folder: str | Path, known: dict[str, Path] | None = None) -> tuple[Path, bool]:
    """Store article in folder; return (path, created). created is False for a duplicate."""
    folder = Path(folder)
    with folder_lock(folder):
        known = stored_hashes(folder) if known is None else known
        digest = content_hash(article.title, article.body, article.published)
        if digest in known:
            return known[digest], False
        date = article.published.isoformat() if article.published else "undatiert"
        path = folder / f"{date}_{_slug(article.id if article.id != article.title else article.title)}_{digest[:8]}.txt"
        # `known` may be stale: another session can have stored the same content (under another
        # name) since it was taken. The digest is part of every stored file name, so re-check cheaply.
        for other in sorted(folder.glob(f"*_{digest[:8]}*.txt")):
            try:
                if read_article(other).content_hash == digest:
                    known[digest] = other
                    return other, False
            except ArticleError:
                continue
        # the name can be taken by another content: an article given another title or date on the page
        # (pipeline.stored_articles) keeps its file name, which holds the old content's digest
        n = 1
        while path.exists():
            n += 1
            path = path.with_name(f"{path.stem.rsplit('~', 1)[0]}~{n}.txt")
        atomic_write_bytes(path, article_file_text(article).encode("utf-8"))
        known[digest] = path
        return path, True


def article_file(folder: str | Path, article_id: str) -> Path | None:
    """The article file of article_id inside folder, or None: directly in it, else in a subfolder (bulk builds
    and synthetic archives store batches in subfolders; the id is the file's stem, as the build reads it). The id
    comes from the event table (JSONL/CSV input), so it must not lead anywhere else: an id with a path separator
    or a leading dot is never searched for, and a path outside the folder, or a symlink out of it, is refused by
    comparing resolved paths. Of several files with the stem, the first in sorted order (the build's order)."""
    root = Path(folder).resolve()
    for suffix in ARTICLE_SUFFIXES:
        path = (root / f"{article_id}{suffix}").resolve()
        if path.parent == root and path.is_file():
            return path
    article_id = str(article_id)
    if not article_id or article_id.startswith(".") or any(c in article_id for c in "/\\\0"):
        return None
    names = {f"{article_id}{suffix}" for suffix in ARTICLE_SUFFIXES}
    try:
        found = sorted(p for p in root.rglob("*") if p.name in names)
    except OSError:
        return None
    for path in found:
        real = path.resolve()
        if root in real.parents and real.is_file():
            return real
    return None
