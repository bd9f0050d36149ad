"""Zeitleiste: the Streamlit page. A thin layer over board.filters/figures/export/ingest/network.

Run: streamlit run dashboard.py. ZEITLEISTE_DATA_DIR chooses the data folder (articles/ and
events.parquet; default ./data), so tests run on a copy and never touch the shipped data.
The script does no pipeline work on reruns: the table is loaded once per file version (cached), and
the pipeline runs only when the table is missing or damaged, or after an upload.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline.articles import ArticleError, read_article
from pipeline.decode import MAX_BYTES
from board.export import (XLSX_MIME, to_csv_bytes, to_json_bytes, to_plain_csv_bytes, to_timelinejs_bytes,
                             to_xlsx_bytes)
from board.figures import (HOVER_SENTENCE_LIMIT, declutter_script, evidence_html, plotly_config, hover_texts,
                           network_figure, summary_cell, timeline_figure)
from board.filters import EventIndex, Filters, load_aliases
from pipeline.ingest import (article_from_paste, ingest_files, queued_rebuild_error, rebuild_queued, rebuild_table,
                             store_articles)
from board.network import contact_pairs, counts_by_actor_type, counts_by_type
from pipeline.store import article_file
from pipeline.corrections import corrections_path_for
from pipeline.messages import message_of
from pipeline.stored_articles import EditError, delete, list_articles, open_article, redate, restore, retitle
from pipeline.table import TableError, beside_table, read_table
from board.ui_text import Labels, option_from_text
from board.widget_texts import widget_texts_html

REPO = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ZEITLEISTE_DATA_DIR") or REPO / "data")
ARTICLES_DIR = DATA_DIR / "articles"
TABLE_PATH = DATA_DIR / "events.parquet"
# every mention beside the table, with the id of the event it was merged into (the rule of
# pipeline.build.mentions_path_for, from pipeline.table: pipeline.build loads the extractor)
MENTIONS_PATH = beside_table(TABLE_PATH, "mentions.parquet")
MENTION_COLUMNS = ["merged_id", "article_id", "title", "source", "published", "date", "end", "date_text",
                   "sentence", "char_start"]
ACTORS_PATH = next((p for p in (DATA_DIR / "actors.yaml", REPO / "data" / "actors.yaml") if p.exists()),
                   REPO / "data" / "actors.yaml")
TABLE_ROWS_SHOWN = 1_000
# Up to this many rows the downloads are prepared with the page; above, on click (deferred).
EAGER_DOWNLOAD_ROWS = int(os.environ.get("ZEITLEISTE_EAGER_DOWNLOAD_ROWS", "5000"))
# The whole range of a datetime.date (widgets default to +-10 years); the table reaches further, and events
# before Christ are in view while "from" is empty.
EARLIEST, LATEST = dt.date.min, dt.date.max
VIEWS = ["timeline", "network", "counts", "review", "add", "articles"]
LANES = ["event_type", "actor"]
# What a reader looks for first (and what a 390 px screen shows): when, what, who, then the sentence.
SHOWN_COLUMNS = ["date", "event_type", "actors", "sentence", "review", "end", "precision", "date_text", "status",
                 "title", "confidence"]

st.set_page_config(page_title="Zeitleiste", layout="wide")
# The data grid's own CSV export writes cells verbatim (no formula neutralising), so it is switched
# off; the page's download buttons are the way to get data. .streamlit/config.toml sets this for
# the first page view; setting it here also covers a server started from another folder.
if not st.get_option("client.disableDataExport"):
    st.set_option("client.disableDataExport", True)

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


def _stamp(path: Path):
    try:
        s = path.stat()
    except OSError:
        return None
    return s.st_mtime_ns, s.st_size


@st.cache_resource(max_entries=2, show_spinner=False)
def load_index(table_path: str, stamp, actors_path: str, actors_stamp) -> EventIndex:
    """Keyed by the files' (mtime, size): a rebuilt table or gazetteer is a new cache entry."""
    return EventIndex(read_table(table_path), load_aliases(actors_path))


def current_index(labels: Labels) -> EventIndex:
    try:
        if _stamp(TABLE_PATH) is None:
            raise TableError("no event table")
        return load_index(str(TABLE_PATH), _stamp(TABLE_PATH), str(ACTORS_PATH), _stamp(ACTORS_PATH))
    except TableError:
        pass
    # Missing, damaged or half-written: rebuild from the articles, never show a partial table. When another
    # build holds the lock, the page does not wait for it: the rebuild is queued and the page says so.
    with st.spinner(labels["rebuilding"]):
        try:
            built = rebuild_table(ARTICLES_DIR, TABLE_PATH, wait=False)
        except Exception as exc:  # the page must explain, not crash, when the pipeline fails
            st.error(f"{labels['build_failed']}: {md_text(failure_text(exc, labels))}")
            st.stop()
    if built is None:
        await_queued_build(labels["table_waiting"], None)
        st.stop()
    st.toast(labels["table_rebuilt"])
    return load_index(str(TABLE_PATH), _stamp(TABLE_PATH), str(ACTORS_PATH), _stamp(ACTORS_PATH))


