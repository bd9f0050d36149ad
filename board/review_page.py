"""The review widgets of the page (issue 15): the review filter, confirm, reject, correct, merge, split and add
an event, the rejected events with undo, and the review queue.

The logic is board/review.py's (pure, tested without Streamlit); every correction goes through
pipeline.corrections.record (the one writer of data/corrections.jsonl), then the table is rebuilt so it shows it.
The files are the run's (board.page_paths), passed in.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from board import review as rv
from board.filters import EventIndex
from board.page_common import (EARLIEST, LATEST, display_frame, event_mentions, evidence_card, file_stamp,
                               md_text)
from board.page_paths import PagePaths
from board.ui_text import Labels
from pipeline.articles import ArticleError, read_article
from pipeline.corrections import CorrectionsError, record
from pipeline.ingest import rebuild_table
from pipeline.store import article_file
from pipeline.table import TableError, read_table

REVIEW_MENTION_COLUMNS = ["merged_id", "event_id", "review_key", "article_id", "title", "published", "date", "end",
                          "precision", "date_text", "event_type", "status", "actors", "sentence", "char_start"]


def review_filter(labels: Labels) -> str:
    """The sidebar's review filter: all events, the reviewed ones, or those that need review."""
    return st.sidebar.radio(labels["review_filter"], rv.REVIEW_FILTERS, key="review", horizontal=True,
                            format_func=lambda v: labels[f"review_filter_{v}"])


def review_notice(labels: Labels) -> None:
    """What the last review action did (set before its rerun)."""
    ss = st.session_state
    if "_review_notice" in ss:
        kind, text = ss.pop("_review_notice")
        (st.success if kind == "ok" else st.info if kind == "pending" else st.error)(text)


def _event_words(row, labels: Labels) -> str:
    date = rv.form_values(row).date
    when = date.strftime(labels["date_format"]) if date else ""
    who = ", ".join(list(row["actors"])[:3]) if row.get("actors") is not None else ""
    return md_text(" · ".join(x for x in (when, labels.event_type(str(row["event_type"])), who) if x))


def _save_correction(make, labels: Labels, paths: PagePaths, row=None, done=None) -> None:
    """Write the correction make() returns and rebuild the table; the outcome is said after the rerun. A form
    problem is said at once and nothing is written."""
    ss = st.session_state
    try:
        correction = make()
        record(paths.corrections, correction)
    except rv.FormProblem as problem:
        st.warning(labels.fmt(problem.key, **problem.values))
        return
    except (CorrectionsError, OSError) as exc:  # a damaged corrections file is named, never overwritten
        st.error(f"{labels['review_failed']}: {md_text(exc)}")
        return
    action = labels.review_action(correction.action)
    if done is not None:
        done()
    # rows move after a rebuild: the table's selection (kept by the browser) would mark another event, so the
    # table is drawn anew under another key (table_key)
    ss["_review_gen"] = ss.get("_review_gen", 0) + 1
    what = _event_words(row, labels) if row is not None else md_text(correction.change.get("sentence", ""))[:120]
    try:
        built = rebuild_table(paths.articles, paths.table, wait=False)
    except Exception as exc:  # the correction is kept; the page explains, not crashes
        ss["_review_notice"] = ("error", f"{labels['build_failed']}: {md_text(f'{type(exc).__name__}: {exc}')}")
    else:
        kind = "ok" if built is not None else "pending"
        ss["_review_notice"] = (kind, labels.fmt("review_saved" if built is not None else "review_saved_pending",
                                                 action=action, event=what))
    st.rerun()


def table_key() -> str:
    """The event table's widget key: "table", and a new one after each review action (see _save_correction)."""
    gen = st.session_state.get("_review_gen", 0)
    return "table" if not gen else f"table-{gen}"


