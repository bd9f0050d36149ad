"""Articles from the browser: uploaded files or pasted text -> articles -> the article store.

Every check an upload needs happens here, not in the page: file type by name, content decoded
the same way the command line decodes files (UTF-8, UTF-16 with BOM, Windows-1252, Latin-1; binary
refused), a size limit, empty files. Bad files are reported and skipped; the
good ones in the same upload are kept. Storing goes through store.save_article (atomic write,
duplicates by content, folder lock), and rebuild_table rebuilds the event table under the table lock
every writer takes, so two sessions uploading at once both end up in the table. The page never waits
for that lock: when another build holds it, the rebuild is queued to a background thread.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Callable

from pipeline.articles import Article, ArticleError, article_from_text, read_article, safe_article_id
from pipeline.bulk import reader_for
from pipeline.decode import MAX_BYTES, DecodeError, decode_bytes
from pipeline.store import LockBusy, save_article, stored_hashes, table_lock
from pipeline.messages import message, message_of, os_reason

TEXT_SUFFIXES = (".txt", ".md")
BULK_SUFFIXES = (".jsonl", ".csv")
ALLOWED_SUFFIXES = TEXT_SUFFIXES + BULK_SUFFIXES

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class StoredArticle:
    """One article of an upload or paste as stored: its file, title and date; new is False for a duplicate."""
    path: Path
    title: str
    published: dt.date | None
    new: bool


@dataclass
class IngestReport:
    saved: list[Path] = field(default_factory=list)
    duplicates: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stored: list[StoredArticle] = field(default_factory=list)  # saved and duplicates, in input order


def _article_id(name: str) -> str:
    return safe_article_id(PurePath(PurePath(name).name).stem)  # never a path from the browser


def decode_text(name: str, data: bytes, max_bytes: int = MAX_BYTES,
                warnings: list[str] | None = None) -> tuple[str | None, str | None]:
    """(text, None) for an acceptable upload, (None, problem) otherwise; warnings gets decoding repairs."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        return None, message("pdf" if suffix == ".pdf" else "wrong_type",
                             "{name}: file type {suffix} not accepted (allowed: {allowed})", name=name,
                             suffix=suffix or "(none)", allowed=", ".join(ALLOWED_SUFFIXES))
    try:
        text = decode_bytes(data, name, max_bytes, records=suffix in BULK_SUFFIXES, warnings=warnings)
    except DecodeError as exc:
        return None, exc.args[0]
    if not text.strip():
        return None, message("empty_file", "{name}: empty file", name=name)
    return text, None


def articles_from_upload(name: str, data: bytes, *, published: dt.date | None = None,
                         max_bytes: int = MAX_BYTES) -> tuple[list[Article], list[str]]:
    """Articles of one uploaded file; published applies to articles that carry no date of their own."""
    decoding: list[str] = []
    text, problem = decode_text(name, data, max_bytes, decoding)
    if problem:
        return [], [problem]
    reader = reader_for(name)
    if reader:
        articles, problems = reader(text, PurePath(name).name)
    else:
        articles = [article_from_text(text, article_id=_article_id(name))]
        problems = list(articles[0].warnings)
    problems[:0] = decoding
    out = []
    for article in articles:
        if not article.body.strip():
            problems.append(message("no_article_text", "{name} ({id}): no article text", name=name, id=article.id))
            continue
        if article.published is None and published is not None:
            article = Article(id=article.id, title=article.title, body=article.body, published=published,
                              source=article.source, path=article.path, warnings=article.warnings)
        out.append(article)
    return out, problems


def article_from_paste(title: str, text: str, published: dt.date | None = None,
                       source: str = "") -> tuple[Article | None, str | None]:
    """A pasted article. Without a title the text names itself as a plain upload does (a heading line, else its
    start), and keeps all of its text; only an empty text is refused."""
    title, text = " ".join((title or "").split()), (text or "").strip("\n")
    if not text.strip():
        return None, message("text_required", "text is required")
    source = " ".join((source or "").split())
    # the id is a placeholder until the title is known (_article_id below)
    article = article_from_text(text, article_id="pasted", published=published, title=title or None,
                                source=source)
    return replace(article, id=_article_id(article.title)), None


def store_articles(articles: list[Article], folder: str | Path, progress: Progress | None = None,
                   report: IngestReport | None = None) -> IngestReport:
    report = report or IngestReport()
    known = stored_hashes(folder)
    for i, article in enumerate(articles, 1):
        try:
            path, created = save_article(article, folder, known)
        except OSError as exc:
            report.problems.append(message("not_stored", "{id}: could not be stored ({why})", id=article.id,
                                           why=os_reason(exc)))
            continue
        (report.saved if created else report.duplicates).append(path)
        report.stored.append(StoredArticle(path, article.title, article.published, created))
        if progress:
            progress(i / len(articles), article.title)
    return report


