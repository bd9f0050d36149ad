"""Zeitleiste: the Streamlit page. Its outline (sidebar filters, messages, the views) and the timeline, network
and counts views; the review widgets are board/review_page.py's, the article list board/articles_page.py's.

Run: streamlit run dashboard.py. ZEITLEISTE_DATA_DIR chooses the data folder (articles/ and
events.parquet; default ./data), so tests run on a copy and never touch the shipped data.
The script does no pipeline work on reruns: the table is loaded once per file version (cached), and
the pipeline runs only when the table is missing or damaged, or after an upload.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from pipeline.decode import MAX_BYTES
from board.articles_page import article_list
from board.chart_preload import chart_preload_html
from board.export import (XLSX_MIME, to_csv_bytes, to_json_bytes, to_plain_csv_bytes, to_timelinejs_bytes,
                             to_xlsx_bytes)
from board.figures import (HOVER_SENTENCE_LIMIT, declutter_script, plotly_config, hover_texts, network_figure,
                           summary_cell, timeline_figure)
from board.filters import EventIndex, Filters, load_aliases
from board import review as rv
from board.network import contact_pairs, counts_by_actor_type, counts_by_type
from board.page_common import EARLIEST, LATEST, display_frame, evidence_card, failure_text, file_stamp, md_text
from board.page_paths import page_paths
from board.review_page import (add_event_form, rejected_list, review_filter, review_notice, review_panel,
                               review_queue_view, table_key)
from board.ui_text import Labels, option_from_text
from board.widget_texts import widget_texts_html
from pipeline.ingest import (article_from_paste, ingest_files, queued_rebuild_error, rebuild_queued, rebuild_table,
                             store_articles)
from pipeline.table import TableError, read_table

REPO = Path(__file__).resolve().parent
# read on every run of the script (a module of board/ stays imported across runs, and tests change the folder)
PATHS = page_paths(REPO)
TABLE_ROWS_SHOWN = 1_000
# Up to this many rows the downloads are prepared with the page; above, on click (deferred).
EAGER_DOWNLOAD_ROWS = int(os.environ.get("ZEITLEISTE_EAGER_DOWNLOAD_ROWS", "5000"))
VIEWS = ["timeline", "network", "counts", "review", "add", "articles"]
LANES = ["event_type", "actor"]

st.set_page_config(page_title="Zeitleiste", layout="wide")
# The data grid's own CSV export writes cells verbatim (no formula neutralising), so it is switched
# off; the page's download buttons are the way to get data. .streamlit/config.toml sets this for
# the first page view; setting it here also covers a server started from another folder.
if not st.get_option("client.disableDataExport"):
    st.set_option("client.disableDataExport", True)


@st.cache_resource(max_entries=2, show_spinner=False)
def load_index(table_path: str, stamp, actors_path: str, actors_stamp) -> EventIndex:
    """Keyed by the files' (mtime, size): a rebuilt table or gazetteer is a new cache entry."""
    return EventIndex(read_table(table_path), load_aliases(actors_path))


def current_index(labels: Labels) -> EventIndex:
    try:
        if file_stamp(PATHS.table) is None:
            raise TableError("no event table")
        return load_index(str(PATHS.table), file_stamp(PATHS.table), str(PATHS.actors), file_stamp(PATHS.actors))
    except TableError:
        pass
    # Missing, damaged or half-written: rebuild from the articles, never show a partial table. When another
    # build holds the lock, the page does not wait for it: the rebuild is queued and the page says so.
    with st.spinner(labels["rebuilding"]):
        try:
            built = rebuild_table(PATHS.articles, PATHS.table, wait=False)
        except Exception as exc:  # the page must explain, not crash, when the pipeline fails
            st.error(f"{labels['build_failed']}: {md_text(failure_text(exc, labels))}")
            st.stop()
    if built is None:
        await_queued_build(labels["table_waiting"], None)
        st.stop()
    st.toast(labels["table_rebuilt"])
    return load_index(str(PATHS.table), file_stamp(PATHS.table), str(PATHS.actors), file_stamp(PATHS.actors))


@st.fragment(run_every=2)
def await_queued_build(message: str | None, shown) -> None:
    """While a queued rebuild waits for another build (or runs), say so (message); once it has written a
    table newer than the one shown (stamp `shown`), rerun the page so it shows it. A fragment: only this
    part reruns every 2 s, so the page stays usable meanwhile."""
    if rebuild_queued(PATHS.table):
        if message:
            st.info(message)
    elif file_stamp(PATHS.table) != shown:
        st.rerun()  # the whole page: the table has a new stamp


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
        report = ingest_files([(f.name, f.getvalue()) for f in files], PATHS.articles, published=published,
                              max_bytes=max_bytes, progress=stage(0.0, 0.2, labels["storing"]))
    else:
        article, _ = article_from_paste(title, text, paste_published, source)
        report = store_articles([article], PATHS.articles, stage(0.0, 0.2, labels["storing"]))
    queued = False
    if report.saved:
        try:
            # the new articles through the extractor one chunk at a time (the bar moves), then the table;
            # None: another build holds the table lock, and the rebuild is queued behind it (no waiting)
            built = rebuild_table(PATHS.articles, PATHS.table, report.saved,
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


def main() -> None:
    # Widgets bound to the URL put their displayed text there: the language codes and the actor names are
    # the same in every language. Choices shown as labels are kept as keys by keep_choices/write_choices.
    lang = st.sidebar.radio("Sprache / Language", ["de", "en"], key="lang", bind="query-params", horizontal=True)
    labels = Labels(lang)
    # Streamlit's own widget texts (uploader, multiselect, calendars, input hints) in the page's language
    st.sidebar.html(widget_texts_html(labels), unsafe_allow_javascript=True)
    if chart_preload_html():  # plotly.js loads in the browser while the server builds the figure
        st.sidebar.html(chart_preload_html(), unsafe_allow_javascript=True)
    shown = file_stamp(PATHS.table)  # before loading: a table written meanwhile is newer than the one shown
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
    review = review_filter(labels)
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
    failed = queued_rebuild_error(PATHS.table)
    if failed:
        st.error(f"{labels['build_failed']}: {md_text(labels.message(failed))}")
    review_notice(labels)
    if queued:  # stays on screen until the queued build's table is shown
        st.info(labels["upload_queued"])
    if rebuild_queued(PATHS.table):  # the last complete table is shown meanwhile
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
        article_list(labels, PATHS)
        return
    if mode == "review":
        review_queue_view(view, index, labels, PATHS)
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
                                selection_mode="points",
                                config=plotly_config(labels, summary=len(view) > HOVER_SENTENCE_LIMIT))
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
            display_frame(shown, labels), key=table_key(), on_select="rerun", selection_mode="single-row",
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
                evidence_card(row, labels, index.aliases, PATHS)
                review_panel(row, index, labels, PATHS)
    add_event_form(index, labels, PATHS)
    rejected_list(labels, PATHS)
    downloads(view, labels, index)


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