def review_panel(row, index: EventIndex, labels: Labels, paths: PagePaths, *, shortcuts: bool = False) -> None:
    """The review controls of one event (a row of index.df): its state, confirm and reject (with keyboard
    shortcuts in the queue), the correction form, merge and split."""
    st.subheader(labels["review_heading"])
    if not rv.can_review(index.df):
        st.info(labels["review_no_keys"])
        return
    eid = str(row["event_id"])  # its state is on the evidence card above
    note = st.text_input(labels["review_note"], key=f"rv_note_{eid}")
    keys = {k: labels[f"review_shortcut_{k}"] for k in ("confirm", "reject", "skip")} if shortcuts else {}
    c1, c2, c3 = st.columns(3)
    if c1.button(labels["review_confirm"], key=f"rv_confirm_{eid}", icon=":material/check:", type="primary",
                 shortcut=keys.get("confirm")):
        _save_correction(lambda: rv.verdict("confirm", row, note), labels, paths, row)
    if c2.button(labels["review_reject"], key=f"rv_reject_{eid}", icon=":material/close:",
                 shortcut=keys.get("reject")):
        _save_correction(lambda: rv.verdict("reject", row, note), labels, paths, row)
    if shortcuts:
        if c3.button(labels["review_skip"], key=f"rv_skip_{eid}", icon=":material/skip_next:",
                     shortcut=keys.get("skip")):
            st.session_state.setdefault("_review_skipped", []).append(eid)
            st.rerun()
        st.caption(labels.fmt("review_queue_hint", **keys))

    # keyed: an expander stays open when the elements above it change (a notice comes or goes)
    with st.expander(labels["review_correct"], key=f"rv_open_fix_{eid}"):
        form = _event_form(f"rv_fix_{eid}", rv.form_values(row), index, labels)
        if st.button(labels["review_correct_button"], key=f"rv_fix_{eid}_go"):
            _save_correction(lambda: rv.correction_from_form(row, form, note), labels, paths, row)

    with st.expander(labels["review_merge_split"], key=f"rv_open_merge_{eid}"):
        near = rv.merge_candidates(index.df, row)
        if near.empty:
            st.caption(labels["review_merge_none"])
        else:
            other = st.selectbox(labels["review_merge_with"], list(near.index), key=f"rv_merge_{eid}",
                                 format_func=lambda i: _choice_text(index.df.loc[i], labels),
                                 placeholder=labels["choose"])
            if st.button(labels["review_merge_button"], key=f"rv_merge_{eid}_go"):
                _save_correction(lambda: rv.merge(row, index.df.loc[other], note), labels, paths, row)
        parts = rv.split_choices(event_mentions(paths.mentions, eid, REVIEW_MENTION_COLUMNS))
        if len(parts):
            pick = st.selectbox(labels["review_split_mention"], list(range(len(parts))), key=f"rv_split_{eid}",
                                format_func=lambda i: _choice_text(parts.iloc[i], labels), placeholder=labels["choose"])
            if st.button(labels["review_split_button"], key=f"rv_split_{eid}_go"):
                _save_correction(lambda: rv.split(parts.iloc[pick].to_dict(), note), labels, paths, row)


def _choice_text(row, labels: Labels, width: int = 90) -> str:
    sentence = " ".join(str(row.get("sentence") or "").split())
    sentence = sentence if len(sentence) <= width else sentence[:width - 1] + "…"
    return f"{_event_words(row, labels)} · {row.get('article_id', '')}: {sentence}"


def _event_form(prefix: str, start: "rv.EventForm", index: EventIndex, labels: Labels) -> "rv.EventForm":
    """Date (with end and precision), type, participants and status; keys under prefix, starting at start."""
    ss = st.session_state
    # starting values through the session state (a widget given both a value and a state warns)
    for name, value in (("date", start.date), ("end", start.end), ("precision", start.precision),
                        ("type", start.event_type or None), ("status", start.status),
                        ("actors", list(start.actors))):
        if f"{prefix}_{name}" not in ss:
            ss[f"{prefix}_{name}"] = value
    c1, c2, c3 = st.columns(3)
    date = c1.date_input(labels["date"], min_value=EARLIEST, max_value=LATEST, format="DD.MM.YYYY",
                         key=f"{prefix}_date")
    end = c2.date_input(labels["review_end"], min_value=EARLIEST, max_value=LATEST, format="DD.MM.YYYY",
                        key=f"{prefix}_end")
    precision = c3.selectbox(labels["precision"], list(rv.PRECISIONS), key=f"{prefix}_precision",
                             format_func=labels.precision, placeholder=labels["choose"])
    types = list(dict.fromkeys([*index.types, *labels.own_mapping("event_types"),
                                *Labels("de").own_mapping("event_types")]))
    if start.event_type and start.event_type not in types:
        types.insert(0, start.event_type)
    c4, c5 = st.columns([3, 1])
    event_type = c4.selectbox(labels["event_type"], types, key=f"{prefix}_type", format_func=labels.event_type,
                              placeholder=labels["choose"])
    status = c5.selectbox(labels["status"], list(rv.STATUSES), key=f"{prefix}_status", format_func=labels.status,
                          placeholder=labels["choose"])
    options = list(dict.fromkeys([*start.actors, *index.actors]))
    actors = st.multiselect(labels["review_participants"], options, key=f"{prefix}_actors", accept_new_options=True,
                            placeholder=labels["choose_or_type"])
    # a date picked without an end is a day; an end before the date is said by the form's check
    return rv.EventForm(date, end if end is not None else date, precision, event_type or "", tuple(actors), status)


ARTICLE_CHOICES = 2_000  # up to this many stored articles are offered in a list; above, the id is typed


@st.cache_data(max_entries=4, show_spinner=False)
def stored_article_ids(articles_dir: str, folder_stamp) -> list[str]:
    """The ids (file stems) of the stored articles, without reading them: an archive may hold many."""
    from pipeline.articles import iter_article_files
    return list(dict.fromkeys(p.stem for p in iter_article_files(Path(articles_dir))))


