"""The list of stored articles (the page's view "articles"): open, retitle, redate, delete and undo.

The changes are pipeline.stored_articles' (folder lock, atomic writes, corrections carried along, deletes moved
aside); the page picks the article, asks, rebuilds the table and reports. The files are the run's
(board.page_paths), passed in.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from board.page_common import EARLIEST, LATEST, failure_text, file_stamp, md_text
from board.page_paths import PagePaths
from board.ui_text import Labels
from pipeline.ingest import rebuild_table
from pipeline.stored_articles import EditError, delete, list_articles, open_article, redate, restore, retitle


@st.cache_data(max_entries=4, show_spinner=False)
def stored_articles(folder: str, table: str, stamps) -> list:
    """list_articles, read again only when the folder or the table changed (stamps): it opens every article
    file, and the view reruns on every click. A change of the page is always followed by a rebuild, which gives
    the table a new stamp."""
    return list_articles(folder, table)


def article_list(labels: Labels, paths: PagePaths) -> None:
    """The stored articles as a table; the one picked can be read, retitled, redated or deleted (with undo)."""
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
                name = restore(paths.articles, undo[0])
            except EditError as exc:
                st.warning(md_text(labels.message(exc.args[0])))
                return
            _rebuild_after_change(labels, paths, labels.fmt("articles_restored", title=undo[1]),
                                  [paths.articles / name])
    rows = stored_articles(str(paths.articles), str(paths.table),
                           (file_stamp(paths.articles), file_stamp(paths.table)))
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
            article = open_article(paths.articles, name)
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
            _change_article(labels, paths, name, article, title, published)
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
            moved = delete(paths.articles, name)
        except EditError as exc:
            st.warning(md_text(labels.message(exc.args[0])))
            return
        ss["art_undo"] = (str(moved), row.title)
        ss.pop("art_pick", None)
        _rebuild_after_change(labels, paths, None, [], allow_empty=True)  # the last article may go
    if c2.button(labels["articles_delete_no"], key="art_delete_no"):
        ss.pop("art_confirm", None)
        st.rerun()


def _change_article(labels: Labels, paths: PagePaths, name: str, article, title: str, published) -> None:
    try:
        if " ".join((title or "").split()) != article.title:
            retitle(paths.articles, name, title, paths.corrections)
        if published != article.published:
            redate(paths.articles, name, published, paths.corrections)
    except EditError as exc:
        st.warning(md_text(labels.message(exc.args[0])))
        return
    _rebuild_after_change(labels, paths, labels["articles_saved"], [paths.articles / name])


def _rebuild_after_change(labels: Labels, paths: PagePaths, done: str | None, changed: list,
                          allow_empty: bool = False) -> None:
    """Rebuild the table after a change to the stored articles (queued when another build holds the lock)
    and rerun the page with what happened said."""
    messages = [("success", done)] if done else []
    with st.spinner(labels["rebuilding"]):
        try:
            built = rebuild_table(paths.articles, paths.table, changed, wait=False, allow_empty=allow_empty)
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