def ingest_files(files: list[tuple[str, bytes]], folder: str | Path, *, published: dt.date | None = None,
                 max_bytes: int = MAX_BYTES, progress: Progress | None = None) -> IngestReport:
    """Uploaded (name, bytes) pairs -> stored articles; problems listed per file and line."""
    report = IngestReport()
    articles: list[Article] = []
    for name, data in files:
        found, problems = articles_from_upload(name, data, published=published, max_bytes=max_bytes)
        articles.extend(found)
        report.problems.extend(problems)
    return store_articles(articles, folder, progress, report)


def rebuild_table(articles_dir: str | Path, table_path: str | Path, saved: list[Path] = (),
                  progress: Progress | None = None, steps: int = 20, *, wait: bool = True,
                  allow_empty: bool = False):
    """Rebuild the event table from the folder, under the table lock every writer takes.

    saved: the articles just stored. They are run through the extractor first, in up to `steps`
    chunks with a progress call after each, into the build's per-article cache; the build then finds
    them there and only merges and writes. Without `saved` the build does all the work in one go.

    wait=False (the page): when another build holds the lock (a command-line build, another session's
    upload), nothing waits for it. The rebuild is queued to a background thread that builds once the lock
    is free, and None is returned; the articles are already stored, and the page's readers go on reading
    the last complete table. Returns (events, report) when the rebuild ran here.

    allow_empty: the rebuild may empty the table (the page deleted its last article); a queued rebuild
    never does.

    The article folder's lock is not held here: every store is an atomic rename, and a build that starts
    later (the lock orders them) reads the folder later, so it sees every article stored before it.
    """
    from pipeline.build import build, cache_path_for, extract_mentions, BuildReport  # late: heavy to load

    table_path = Path(table_path)
    new = []
    for path in saved:
        try:
            new.append(read_article(path))
        except ArticleError:
            continue  # the build reports it
    try:
        size = max(1, -(-len(new) // max(steps, 1)))
        for start in range(0, len(new), size):
            chunk = new[start:start + size]
            with table_lock(table_path, wait):  # one writer at a time updates the cache file
                extract_mentions(chunk, BuildReport(), cache_path=cache_path_for(table_path), workers=1)
            if progress:
                progress((start + len(chunk)) / len(new), chunk[-1].title)
        return build(articles_dir, table_path, wait=wait, allow_empty=allow_empty)
    except LockBusy:
        queue_rebuild(articles_dir, table_path)
        return None


@dataclass
class _Queued:
    thread: threading.Thread | None = None
    again: bool = True  # a request came after the running build read its inputs: build once more


_QUEUE: dict[Path, _Queued] = {}
_QUEUE_GUARD = threading.Lock()
_QUEUE_ERRORS: dict[Path, str] = {}


def queue_rebuild(articles_dir: str | Path, table_path: str | Path) -> None:
    """Rebuild the table in a background thread as soon as its lock is free. Requests that come in while
    one waits share it (it reads the folder only once it holds the lock); one that comes in while it runs
    makes it build once more, so no stored article is left out."""
    key = Path(table_path).resolve()
    with _QUEUE_GUARD:
        queued = _QUEUE.get(key)
        if queued is not None:
            queued.again = True
            return
        queued = _QUEUE[key] = _Queued()
        queued.thread = threading.Thread(target=_run_queued, args=(Path(articles_dir), key, queued),
                                         name=f"zeitleiste-rebuild-{key.name}", daemon=True)
        queued.thread.start()


def _run_queued(articles_dir: Path, table_path: Path, queued: _Queued) -> None:
    from pipeline.build import build  # late: heavy to load

    while True:
        locked = []

        def inputs_next():
            with _QUEUE_GUARD:
                queued.again = False
                locked.append(True)

        failure = None
        try:
            build(articles_dir, table_path, on_lock=inputs_next)
        except Exception as exc:  # kept for the page to show; the stored articles stay stored
            said = message_of(exc)  # a message with a code is said in the page's language
            failure = said if hasattr(said, "code") else f"{type(exc).__name__}: {exc}"
        with _QUEUE_GUARD:  # the page reads and clears the failure from its own thread
            if failure is None:
                _QUEUE_ERRORS.pop(table_path, None)
            else:
                _QUEUE_ERRORS[table_path] = failure
            if not queued.again or not locked:  # not locked: the lock itself failed, do not spin on it
                del _QUEUE[table_path]
                return


def rebuild_queued(table_path: str | Path) -> bool:
    """True while a queued background rebuild of the table waits for the lock or runs."""
    with _QUEUE_GUARD:
        return Path(table_path).resolve() in _QUEUE


def queued_rebuild_error(table_path: str | Path) -> str | None:
    """The last queued rebuild's failure ("<type>: <message>"), once; None if it succeeded."""
    with _QUEUE_GUARD:
        return _QUEUE_ERRORS.pop(Path(table_path).resolve(), None)


def wait_for_queued_builds(table_path: str | Path, timeout: float | None = None) -> bool:
    """Wait until no queued rebuild of the table is left; False on timeout."""
    deadline = None if timeout is None else time.monotonic() + timeout
    key = Path(table_path).resolve()
    while True:
        with _QUEUE_GUARD:
            queued = _QUEUE.get(key)
        if queued is None:
            return True
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            return False
        queued.thread.join(left if left is None else min(left, 1.0))