@st.fragment(run_every=2)
def await_queued_build(message: str | None, shown) -> None:
    """While a queued rebuild waits for another build (or runs), say so (message); once it has written a
    table newer than the one shown (stamp `shown`), rerun the page so it shows it. A fragment: only this
    part reruns every 2 s, so the page stays usable meanwhile."""
    if rebuild_queued(TABLE_PATH):
        if message:
            st.info(message)
    elif _stamp(TABLE_PATH) != shown:
        st.rerun()  # the whole page: the table has a new stamp


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


def event_mentions(event_id: str, columns=MENTION_COLUMNS):
    """The mentions merged into the event event_id (None when unknown)."""
    stamp = _stamp(MENTIONS_PATH)
    loaded = load_mentions(str(MENTIONS_PATH), stamp, tuple(columns)) if stamp else None
    if loaded is None:
        return None
    df, positions = loaded
    rows = positions.get(event_id)
    return None if rows is None else df.iloc[rows]


@st.cache_data(max_entries=8, show_spinner=False)
def article_body(article_id: str, folder_stamp) -> str | None:
    path = article_file(ARTICLES_DIR, article_id)  # only inside the articles folder: the id is input
    if path is None:
        return None
    try:
        return read_article(path).body
    except ArticleError:
        return None


def downloads(view, labels: Labels, index: EventIndex) -> None:
    today = dt.date.today().strftime("%Y%m%d")
    eager = len(view) <= EAGER_DOWNLOAD_ROWS
    # (label key, make the file, MIME type, file name, always on click): the workbook takes ~0.5 ms a row to
    # write, too slow to remake on every rerun, so it is made when clicked
    specs = [("download_xlsx", lambda: to_xlsx_bytes(view), XLSX_MIME, f"zeitleiste_{today}.xlsx", True),
             ("download_csv", lambda: to_csv_bytes(view), "text/csv", f"zeitleiste_{today}_excel.csv", False),
             ("download_csv_plain", lambda: to_plain_csv_bytes(view), "text/csv", f"zeitleiste_{today}.csv", False),
             ("download_json", lambda: to_json_bytes(view), "application/json", f"zeitleiste_{today}.json", False),
             ("download_timelinejs", lambda: to_timelinejs_bytes(view, labels), "text/csv",
              f"zeitleiste_timelinejs_{today}.csv", False)]
    cols = st.columns(len(specs))
    for col, (key, make, mime, name, on_click) in zip(cols, specs):
        now = eager and not on_click
        hint = labels[f"{key}_help"] + ("" if eager else "  \n" + labels.fmt("download_prepare", rows=len(view)))
        col.download_button(labels[key], data=make() if now else make, file_name=name, mime=mime,
                            key=f"dl_{key}", on_click="ignore", icon=":material/download:", help=hint)