def add_event_form(index: EventIndex, labels: Labels, paths: PagePaths) -> None:
    """An event the extractor missed: a sentence of a stored article (or a typed one), with its date (the
    sentence's first date expression is offered), type, participants and status."""
    with st.expander(labels["review_add"], key="rv_open_add"):
        if not rv.can_review(index.df) and len(index.df):
            st.info(labels["review_no_keys"])
            return
        ss = st.session_state
        if ss.pop("_rv_add_clear", False):  # the last one is stored: an empty form for the next one
            for key in [k for k in ss if str(k).startswith("rv_add_") or k == "_rv_add_guessed"]:
                del ss[key]
        ids = stored_article_ids(str(paths.articles), file_stamp(paths.articles))
        titles = index.memo("article_titles", lambda: dict(zip(index.df["article_id"], index.df["title"])))
        if len(ids) <= ARTICLE_CHOICES:
            choice = st.selectbox(labels["review_add_article"], ["", *ids], key="rv_add_article",
                                  format_func=lambda a: labels["review_add_typed"] if not a
                                  else f"{titles[a]} ({a})" if titles.get(a) else a, placeholder=labels["choose"])
        else:
            choice = st.text_input(labels["review_add_article_id"], key="rv_add_article").strip()
        article = None
        if choice:
            path = article_file(paths.articles, choice)
            try:
                article = read_article(path) if path else None
            except ArticleError:
                article = None
        if article is not None:
            sentence = st.selectbox(labels["review_add_sentence"], rv.article_sentences(article), index=None,
                                    key=f"rv_add_sentence_{choice}", placeholder=labels["choose"])
        else:
            sentence = st.text_area(labels["review_add_typed_sentence"], key="rv_add_typed", height=80)
        published = article.published if article is not None else None
        if sentence and ss.get("_rv_add_guessed") != (choice, sentence):  # offer the sentence's own date
            ss["_rv_add_guessed"] = (choice, sentence)
            guess = rv.date_in_sentence(sentence, published)
            if guess is not None:
                ss["rv_add_date"], ss["rv_add_end"] = guess.date, guess.end
                ss["rv_add_precision"], ss["rv_add_date_text"] = guess.precision, guess.date_text
        date_text = st.text_input(labels["review_add_date_text"], key="rv_add_date_text")
        form = _event_form("rv_add", rv.EventForm(None, None, "day", "", (), "happened"), index, labels)
        note = st.text_input(labels["review_note"], key="rv_add_note")
        if st.button(labels["review_add_button"], key="rv_add_go", type="primary"):
            _save_correction(lambda: rv.added_event(sentence, form, article=article, date_text=date_text,
                                                    note=note), labels, paths,
                             done=lambda: ss.update(_rv_add_clear=True))


@st.cache_resource(max_entries=2, show_spinner=False)
def load_rejected(path: str, stamp):
    """The rejected events (None when the file is unreadable); keyed by the file's (mtime, size)."""
    try:
        return read_table(path)
    except (TableError, OSError, ValueError):
        return None


def rejected_list(labels: Labels, paths: PagePaths) -> None:
    """The rejected events (data/rejected.parquet), each with an undo (a confirm brings it back)."""
    stamp = file_stamp(paths.rejected)
    rejected = load_rejected(str(paths.rejected), stamp) if stamp else None
    if rejected is None or rejected.empty:
        return
    with st.expander(labels.fmt("review_rejected", n=len(rejected)), key="rv_open_rejected"):
        st.dataframe(display_frame(rejected, labels), hide_index=True, key="rv_rejected_table")
        pick = st.selectbox(labels["review_undo_pick"], list(range(len(rejected))), key="rv_undo_pick",
                            format_func=lambda i: _choice_text(rejected.iloc[i], labels), placeholder=labels["choose"])
        if st.button(labels["review_undo"], key="rv_undo_go", icon=":material/undo:"):
            row = rejected.iloc[pick].to_dict()
            _save_correction(lambda: rv.verdict("confirm", row), labels, paths, row)


def review_queue_view(view, index: EventIndex, labels: Labels, paths: PagePaths) -> None:
    """The unreviewed events of the filtered view, least sure first; confirm, reject or skip with a key."""
    queue = rv.review_queue(view, st.session_state.get("_review_skipped", ()))
    if not rv.can_review(index.df) and len(index.df):
        st.info(labels["review_no_keys"])
    elif queue.empty:
        st.success(labels["review_queue_empty"])
    else:
        st.markdown(labels.fmt("review_queue_count", n=len(queue)))
        label = queue.index[0]
        row = index.df.loc[label]
        confidence = row.get("confidence")
        if pd.notna(confidence):
            st.caption(f"{labels['confidence']}: {float(confidence):.2f}")
        evidence_card(row, labels, index.aliases, paths)
        review_panel(row, index, labels, paths, shortcuts=True)
    add_event_form(index, labels, paths)
    rejected_list(labels, paths)
