"""board.figures and board.network: WebGL traces, spans, lanes, escaping, evidence card."""
import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from board.figures import (HOVER_SENTENCE_LIMIT, evidence_html, highlight_html, hover_texts, network_figure,
                              summary_cell, timeline_figure, type_color)
from board.filters import EventIndex, Filters
from board.network import contact_pairs, counts_by_actor_type
from pipeline.table import events_to_frame
from board.ui_text import Labels

from conftest import SEED, seed_events

DE, EN = Labels("de"), Labels("en")


def many_events(n, seed=0):
    """n synthetic events: a tenth of them spans, some planned, 40 actors."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    span = rng.random(n) < 0.1
    end = start + pd.to_timedelta(np.where(span, rng.integers(1, 30, n), 0), unit="D")
    actors = [f"Akteur {i}" for i in range(40)]
    types = ["call", "meeting", "statement", "attack", "summit"]
    return events_to_frame([dict(
        event_id=f"e{i}", date=start[i], end=end[i], precision="week" if span[i] else "day", timex="",
        date_text="am Montag", event_type=types[i % 5], status="planned" if i % 17 == 0 else "happened",
        actors=[actors[i % 40], actors[(i * 7 + 3) % 40]], countries=[], sentence=f"Satz {i} mit Text.",
        article_id=f"a{i // 10}", title="T", source="", published=start[i], char_start=0, char_end=9)
        for i in range(n)])


def test_day_events_are_points_and_imprecise_ones_spans(seed_frame):
    fig = timeline_figure(seed_frame, DE)
    assert {t.type for t in fig.data} == {"scattergl"}  # labels are layout annotations
    spans = [t for t in fig.data if t.mode == "lines+markers"]
    points = [t for t in fig.data if t.mode == "markers"]
    assert sum(len(t.x) for t in points) == 5
    # week (statement) and Mitte November (summit, planned): [start, end+1 day, gap] each
    assert sorted(len(t.x) for t in spans) == [3, 3]
    summit = next(t for t in spans if "Gipfel" in t.name)
    assert summit.line.dash == "dot"  # planned
    # the lanes name the types; the marks are explained in one key above the chart
    assert "geplant" in fig.layout.annotations[0].text and "Zeitraum" in fig.layout.annotations[0].text
    assert np.isnan(summit.x[2]) and pd.Timestamp(summit.x[0], unit="ms") == pd.Timestamp("2022-11-11")
    assert pd.Timestamp(summit.x[1], unit="ms") == pd.Timestamp("2022-11-21")  # covers the 20th
    texts = _label_texts(fig)
    assert sorted(x.rsplit(" · ", 1)[1] for x in texts if " · " in x) == ["Mitte November", "Woche"]
    assert fig.layout.xaxis.rangeslider.visible


def test_first_view_leaves_out_background_years_but_keeps_them_reachable():
    """An archive names background years ("1994", "bis 2035"); the first view shows where the events are."""
    frame = many_events(400)
    far = frame.iloc[:3].copy()
    far["date"] = far["end"] = pd.to_datetime(["1994-12-05", "1200-01-01", "2035-01-01"])
    fig = timeline_figure(events_to_frame(pd.concat([frame, far], ignore_index=True).to_dict("records")), DE)
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert frame["date"].min() - pd.Timedelta(days=60) <= lo <= frame["date"].min() + pd.Timedelta(days=30)
    assert frame["end"].max() - pd.Timedelta(days=30) <= hi <= frame["end"].max() + pd.Timedelta(days=60)
    assert fig.layout.xaxis.rangeslider.visible  # the slider still spans every date
    assert timeline_figure(frame, DE).layout.xaxis.range is None  # nothing far off: plotly's own range


def test_customdata_is_the_row_label_in_the_full_table(seed_frame):
    index = EventIndex(seed_frame)
    view = index.select(Filters(actors=("Joe Biden",)))
    fig = timeline_figure(view, DE)
    labels = {int(v) for t in fig.data for v in t.customdata if not np.isnan(v)}
    assert labels == set(view.index) == {3, 4}


def test_lanes_by_actor(seed_frame):
    fig = timeline_figure(seed_frame, DE, lanes="actor")
    ticks = list(fig.layout.yaxis.ticktext)
    assert ticks[:3] == ["Joe Biden", "Lloyd Austin", "Sergej Schoigu"]
    assert len(ticks) == 9  # every actor of the seed has its lane
    # an event with two actors is drawn in both lanes
    n_points = sum(np.count_nonzero(~np.isnan(np.asarray(t.x, dtype=float))) for t in fig.data if t.mode == "markers")
    assert n_points == 2 + 2 + 2 + 1 + 2  # war start, two calls of May, Biden, Friday call


def test_hover_has_date_text_actors_and_sentence_escaped(seed_frame):
    events = seed_events()
    events[1]["sentence"] = "<script>alert(1)</script> am 13. Mai <img src=x onerror=alert(2)>"
    events[1]["actors"] = ["<b>Lloyd Austin</b>", "Sergej Schoigu"]
    text = hover_texts(events_to_frame(events), DE)[1]
    assert "<script>" not in text and "&lt;script&gt;" in text and "<img" not in text
    assert "&lt;b&gt;Lloyd Austin&lt;/b&gt;, Sergej Schoigu" in text
    assert text.startswith("<b>am 13. Mai</b> · 13.05.2022 · Tag<br>Telefonat")
    week = hover_texts(seed_frame, EN)[4]
    assert "10.10.2022–16.10.2022 · week" in week and "Wladimir Putin" in week and "Notwendigkeit" in week


def test_tick_labels_are_escaped():
    events = seed_events()
    events[0]["actors"] = ["<img src=x onerror=alert(1)>"]
    fig = timeline_figure(events_to_frame(events), DE, lanes="actor")
    assert all("<img" not in t for t in fig.layout.yaxis.ticktext)


def _points(fig):
    """(x, y, customdata, text) of every non-gap vertex of every trace."""
    out = []
    for t in fig.data:
        x = np.asarray(t.x, dtype=float)
        keep = ~np.isnan(x)
        text = t.text if t.text is not None else t.hovertext
        text = np.asarray(text if text is not None else [None] * len(x), dtype=object)
        out.append((t, x[keep], np.asarray(t.y, dtype=float)[keep], np.asarray(t.customdata, dtype=float)[keep],
                    text[keep]))
    return out


def test_large_view_is_summarised_per_lane_and_day():
    df = many_events(30_000)
    fig = timeline_figure(df, DE)
    # WebGL throughout: markers, and the span unions as one line trace per status (no SVG element per event or
    # piece, nothing redrawn in the range slider)
    assert {t.type for t in fig.data if t.mode == "markers"} == {"scattergl"}
    assert {(t.type, t.mode) for t in fig.data if t.mode != "markers"} == {("scattergl", "lines")}
    assert len([t for t in fig.data if t.mode == "lines"]) <= 2
    assert fig.layout.meta["events"] == 30_000
    assert fig.layout.meta["points"] == sum(len(t.x) for t in fig.data) < 12_000
    spans = df["end"] > df["date"]
    # one marker per (type lane, day); its hover counts the events of that lane and day
    markers = [p for p in _points(fig) if p[0].mode == "markers"]
    expected = df[~spans].groupby(["event_type", "date"]).size()
    assert sum(len(p[1]) for p in markers) == len(expected)
    counted = 0
    for trace, x, y, cd, text in markers:
        for xi, ci, ti in zip(x, cd, text):
            row = df.loc[int(ci)]
            assert pd.Timestamp(xi - 43_200_000, unit="ms") == row["date"]  # drawn at noon of its day
            n = expected[(row["event_type"], row["date"])]
            counted += n
            assert trace.marker.color == type_color(row["event_type"])  # the colour of the cell's type
            assert trace.name.startswith(DE.event_type(row["event_type"]))
            assert ti == (f"{n} Ereignisse" if n > 1 else f"Akteur {int(row['event_id'][1:]) % 40}, "
                          f"Akteur {(int(row['event_id'][1:]) * 7 + 3) % 40}")
    assert counted == int((~spans).sum())
    assert all(t.hovertemplate.startswith("<b>%{x|%d.%m.%Y}</b> · ") for t, *_ in markers)
    assert all("Satz" not in str(t.text) for t in fig.data)  # no sentences in a summary
    # spans: per lane and status the union of their intervals, in two line traces
    lines = [t for t in fig.data if t.mode == "lines"]
    assert 1 <= len(lines) <= 2 and all(t.line.color == "#5b6b82" for t in lines)
    covered = []
    for t in lines:
        x = np.asarray(t.x, dtype=float).reshape(-1, 3)
        covered += [(a, b) for a, b, _ in x]
    for _, row in df[spans].sample(200, random_state=1).iterrows():
        a = row["date"].value / 1e6
        b = (row["end"] + pd.Timedelta(days=1)).value / 1e6
        assert any(lo <= a and b <= hi for lo, hi in covered)
    texts = [x for t in lines for x in t.text if x]
    assert any(x.startswith("Zeitraum<br>") and x.endswith(" Ereignisse") for x in texts)  # a union of several
    assert any(x.startswith("Telefonat – Woche (geplant)<br>Akteur ") for x in texts)  # one span: its precision
    # lanes by actor: 30 lanes and "(weitere)", still a summary
    fig = timeline_figure(df, DE, lanes="actor")
    assert len(fig.layout.yaxis.ticktext) == 31 and fig.layout.yaxis.ticktext[-1] == "(weitere)"
    assert fig.layout.meta["points"] < 60_000
    spec = pio.to_json(fig, validate=False)
    assert '"bdata"' in spec  # numeric arrays travel as typed arrays
    assert len(spec) < 4_000_000


def test_the_summary_draws_webgl_at_the_pages_pixels_in_the_pages_language():
    from board.figures import SUMMARY_GL_PIXEL_RATIO, plotly_config
    summary, detail = plotly_config(DE, summary=True), plotly_config(DE)
    assert summary["plotGlPixelRatio"] == SUMMARY_GL_PIXEL_RATIO == 1 and "plotGlPixelRatio" not in detail
    assert summary["locale"] == detail["locale"] == "de" and summary["locales"] == detail["locales"]


def test_summary_cells_of_planned_events_and_escaping():
    df = many_events(HOVER_SENTENCE_LIMIT + 1)
    df.loc[0, "actors"] = ["<img src=x onerror=alert(1)>"]
    df.loc[0, "date"] = df.loc[0, "end"] = pd.Timestamp("2030-01-01")  # alone in its cell
    df.loc[0, "status"] = "planned"
    fig = timeline_figure(df, DE)
    (cell,) = [(t, ti) for t, x, y, cd, text in _points(fig) for ci, ti in zip(cd, text) if int(ci) == 0]
    trace, text = cell
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    assert trace.marker.symbol == "circle-open" and trace.name == DE.event_type(df.loc[0, "event_type"]) + " (geplant)"
    assert trace.marker.color == type_color(df.loc[0, "event_type"])
    assert len(fig.data) <= 2 * 5 + 2  # a trace per type and status, two for the spans


def test_many_spans_share_two_line_traces_with_type_coloured_ends():
    df = many_events(4_000)  # detail view (below the summary limit) with ~400 spans
    fig = timeline_figure(df, DE)
    assert fig.layout.meta["events"] == 4_000
    spans = [t for t in fig.data if t.mode == "lines+markers"]
    assert 1 <= len(spans) <= 2
    assert sum(len(t.x) for t in spans) == 3 * int((df["end"] > df["date"]).sum())
    colours = set(spans[0].marker.color)
    assert len(colours) > 1 and "#1f77b4" in colours  # call spans keep their type colour on the ends
    assert not any(t.mode == "text" for t in fig.data)  # precision labels only up to 300 spans
    # detail hover keeps the sentence
    assert any("Satz" in str(h) for t in fig.data if t.hovertext is not None for h in list(t.hovertext)[:5])


def test_highlight_marks_date_and_actor_mentions_and_escapes():
    out = highlight_html("Austin sprach <am> 13. Mai mit Schoigu.", "13. Mai", {"Lloyd Austin", "Schoigu", "Austin"})
    assert out == ('<mark class="zl-actor">Austin</mark> sprach &lt;am&gt; <mark class="zl-date">13. Mai</mark> '
                   'mit <mark class="zl-actor">Schoigu</mark>.')
    # offsets win over searching; a word inside another word is no mention
    assert highlight_html("Mai Mai", "Mai", (), (4, 7)) == 'Mai <mark class="zl-date">Mai</mark>'
    assert "mark" not in highlight_html("Austinsche Linie", "", {"Austin"})


def test_evidence_card(seed_frame):
    row = seed_frame.iloc[1]
    body = SEED.read_text(encoding="utf-8").split("---\n", 2)[2]
    card = evidence_html(row, DE, {"shoigu": "Sergej Schoigu"}, body)
    assert '<mark class="zl-date">am 13. Mai</mark>' in card
    assert '<mark class="zl-actor">Gerassimow</mark>' not in card.split("<details>")[0]
    assert '<mark class="zl-actor">Schoigu</mark>' in card
    assert 'href="https://example.org/ukraine-krieg-austin-schoigu"' in card and 'rel="noopener noreferrer"' in card
    assert "Telefonat · geschehen · 13.05.2022 (Tag, 2022-05-13)" in card
    assert "<details>" in card and card.count('class="zl-date"') == 2  # sentence and article


def test_evidence_card_of_a_malicious_article(seed_frame):
    row = seed_frame.iloc[0].copy()
    row["title"] = "<script>alert(1)</script>"
    row["sentence"] = "Am 24. Februar <img src=x onerror=alert(2)> begann es."
    row["date_text"] = "24. Februar"
    row["source"] = "javascript:alert(3)"
    card = evidence_html(row, DE, {}, "<svg onload=alert(4)> Text")
    for bad in ("<script>", "<img", "<svg", 'href="javascript'):
        assert bad not in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card and "javascript:alert(3)" in card  # shown as text


def test_contact_pairs_and_counts(seed_frame):
    pairs = contact_pairs(seed_frame)
    assert pairs[["actor_a", "actor_b", "count"]].values.tolist() == [
        ["Lloyd Austin", "Sergej Schoigu", 2], ["Mark Milley", "Waleri Gerassimow", 1]]
    assert pairs.loc[0, "first"] == pd.Timestamp("2022-05-13") and pairs.loc[0, "last"] == pd.Timestamp("2022-10-21")
    fig = network_figure(pairs)
    assert len(fig.data) == 4  # two edges, their hover points and the nodes
    counts = counts_by_actor_type(seed_frame)
    assert counts.loc["Joe Biden", "statement"] == 2 and counts.loc["Sergej Schoigu", "call"] == 2
    assert list(counts["Σ"]) == sorted(counts["Σ"], reverse=True)


@pytest.mark.parametrize("lanes", ["event_type", "actor"])
def test_a_clicked_summary_point_lists_every_event_of_its_lane_and_day(lanes):
    df = many_events(HOVER_SENTENCE_LIMIT + 2000, seed=3)
    fig = timeline_figure(df, DE, lanes)
    markers = [t for t in fig.data if t.mode == "markers"]
    spans = [t for t in fig.data if t.mode == "lines"]
    assert markers and spans
    checked = 0
    for trace in markers[:2]:
        for x, y, label in list(zip(trace.x, trace.y, trace.customdata))[:25]:
            cell = summary_cell(df, DE, lanes, int(label), float(y))
            first = df.loc[int(label)]
            assert int(label) in cell.index and (cell["date"] == first["date"]).all()
            assert (cell["end"].fillna(cell["date"]) <= cell["date"]).all()  # day events only
            if lanes == "event_type":
                assert (cell["event_type"] == first["event_type"]).all()
                # every day event of that type and day is listed, no more
                same = df[(df["event_type"] == first["event_type"]) & (df["date"] == first["date"])
                          & (df["end"].fillna(df["date"]) <= df["date"])]
                assert set(cell.index) == set(same.index)
            else:
                lane_actor = next(a for a in first["actors"] if all(a in xs for xs in cell["actors"]))
                assert lane_actor
            checked += 1
    # a span piece: the lane's imprecise events overlapping the clicked one
    y, label = spans[0].y[0], spans[0].customdata[0]
    cell = summary_cell(df, DE, lanes, int(label), float(y))
    first = df.loc[int(label)]
    assert int(label) in cell.index and (cell["end"] > cell["date"]).all()
    assert ((cell["date"] <= first["end"]) & (cell["end"] >= first["date"])).all()
    assert checked >= 20
    assert summary_cell(df, DE, lanes, 10**9, 0.0).empty



def test_one_event_in_view_shows_days_around_it_not_milliseconds(seed_frame):
    one = seed_frame[seed_frame["date_text"] == "am Freitag"]
    fig = timeline_figure(one, DE)
    lo, hi = (np.datetime64(v) for v in fig.layout.xaxis.range)
    assert hi - lo == np.timedelta64(14, "D") and lo < np.datetime64("2022-10-21") < hi
    # a wider view keeps plotly's own range
    assert timeline_figure(seed_frame, DE).layout.xaxis.range is None


# ---- a timeline that reads without hovering (issue 14, point 8)

from board.figures import (CONTACT_TYPES, LABEL_ALL_LIMIT, LABEL_MAX, LABEL_MAX_SUMMARY, TYPE_COLORS,  # noqa: E402
                           label_annotations, label_boxes)


def _label_texts(fig):
    return [a.text for a in label_annotations(fig)]


def _assert_no_overlap(fig):
    """No two labels' boxes (estimated text extent at the first view's range) overlap."""
    boxes = label_boxes(fig)
    assert len(boxes) == len(_label_texts(fig))
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            assert not (a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]), (i, j, a, b)


def test_a_sparse_view_labels_every_event_with_type_and_short_names(seed_frame):
    fig = timeline_figure(seed_frame, DE)
    texts = _label_texts(fig)
    assert len(texts) == len(seed_frame)  # every event, none hidden by a neighbour
    assert texts.count("Telefonat Austin–Schoigu") == 2 and "Telefonat Gerassimow–Milley" in texts
    assert "Kriegsbeginn Russland–Ukraine" in texts and "Äußerung Biden" in texts
    assert "Äußerung Putin–Biden · Woche" in texts and "Gipfel G20 · Mitte November" in texts
    # layout annotations on the lanes' axes (no trace: nothing redrawn in the range slider, no extra axis)
    assert all(a.xref == "x" and a.yref == "y" and not a.showarrow for a in label_annotations(fig))
    assert "yaxis2" not in fig.to_plotly_json()["layout"] and not any(t.mode == "text" for t in fig.data)
    _assert_no_overlap(fig)  # the calls of 13 and 19 May sit in one lane, six days apart
    # English page, names escaped
    assert "call Austin–Schoigu" in _label_texts(timeline_figure(seed_frame, EN))
    events = seed_events()
    events[1]["actors"] = ["<img src=x onerror=alert(1)>", "Sergej Schoigu"]
    assert not [t for t in _label_texts(timeline_figure(events_to_frame(events), DE)) if "<img" in t]


def test_short_names_of_participants():
    from board.figures import event_label
    assert event_label("meeting", ["Ursula von der Leyen", "Wolodymyr Selenskyj"], DE) == "Treffen von der Leyen–Selenskyj"
    assert event_label("summit", ["NATO"], DE) == "Gipfel NATO"
    assert event_label("call", [], DE) == "Telefonat"
    assert event_label("meeting", ["A Eins", "B Zwei", "C Drei", "D Vier", "E Fünf"], DE) == "Treffen Eins–Zwei–Drei +2"


def test_labels_of_a_crowded_lane_never_overlap():
    df = many_events(200, seed=5)
    df["date"] = df["date"].min() + (df["date"] - df["date"].min()) / 20  # 200 events within ~45 days
    df["end"] = df["date"] + (df["end"] - df["date"]) / 20
    df = events_to_frame(df.to_dict("records"))
    fig = timeline_figure(df, DE)
    assert 5 <= len(_label_texts(fig)) < 200  # some fit, the rest are left out
    _assert_no_overlap(fig)
    fig = timeline_figure(df, DE, lanes="actor")
    _assert_no_overlap(fig)


def test_a_dense_view_labels_only_the_most_reported_events():
    df = many_events(LABEL_ALL_LIMIT + 1000, seed=2)
    df["n_sources"] = 1
    top = [7, 400, 900]
    df.loc[top, "n_sources"] = [6, 4, 3]
    fig = timeline_figure(df, DE)
    rows = fig.layout.meta["label_rows"]
    assert rows and set(rows) <= set(top) and len(rows) == len(_label_texts(fig))
    assert rows[0] == 7  # most reported first
    # without sources counted there is nothing to single out: no labels
    assert _label_texts(timeline_figure(df.assign(n_sources=1), DE)) == []
    # the summary (above 5,000 events) keeps them bounded
    big = many_events(HOVER_SENTENCE_LIMIT + 3000, seed=4)
    big["n_sources"] = (np.arange(len(big)) % 97 == 0) * 3 + 1
    fig = timeline_figure(big, DE)
    assert 0 < len(_label_texts(fig)) <= LABEL_MAX_SUMMARY < LABEL_MAX
    assert all(big.loc[r, "n_sources"] == 4 for r in fig.layout.meta["label_rows"])
    _assert_no_overlap(fig)


def test_span_labels_say_their_precision_and_never_run_into_each_other(seed_frame):
    from board.figures import span_label
    assert span_label("month", "2022-11 MID", DE) == "Mitte November"
    assert span_label("month", "2022-11 MID", EN) == "mid-November"
    assert span_label("month", "2024-05 END", DE) == "Ende Mai"
    assert span_label("month", "2022-03 START", DE) == "Anfang März"
    assert span_label("year", "2024 MID", DE) == "Mitte 2024"
    assert span_label("month", "2022-11", DE) == "Monat"
    assert span_label("week", "2022-W41", DE) == "Woche"
    # spans close together: labels left out or moved, never on top of each other
    df = many_events(300, seed=9)
    df["end"] = df["date"] + pd.Timedelta(days=8)
    df["precision"] = "week"
    fig = timeline_figure(df.iloc[:150].reset_index(drop=True), DE)
    assert any(t.endswith("Woche") for t in _label_texts(fig))
    _assert_no_overlap(fig)


def test_the_legend_is_one_compact_row(seed_frame):
    from board.figures import LEGEND_WIDTH_PX, legend_width
    # lanes by type: the lanes name the types (in their colours); the legend does not repeat them
    fig = timeline_figure(seed_frame, DE)
    assert not [t for t in fig.data if t.showlegend is not False]
    assert "#1f77b4" in fig.layout.yaxis.ticktext[1] and "Telefonat" in fig.layout.yaxis.ticktext[1]
    key = fig.layout.annotations[0].text
    assert "geplant" in key and "Zeitraum" in key
    # lanes by actor: one entry per type, as many as fit one row at 1440 px, the most frequent first
    df = many_events(400)
    df["event_type"] = [list(TYPE_COLORS)[i % len(TYPE_COLORS)] for i in range(len(df))]
    fig = timeline_figure(events_to_frame(df.to_dict("records")), DE, lanes="actor")
    entries = [t.name for t in fig.data if t.showlegend is not False]
    assert len(entries) == len(set(entries)) >= 4
    assert legend_width(entries) <= LEGEND_WIDTH_PX
    assert fig.layout.legend.orientation == "h"
    assert "Kontakt" in fig.layout.annotations[0].text


def test_contacts_join_their_participants_lanes_in_actor_lanes(seed_frame):
    fig = timeline_figure(seed_frame, DE, lanes="actor")
    lanes = list(fig.layout.yaxis.ticktext)
    y_of = {name: len(lanes) - 1 - i for i, name in enumerate(lanes)}
    connectors = [t for t in fig.data if (t.meta or {}).get("connector")]
    assert [t.line.color for t in connectors] == ["rgba(31,119,180,0.6)"] and connectors[0].line.width <= 1.5
    segs = np.asarray(connectors[0].x, dtype=float).reshape(-1, 3), np.asarray(connectors[0].y, dtype=float).reshape(-1, 3)
    found = sorted((pd.Timestamp(x0, unit="ms").date().isoformat(), y0, y1) for (x0, x1, _), (y0, y1, _) in zip(*segs))
    austin, schoigu = y_of["Lloyd Austin"], y_of["Sergej Schoigu"]
    gerassimow, milley = y_of["Waleri Gerassimow"], y_of["Mark Milley"]
    assert [d for d, *_ in found] == ["2022-05-13", "2022-05-19", "2022-10-21"]  # the three calls, not the rest
    for day, y0, y1 in found:
        pair = (gerassimow, milley) if day == "2022-05-19" else (austin, schoigu)
        assert abs(min(y0, y1) - min(pair)) < 0.4 and abs(max(y0, y1) - max(pair)) < 0.4
    # the connectors are the network's contacts: one meaning of "contact" on the page
    assert set(CONTACT_TYPES) == {"call", "meeting", "negotiation", "summit", "agreement"}
    # a marker of the call on each of its lanes
    pts = [(round(x), round(y)) for t in fig.data if t.mode == "markers" for x, y in zip(t.x, t.y)]
    x0 = pd.Timestamp("2022-05-13").value / 1e6 + 43_200_000
    assert (round(x0), austin) in pts and (round(x0), schoigu) in pts
    # lanes by type: no connectors
    assert not [t for t in timeline_figure(seed_frame, DE).data if (t.meta or {}).get("connector")]


def test_connectors_stay_bounded_in_a_large_view():
    from board.figures import CONNECTOR_LIMIT, CONNECTOR_LIMIT_SUMMARY
    df = many_events(30_000)
    fig = timeline_figure(df, DE, lanes="actor")
    connectors = [t for t in fig.data if (t.meta or {}).get("connector")]
    assert connectors and sum(len(t.x) for t in connectors) == 3 * CONNECTOR_LIMIT_SUMMARY
    assert all(t.type == "scattergl" and t.line.dash in (None, "solid") for t in connectors)
    fig = timeline_figure(df.iloc[:4_000], DE, lanes="actor")  # below the summary: more, planned ones dotted
    connectors = [t for t in fig.data if (t.meta or {}).get("connector")]
    assert CONNECTOR_LIMIT_SUMMARY < sum(len(t.x) for t in connectors) / 3 <= CONNECTOR_LIMIT
    assert {t.line.dash for t in connectors} == {"solid", "dot"}


def test_a_tall_chart_has_its_dates_on_top_too(seed_frame):
    """Lanes by actor can be 31 lanes: taller than the first screen, so the dates are written above the lanes."""
    from board.figures import TOP_AXIS_HEIGHT
    fig = timeline_figure(many_events(400), DE, lanes="actor")
    assert fig.layout.height > TOP_AXIS_HEIGHT
    assert fig.layout.xaxis.side == "top" and fig.layout.xaxis.rangeslider.visible  # the slider stays below
    assert fig.layout.legend.y > 1.04 and fig.layout.annotations[0].yshift > 20  # above the top dates
    short = timeline_figure(seed_frame, DE)
    assert short.layout.height <= TOP_AXIS_HEIGHT and short.layout.xaxis.side is None


def test_labels_with_a_date_beyond_pandas_years():
    """A table may hold a date far beyond pandas's Timestamp years; the first view and its labels still work."""
    df = many_events(100)
    far = np.datetime64(2 ** 62, "ms")  # as test_table_contract's far-future date: year 146 million
    df["date"] = np.where(df.index == 0, far, df["date"].to_numpy("datetime64[ms]"))
    df["end"] = np.where(df.index == 0, far, df["end"].to_numpy("datetime64[ms]"))
    fig = timeline_figure(df, DE)  # one far off: the first view leaves it out
    assert fig.layout.xaxis.range is not None and _label_texts(fig)
    df["date"] = df["end"] = far  # all on that day: the first view is 14 days around it
    fig = timeline_figure(df.iloc[:3], DE)
    assert fig.layout.xaxis.range[0].startswith("146140482-") and _label_texts(fig)