def add_articles(labels: Labels) -> None:
    # the command line's limit (pipeline.decode.MAX_BYTES), or a lower server.maxUploadSize
    max_bytes = min(int(st.get_option("server.maxUploadSize")) * 2**20, MAX_BYTES)
    ss = st.session_state
    if ss.pop("_paste_stored", False):  # the pasted article is stored: an empty form for the next one
        ss["paste_title"], ss["paste_source"], ss["paste_text"], ss["paste_published"] = "", "", "", None
    with st.form("upload", clear_on_submit=True):
        # No `type=`: the browser would refuse other files with Streamlit's own English message; ingest refuses
        # them with the page's message, in its language (Labels.message).
        files = st.file_uploader(labels["upload"], accept_multiple_files=True, help=labels["upload_help"])
        published = st.date_input(labels["upload_published"], value=None, min_value=EARLIEST, max_value=LATEST,
                                  format="DD.MM.YYYY", key="upload_published")
        go_upload = st.form_submit_button(labels["upload_button"])
    # not cleared on submit: a paste that is refused keeps its text; cleared once stored (_paste_stored)
    with st.form("paste", clear_on_submit=False):
        st.markdown(f"**{labels['paste']}**")
        title = st.text_input(labels["paste_title"], key="paste_title", help=labels["paste_title_help"])
        c1, c2 = st.columns(2)
        paste_published = c1.date_input(labels["paste_published"], value=None, min_value=EARLIEST,
                                        max_value=LATEST, format="DD.MM.YYYY", key="paste_published")
        source = c2.text_input(labels["paste_source"], key="paste_source")
        text = st.text_area(labels["paste_text"], height=200, key="paste_text")
        go_paste = st.form_submit_button(labels["paste_button"])
    if go_upload and not files:
        st.warning(labels["upload_none"])
        return
    if not go_upload and not go_paste:
        return
    if go_paste and not (text or "").strip():
        st.warning(labels["paste_needs_text"])  # the title, date and source stay in the form
        return
    bar = st.progress(0.0, text=labels["processing"])

    def stage(low, high, text):
        return lambda share, title: bar.progress(low + (high - low) * min(max(share, 0.0), 1.0),
                                                 text=f"{text} {md_text(title[:60])}")

    if go_upload:
        report = ingest_files([(f.name, f.getvalue()) for f in files], ARTICLES_DIR, published=published,
                              max_bytes=max_bytes, progress=stage(0.0, 0.2, labels["storing"]))
    else:
        article, _ = article_from_paste(title, text, paste_published, source)
        report = store_articles([article], ARTICLES_DIR, stage(0.0, 0.2, labels["storing"]))
    queued = False
    if report.saved:
        try:
            # the new articles through the extractor one chunk at a time (the bar moves), then the table;
            # None: another build holds the table lock, and the rebuild is queued behind it (no waiting)
            built = rebuild_table(ARTICLES_DIR, TABLE_PATH, report.saved,
                                  progress=stage(0.2, 0.9, labels["processing"]), wait=False)
        except Exception as exc:  # articles are stored; say why the table lags behind
            st.error(f"{labels['build_failed']}: {md_text(failure_text(exc, labels))}")
            return
        if built is None:
            queued = True
        else:
            report.problems.extend(built[1].problems)
    bar.progress(1.0, text=labels["done"])
    if go_paste and report.stored:
        ss["_paste_stored"] = True
    # warnings, not problems (the article is stored and processed): one per new article without a date
    undated = [labels.fmt("stored_no_date", title=item.title) for item in report.stored
               if item.new and item.published is None]
    ss["ingest_message"] = (
        labels.fmt("ingest_result", saved=len(report.saved), duplicates=len(report.duplicates),
                   problems=len(report.problems)), [*report.problems, *undated], queued,
        stored_lines(report.stored, labels))
    st.rerun()  # the new table has a new stamp: the rerun shows it, no restart needed


def _url_choices(index: EventIndex) -> dict:
    """The choices whose options are shown as labels: URL key -> (options, label of an option, several?)."""
    return {"type": (index.types, lambda labels, v: labels.event_type(v), True),
            "status": (index.statuses, lambda labels, v: labels.status(v), True),
            "view": (VIEWS, lambda labels, v: labels[f"view_{v}"], False),
            "lanes": (LANES, lambda labels, v: labels[f"lanes_{v}"], False),
            "review": (rv.REVIEW_FILTERS, lambda labels, v: labels[f"review_filter_{v}"], False)}


def keep_choices(index: EventIndex) -> None:
    """Type, status, view and lanes hold language-neutral keys ("call", "network", "actor") in the session
    state and the URL; labels are only for display. A widget bound to the URL would write its displayed text,
    so a language switch would lose the choice and a link would carry one language's labels. These are read
    from the URL once per session (keys, or labels of either language from older links) and written back by
    write_choices."""
    ss = st.session_state
    choices = _url_choices(index)
    if "_url_read" not in ss:
        ss["_url_read"] = True
        for key, (options, display, several) in choices.items():
            picked = [o for o in dict.fromkeys(option_from_text(t, options, display)
                                               for t in st.query_params.get_all(key)) if o]
            if picked:
                ss[key] = picked if several else picked[-1]
    for key, (options, _, several) in choices.items():
        if key in ss:
            # set through the session state API: the choice survives a run in which its widget has a new
            # label (language switch) or is not drawn at all (the lanes outside the timeline)
            value = ss[key]
            ss[key] = [v for v in value if v in options] if several else value if value in options else options[0]


def write_choices(values: dict) -> None:
    """The URL holds the choices as keys; a default (empty list, first option) leaves the parameter out."""
    for key, value in values.items():
        want = [] if value is None else [value] if isinstance(value, str) else list(value)
        if st.query_params.get_all(key) == want:
            continue
        if want:
            st.query_params[key] = want
        elif key in st.query_params:
            del st.query_params[key]


STORED_LINES_SHOWN = 20


def stored_lines(stored, labels: Labels) -> list[str]:
    """One line per stored article of an upload or paste: saved or already present, title and date."""
    lines = []
    for item in stored[:STORED_LINES_SHOWN]:
        date = item.published.strftime(labels["date_format"]) if item.published else labels["no_date"]
        lines.append(labels.fmt("stored_new" if item.new else "stored_duplicate", title=item.title, date=date))
    if len(stored) > STORED_LINES_SHOWN:
        lines.append(labels.fmt("stored_more", n=len(stored) - STORED_LINES_SHOWN))
    return lines


