"""Small pieces the page's views share: plain text for markdown, a file's stamp, why a build failed, the
mentions and article text behind an evidence card, and the event table as the page shows it.

Cached loaders take str paths and file stamps (hashable; a changed file is a new cache entry); paths come from
board.page_paths for each run, never from the environment at import.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from board import review as rv
from board.figures import evidence_html
from board.ui_text import Labels
from board.page_paths import PagePaths
from pipeline.articles import ArticleError, read_article
from pipeline.messages import message_of
from pipeline.store import article_file

# The whole range of a datetime.date (widgets default to +-10 years); the table reaches further, and events
# before Christ are in view while "from" is empty.
EARLIEST, LATEST = dt.date.min, dt.date.max
MENTION_COLUMNS = ["merged_id", "article_id", "title", "source", "published", "date", "end", "date_text",
                   "sentence", "char_start"]
# What a reader looks for first (and what a 390 px screen shows): when, what, who, then the sentence.
SHOWN_COLUMNS = ["date", "event_type", "actors", "sentence", "review", "end", "precision", "date_text", "status",
                 "title", "confidence"]

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~$|!#])")
_MD_LINE_START = re.compile(r"^(\d{0,9})([-+=.)])(?=\s|$)")  # list item or heading underline


def md_text(text) -> str:
    """Plain text for Streamlit's markdown elements (messages, progress text): markdown characters
    backslash-escaped and whitespace collapsed, so a file name or title cannot become a link, image,
    list, heading or format."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _MD_LINE_START.sub(r"\1\\\2", text)


def failure_text(exc: BaseException, labels: Labels) -> str:
    """Why a build failed, in the page's language where the pipeline gave a message with a code."""
    said = message_of(exc)
    return labels.message(said) if hasattr(said, "code") else f"{type(exc).__name__}: {exc}"


def file_stamp(path: Path):
    """(mtime, size) of a file or folder, None when it is missing: the key of the page's caches."""
    try:
        s = path.stat()
    except OSError:
        return None
    return s.st_mtime_ns, s.st_size


@st.cache_resource(max_entries=4, show_spinner=False)
def load_mentions(path: str, stamp, columns: tuple):
    """(mentions, merged_id -> row positions), or None when the table has no readable mentions file beside it
    (or one without these columns: older than the review). Keyed by the file's (mtime, size) and the columns
    (the evidence card's, the review's); read on first use, not with the page."""
    try:
        df = pd.read_parquet(path, columns=list(columns))
    except Exception:  # missing, damaged or of an older form: the card falls back to the event's own columns
        return None
    return df, df.groupby("merged_id", sort=False).indices


def event_mentions(mentions_path: Path, event_id: str, columns=MENTION_COLUMNS):
    """The mentions merged into the event event_id (None when unknown)."""
    stamp = file_stamp(mentions_path)
    loaded = load_mentions(str(mentions_path), stamp, tuple(columns)) if stamp else None
    if loaded is None:
        return None
    df, positions = loaded
    rows = positions.get(event_id)
    return None if rows is None else df.iloc[rows]


@st.cache_data(max_entries=8, show_spinner=False)
def article_body(articles_dir: str, article_id: str, folder_stamp) -> str | None:
    path = article_file(Path(articles_dir), article_id)  # only inside the articles folder: the id is input
    if path is None:
        return None
    try:
        return read_article(path).body
    except ArticleError:
        return None


def evidence_card(row, labels: Labels, aliases, paths: PagePaths) -> None:
    """The evidence card of one event (a row of the table): its sentences, sources and article text."""
    st.html(evidence_html(row, labels, aliases,
                          article_body(str(paths.articles), row["article_id"], file_stamp(paths.articles)),
                          event_mentions(paths.mentions, row["event_id"])))


def display_frame(shown, labels: Labels):
    """The events as the page's tables show them: the reader's columns, labelled, values in the page's language."""
    out = shown.assign(review=rv.review_states(shown))[SHOWN_COLUMNS].copy()  # a state for older tables too
    out["review"] = out["review"].map(labels.review_state)
    out["event_type"] = out["event_type"].map(labels.event_type)
    out["status"] = out["status"].map(labels.status)
    out["precision"] = out["precision"].map(labels.precision)
    return out.rename(columns={c: labels[c] for c in SHOWN_COLUMNS})  # each column's label has its name