# ==== The analyst's review (issue 15): confirm, reject, correct, merge, split, add; the review queue ==========
# Page-side logic lives in board/review.py (pure, tested without Streamlit); every correction goes through
# pipeline.corrections.record (the one writer of data/corrections.jsonl), then the table is rebuilt so it shows it.
from board import review as rv  # noqa: E402  (kept with its block, for easy merging)
from pipeline.corrections import (CorrectionsError, corrections_path_for, record,  # noqa: E402
                                  rejected_path_for)

CORRECTIONS_PATH = corrections_path_for(TABLE_PATH)
REJECTED_PATH = rejected_path_for(TABLE_PATH)
REVIEW_MENTION_COLUMNS = ["merged_id", "event_id", "review_key", "article_id", "title", "published", "date", "end",
                          "precision", "date_text", "event_type", "status", "actors", "sentence", "char_start"]


def review_filter(labels: Labels) -> str:
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


def _save_correction(make, labels: Labels, row=None, done=None) -> None:
    """Write the correction make() returns and rebuild the table; the outcome is said after the rerun. A form
    problem is said at once and nothing is written."""
    ss = st.session_state
    try:
        correction = make()
        record(CORRECTIONS_PATH, correction)
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
        built = rebuild_table(ARTICLES_DIR, TABLE_PATH, wait=False)
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


def review_panel(row, index: EventIndex, labels: Labels, *, shortcuts: bool = False) -> None:
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
        _save_correction(lambda: rv.verdict("confirm", row, note), labels, row)
    if c2.button(labels["review_reject"], key=f"rv_reject_{eid}", icon=":material/close:",
                 shortcut=keys.get("reject")):
        _save_correction(lambda: rv.verdict("reject", row, note), labels, row)
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
            _save_correction(lambda: rv.correction_from_form(row, form, note), labels, row)

    with st.expander(labels["review_merge_split"], key=f"rv_open_merge_{eid}"):
        near = rv.merge_candidates(index.df, row)
        if near.empty:
            st.caption(labels["review_merge_none"])
        else:
            other = st.selectbox(labels["review_merge_with"], list(near.index), key=f"rv_merge_{eid}",
                                 format_func=lambda i: _choice_text(index.df.loc[i], labels))
            if st.button(labels["review_merge_button"], key=f"rv_merge_{eid}_go"):
                _save_correction(lambda: rv.merge(row, index.df.loc[other], note), labels, row)
        parts = rv.split_choices(event_mentions(eid, REVIEW_MENTION_COLUMNS))
        if len(parts):
            pick = st.selectbox(labels["review_split_mention"], list(range(len(parts))), key=f"rv_split_{eid}",
                                format_func=lambda i: _choice_text(parts.iloc[i], labels))
            if st.button(labels["review_split_button"], key=f"rv_split_{eid}_go"):
                _save_correction(lambda: rv.split(parts.iloc[pick].to_dict(), note), labels, row)


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
                             format_func=labels.precision)
    types = list(dict.fromkeys([*index.types, *labels.own_mapping("event_types"),
                                *Labels("de").own_mapping("event_types")]))
    if start.event_type and start.event_type not in types:
        types.insert(0, start.event_type)
    c4, c5 = st.columns([3, 1])
    event_type = c4.selectbox(labels["event_type"], types, key=f"{prefix}_type", format_func=labels.event_type,
                              placeholder=labels["choose"])
    status = c5.selectbox(labels["status"], list(rv.STATUSES), key=f"{prefix}_status", format_func=labels.status)
    options = list(dict.fromkeys([*start.actors, *index.actors]))
    actors = st.multiselect(labels["review_participants"], options, key=f"{prefix}_actors", accept_new_options=True,
                            placeholder=labels["choose_or_type"])
    # a date picked without an end is a day; an end before the date is said by the form's check
    return rv.EventForm(date, end if end is not None else date, precision, event_type or "", tuple(actors), status)


ARTICLE_CHOICES = 2_000  # up to this many stored articles are offered in a list; above, the id is typed


@st.cache_data(max_entries=4, show_spinner=False)
def stored_article_ids(folder_stamp) -> list[str]:
    """The ids (file stems) of the stored articles, without reading them: an archive may hold many."""
    from pipeline.articles import iter_article_files
    return list(dict.fromkeys(p.stem for p in iter_article_files(ARTICLES_DIR)))


def add_event_form(index: EventIndex, labels: Labels) -> None:
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
        ids = stored_article_ids(_stamp(ARTICLES_DIR))
        titles = index.memo("article_titles", lambda: dict(zip(index.df["article_id"], index.df["title"])))
        if len(ids) <= ARTICLE_CHOICES:
            choice = st.selectbox(labels["review_add_article"], ["", *ids], key="rv_add_article",
                                  format_func=lambda a: labels["review_add_typed"] if not a
                                  else f"{titles[a]} ({a})" if titles.get(a) else a)
        else:
            choice = st.text_input(labels["review_add_article_id"], key="rv_add_article").strip()
        article = None
        if choice:
            path = article_file(ARTICLES_DIR, choice)
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
                                                    note=note), labels, done=lambda: ss.update(_rv_add_clear=True))


@st.cache_resource(max_entries=2, show_spinner=False)
def load_rejected(path: str, stamp):
    try:
        return read_table(path)
    except (TableError, OSError, ValueError):
        return None


def rejected_list(labels: Labels) -> None:
    """The rejected events (data/rejected.parquet), each with an undo (a confirm brings it back)."""
    stamp = _stamp(REJECTED_PATH)
    rejected = load_rejected(str(REJECTED_PATH), stamp) if stamp else None
    if rejected is None or rejected.empty:
        return
    with st.expander(labels.fmt("review_rejected", n=len(rejected)), key="rv_open_rejected"):
        st.dataframe(_display_frame(rejected, labels), hide_index=True, key="rv_rejected_table")
        pick = st.selectbox(labels["review_undo_pick"], list(range(len(rejected))), key="rv_undo_pick",
                            format_func=lambda i: _choice_text(rejected.iloc[i], labels))
        if st.button(labels["review_undo"], key="rv_undo_go", icon=":material/undo:"):
            row = rejected.iloc[pick].to_dict()
            _save_correction(lambda: rv.verdict("confirm", row), labels, row)


def review_queue_view(view, index: EventIndex, labels: Labels, aliases) -> None:
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
        st.html(evidence_html(row, labels, aliases, article_body(row["article_id"], _stamp(ARTICLES_DIR)),
                              event_mentions(row["event_id"])))
        review_panel(row, index, labels, shortcuts=True)
    add_event_form(index, labels)
    rejected_list(labels)
# ==== end of the review block ==================================================================================


def main() -> None:
    # Widgets bound to the URL put their displayed text there: the language codes and the actor names are
    # the same in every language. Choices shown as labels are kept as keys by keep_choices/write_choices.
    lang = st.sidebar.radio("Sprache / Language", ["de", "en"], key="lang", bind="query-params", horizontal=True)
    labels = Labels(lang)
    # Streamlit's own widget texts (uploader, multiselect, calendars, input hints) in the page's language
    st.sidebar.html(widget_texts_html(labels), unsafe_allow_javascript=True)
    shown = _stamp(TABLE_PATH)  # before loading: a table written meanwhile is newer than the one shown
    index = current_index(labels)
    keep_choices(index)
    if "_actor_pending" in st.session_state:  # a node clicked in the contact network
        st.session_state["actor"] = [st.session_state.pop("_actor_pending")]

    sb = st.sidebar
    sb.header(labels["filters"])
    actors = sb.multiselect(labels["actor"], index.actors, key="actor", bind="query-params",
                            accept_new_options=True, help=labels["actor_help"],
                            placeholder=labels["choose_or_type"])
    types = sb.multiselect(labels["event_type"], index.types, key="type", format_func=labels.event_type,
                           placeholder=labels["choose"])
    statuses = sb.multiselect(labels["status"], index.statuses, key="status", format_func=labels.status,
                              placeholder=labels["choose"])
    c1, c2 = sb.columns(2)
    start = c1.date_input(labels["date_from"], value=None, min_value=EARLIEST, max_value=LATEST, key="from",
                          bind="query-params", format="DD.MM.YYYY")
    end = c2.date_input(labels["date_to"], value=None, min_value=EARLIEST, max_value=LATEST, key="to",
                        bind="query-params", format="DD.MM.YYYY")
    text = sb.text_input(labels["search"], key="q", bind="query-params")
    sure = sb.toggle(labels["sure_only"], key="sure", bind="query-params", help=labels["sure_help"])
    review = review_filter(labels)  # review block
    filters = Filters(tuple(actors), tuple(types), tuple(statuses), start, end, text, sure, review=review)
    view = index.select(filters)

    st.title(labels["page_title"])
    st.caption(labels["caption"])
    # said on the page itself, not only in the sidebar (collapsed on a phone)
    if start and end and start > end:
        st.warning(labels.fmt("dates_reversed", start=start.strftime(labels["date_format"]),
                              end=end.strftime(labels["date_format"])))
    for name in actors:
        if not index.resolve_actor(name):
            st.warning(labels.fmt("actor_unknown", name=md_text(name)))
    queued = False
    if "ingest_message" in st.session_state:
        message, problems, queued, stored = st.session_state.pop("ingest_message")
        st.success("  \n".join([message, *(md_text(line) for line in stored)]))
        for problem in problems:
            st.warning(md_text(labels.message(problem)))
    failed = queued_rebuild_error(TABLE_PATH)
    if failed:
        st.error(f"{labels['build_failed']}: {md_text(labels.message(failed))}")
    review_notice(labels)  # review block
    if queued:  # stays on screen until the queued build's table is shown
        st.info(labels["upload_queued"])
    if rebuild_queued(TABLE_PATH):  # the last complete table is shown meanwhile
        await_queued_build(None if queued else labels["table_pending"], shown)
    mode = st.radio(labels["view"], VIEWS, key="view", horizontal=True, label_visibility="collapsed",
                    format_func=lambda v: labels[f"view_{v}"])
    lanes = st.session_state.get("lanes", LANES[0])  # its widget comes later, on the timeline only
    write_choices({"type": types, "status": statuses, "view": None if mode == VIEWS[0] else mode,
                   "lanes": None if lanes == LANES[0] else lanes,
                   "review": None if review == rv.REVIEW_FILTERS[0] else review})
    # On the timeline the count and the lanes share a row, so that the chart starts on the first screen.
    timeline_row = mode == "timeline" and not view.empty
    count_col, lanes_col = st.columns([2, 3], vertical_alignment="bottom") if timeline_row else (st, None)
    count_col.markdown(labels.fmt("events_shown", shown=f"{len(view):,}".replace(",", "."),
                                  total=f"{len(index):,}".replace(",", ".")))

    if mode == "add":
        add_articles(labels)
        return
    if mode == "articles":
        article_list(labels)
        return
    if mode == "review":  # review block
        review_queue_view(view, index, labels, index.aliases)
        downloads(view, labels, index)
        return
    if mode == "network":
        planned = st.toggle(labels["include_planned"], key="net_planned", help=labels["include_planned_help"])
        pairs = contact_pairs(view, planned=planned)
        st.subheader(labels["pairs"])
        if pairs.empty:
            st.info(labels["pairs_none"])
        else:
            chart = st.plotly_chart(network_figure(pairs, labels), config=plotly_config(labels), key="network",
                                    on_select="rerun", selection_mode="points")
            st.caption(labels["network_hint"])
            filter_to_clicked_actor(chart)
            shown_pairs = pairs.assign(types=[", ".join(labels.event_type(t) for t in ts) for ts in pairs["types"]])
            if not planned:
                shown_pairs = shown_pairs.drop(columns="planned")
            st.dataframe(shown_pairs.rename(columns={
                "actor_a": labels["actor"] + " A", "actor_b": labels["actor"] + " B", "count": labels["count"],
                "planned": labels["planned_contacts"], "first": labels["first"], "last": labels["last"],
                "types": labels["types"]}),
                hide_index=True, column_config={labels["first"]: st.column_config.DateColumn(format="DD.MM.YYYY"),
                                                labels["last"]: st.column_config.DateColumn(format="DD.MM.YYYY")})
        downloads(view, labels, index)
        return
    if mode == "counts" and view.empty:
        st.info(labels["no_events"])
        return
    if mode == "counts":
        st.subheader(labels["counts_type"])
        by_type = counts_by_type(view)  # most first
        bars = pd.DataFrame({labels["event_type"]: [labels.event_type(t) for t in by_type.index],
                             labels["count"]: by_type.to_numpy()})
        st.bar_chart(bars, x=labels["event_type"], y=labels["count"], horizontal=True, sort=f"-{labels['count']}")
        st.subheader(labels["counts_actor_type"])
        counts = counts_by_actor_type(view)
        st.dataframe(counts.rename(columns=labels.event_type))
        downloads(view, labels, index)
        return

    if view.empty:
        st.info(labels["no_events"])
    else:
        lanes = lanes_col.radio(labels["lanes"], LANES, key="lanes", horizontal=True,
                                format_func=lambda v: labels[f"lanes_{v}"])
        hover = None
        if len(view) > HOVER_SENTENCE_LIMIT:  # compact hovers of the whole table, made once per language
            every = index.memo(("hover", lang), lambda: hover_texts(index.df, labels, compact=True).to_numpy(object))
            hover = every[view.index.to_numpy()]
        chart = st.plotly_chart(timeline_figure(view, labels, lanes, hover=hover), key="chart", on_select="rerun",
                                selection_mode="points", config=plotly_config(labels))
        st.html(declutter_script(), unsafe_allow_javascript=True)  # labels that overlap at this width are hidden
        st.caption(labels["chart_hint"])
        if len(view) > HOVER_SENTENCE_LIMIT:
            st.caption(labels.fmt("summary_hint", limit=f"{HOVER_SENTENCE_LIMIT:,}".replace(",", ".")))
        evidence_box = st.container()
        cell = _clicked_cell(chart, view, labels, lanes) if len(view) > HOVER_SENTENCE_LIMIT else None
        shown = cell if cell is not None else view.head(TABLE_ROWS_SHOWN)
        st.subheader(labels["table"])
        if cell is not None:
            st.caption(labels.fmt("cell_events", n=len(cell)))
        elif len(view) > TABLE_ROWS_SHOWN:
            st.caption(labels.fmt("table_truncated", shown=len(shown), total=len(view)))
        table = st.dataframe(
            _display_frame(shown, labels), key=table_key(), on_select="rerun", selection_mode="single-row",
            hide_index=True,
            column_config={labels["date"]: st.column_config.DateColumn(format="DD.MM.YYYY", width=88),
                           labels["event_type"]: st.column_config.TextColumn(width=92),
                           labels["actors"]: st.column_config.ListColumn(width=150),
                           labels["sentence"]: st.column_config.TextColumn(width="large"),
                           labels["end"]: st.column_config.DateColumn(format="DD.MM.YYYY")})
        picked = _picked_event(chart, table, shown, index)
        with evidence_box:
            st.subheader(labels["evidence"])
            if picked is None:
                st.caption(labels["evidence_hint"])
            else:
                row = index.df.loc[picked]
                st.html(evidence_html(row, labels, index.aliases,
                                      article_body(row["article_id"], _stamp(ARTICLES_DIR)),
                                      event_mentions(row["event_id"])))
                review_panel(row, index, labels)  # review block
    add_event_form(index, labels)  # review block
    rejected_list(labels)
    downloads(view, labels, index)


# -- the list of stored articles (view "articles"): open, retitle, redate, delete and undo ---------------------
# The changes are pipeline.stored_articles' (folder lock, atomic writes, corrections carried along, deletes
# moved aside); the page picks the article, asks, rebuilds the table and reports.

def article_list(labels: Labels) -> None:
    ss = st.session_state
    for kind, text in ss.pop("art_messages", []):
        (st.success if kind == "success" else st.warning if kind == "warning" else st.info)(md_text(text))
    undo = ss.get("art_undo")
    if undo:
        c1, c2 = st.columns([4, 1], vertical_alignment="center")
        c1.info(md_text(labels.fmt("articles_deleted", title=undo[1])))
        if c2.button(labels["articles_undo"], key="art_undo_button"):
            ss.pop("art_undo")
            try:
                name = restore(ARTICLES_DIR, undo[0])
            except EditError as exc:
                st.warning(md_text(labels.message(exc.args[0])))
                return
            _rebuild_after_change(labels, labels.fmt("articles_restored", title=undo[1]),
                                  [ARTICLES_DIR / name])
    rows = list_articles(ARTICLES_DIR, TABLE_PATH)
    if not rows:
        st.info(labels["articles_none"])
        return
    st.caption(labels.fmt("articles_count", n=len(rows)))
    table = st.dataframe(
        pd.DataFrame({labels["title"]: [r.title for r in rows],
                      labels["date"]: [r.published for r in rows],
                      labels["source"]: [r.source for r in rows],
                      labels["articles_events"]: [r.events for r in rows],
                      labels["articles_file"]: [r.name for r in rows]}),
        key="art_table", on_select="rerun", selection_mode="single-row", hide_index=True,
        column_config={labels["date"]: st.column_config.DateColumn(format="DD.MM.YYYY", width=92),
                       labels["title"]: st.column_config.TextColumn(width="large"),
                       labels["articles_events"]: st.column_config.NumberColumn(width=80)})
    names = [r.name for r in rows]
    picked_rows = tuple(table.selection.rows)
    if picked_rows != ss.get("_art_table_sel"):  # a table row clicked: the picker follows (drawn below)
        ss["_art_table_sel"] = picked_rows
        if picked_rows and picked_rows[0] < len(names):
            ss["art_pick"] = names[picked_rows[0]]
    if ss.get("art_pick") not in names:
        ss.pop("art_pick", None)
    by_name = {r.name: r for r in rows}
    date_of = lambda r: r.published.strftime(labels["date_format"]) if r.published else labels["no_date"]
    name = st.selectbox(labels["articles_pick"], names, index=None, key="art_pick",
                        placeholder=labels["articles_pick_hint"],
                        format_func=lambda n: f"{by_name[n].title} ({date_of(by_name[n])})")
    if name is None:
        return
    row = by_name[name]
    if row.problem:
        st.warning(md_text(labels.message(row.problem)))
    else:
        try:
            article = open_article(ARTICLES_DIR, name)
        except EditError as exc:
            st.warning(md_text(labels.message(exc.args[0])))
            return
        with st.expander(labels["articles_text"], expanded=False):
            st.text(article.body)  # shown as text: never markdown or HTML
        # the form's fields start from the article as stored; the keys carry its name, so another article
        # starts from its own values
        with st.form(f"art_edit_{name}"):
            title = st.text_input(labels["title"], value=article.title, key=f"art_title_{name}")
            published = st.date_input(labels["paste_published"], value=article.published, min_value=EARLIEST,
                                      max_value=LATEST, format="DD.MM.YYYY", key=f"art_date_{name}")
            save = st.form_submit_button(labels["articles_save"])
        if save:
            _change_article(labels, name, article, title, published)
            return
    if ss.get("art_confirm") != name:
        if st.button(labels["articles_delete"], key="art_delete", icon=":material/delete:"):
            ss["art_confirm"] = name
            st.rerun()
        return
    st.warning(md_text(labels.fmt("articles_delete_confirm", title=row.title)))
    c1, c2, _ = st.columns([1, 1, 3])
    if c1.button(labels["articles_delete_yes"], key="art_delete_yes", type="primary"):
        ss.pop("art_confirm", None)
        try:
            moved = delete(ARTICLES_DIR, name)
        except EditError as exc:
            st.warning(md_text(labels.message(exc.args[0])))
            return
        ss["art_undo"] = (str(moved), row.title)
        ss.pop("art_pick", None)
        _rebuild_after_change(labels, None, [], allow_empty=True)  # the last article may go
    if c2.button(labels["articles_delete_no"], key="art_delete_no"):
        ss.pop("art_confirm", None)
        st.rerun()


def _change_article(labels: Labels, name: str, article, title: str, published) -> None:
    try:
        if " ".join((title or "").split()) != article.title:
            retitle(ARTICLES_DIR, name, title, corrections_path_for(TABLE_PATH))
        if published != article.published:
            redate(ARTICLES_DIR, name, published, corrections_path_for(TABLE_PATH))
    except EditError as exc:
        st.warning(md_text(labels.message(exc.args[0])))
        return
    _rebuild_after_change(labels, labels["articles_saved"], [ARTICLES_DIR / name])


def _rebuild_after_change(labels: Labels, done: str | None, changed: list, allow_empty: bool = False) -> None:
    """Rebuild the table after a change to the stored articles (queued when another build holds the lock)
    and rerun the page with what happened said."""
    messages = [("success", done)] if done else []
    with st.spinner(labels["rebuilding"]):
        try:
            built = rebuild_table(ARTICLES_DIR, TABLE_PATH, changed, wait=False, allow_empty=allow_empty)
        except Exception as exc:  # the change is made; say why the table lags behind
            built = False
            messages.append(("warning", f"{labels['build_failed']}: {failure_text(exc, labels)}"))
    if built is None:
        messages.append(("info", labels["upload_queued"]))
    elif built:
        messages.append(("success", labels["articles_rebuilt"]))
        messages += [("warning", labels.message(p)) for p in built[1].problems]
    st.session_state["art_messages"] = messages
    st.rerun()

# -- end of the article list ------------------------------------------------------------------------------------


def filter_to_clicked_actor(chart) -> None:
    """A click on a node of the contact network filters the page to its actor (customdata: the actor's name). The
    actor widget is drawn before the chart, so the choice is handed to the next run (_actor_pending), which sets
    it before the widget is drawn."""
    ss = st.session_state
    points = tuple(p["customdata"] for p in chart.selection.points if isinstance(p.get("customdata"), str))
    if points == ss.get("_net_sel"):
        return
    ss["_net_sel"] = points
    if points and list(ss.get("actor") or []) != [points[0]]:
        ss["_actor_pending"] = points[0]
        st.rerun()


def _display_frame(shown, labels: Labels):
    out = shown.assign(review=rv.review_states(shown))[SHOWN_COLUMNS].copy()  # a state for older tables too
    out["review"] = out["review"].map(labels.review_state)
    out["event_type"] = out["event_type"].map(labels.event_type)
    out["status"] = out["status"].map(labels.status)
    out["precision"] = out["precision"].map(labels.precision)
    return out.rename(columns={c: labels[c] for c in SHOWN_COLUMNS})  # each column's label has its name


def _clicked_cell(chart, view, labels: Labels, lanes: str):
    """In the summary view, the events behind the clicked point (None when no point is clicked)."""
    points = [p for p in chart.selection.points if p.get("customdata") is not None]
    if not points:
        return None
    cell = summary_cell(view, labels, lanes, int(points[0]["customdata"]), points[0].get("y"))
    return cell.head(TABLE_ROWS_SHOWN) if len(cell) else None


def _picked_event(chart, table, shown, index: EventIndex):
    """Row label (in index.df) of the event to explain: the last point or table row clicked."""
    ss = st.session_state
    points = tuple(int(p["customdata"]) for p in chart.selection.points if p.get("customdata") is not None)
    rows = tuple(table.selection.rows)
    if points != ss.get("_chart_sel"):
        ss["_chart_sel"] = points
        if points:
            ss["picked"] = index.df.at[points[0], "event_id"]
    if rows != ss.get("_table_sel"):
        ss["_table_sel"] = rows
        if rows and rows[0] < len(shown):
            ss["picked"] = shown.iloc[rows[0]]["event_id"]
    event_id = ss.get("picked")
    if event_id is None:
        return None
    hits = index.df.index[index.df["event_id"] == event_id]
    return hits[0] if len(hits) else None


main()
