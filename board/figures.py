"""Plotly figures and the evidence card of the dashboard.

The timeline uses WebGL (scattergl) throughout so it stays fast at 100k events: day events are
markers, imprecise ones are drawn as line segments of one trace per style, separated by NaN gaps,
never as one SVG shape per event. Numeric arrays (epoch milliseconds on a date axis, lane numbers,
row numbers in customdata) are sent by plotly as compact typed arrays.

Everything that comes from articles is HTML-escaped before it reaches plotly (hover text, tick
labels) or the page (evidence card): plotly renders a subset of HTML in text.
"""
from __future__ import annotations

import functools
import html
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from board.network import CONTACT_TYPES, network_layout  # one meaning of "contact": the network's pairs are the connectors
from board.review import UNREVIEWED, review_states, state_of
from pipeline.dates import display_dates
from pipeline.yamlfile import load_yaml

HOVER_SENTENCE_LIMIT = 5_000   # above this many events the view is summarised per lane and day
SPAN_LABEL_LIMIT = 300         # spans drawn in their type's trace up to this many, above in one shared trace
SUMMARY_SMALL_MARKERS = 8_000  # summary cells drawn 3 px instead of 4 px above this many
MAX_ACTOR_LANES = 30           # the rest share one lane
DAY_MS = 86_400_000

# Also the order of the lanes: the war's start on top, then the contacts, words and deeds.
TYPE_COLORS = {
    "war_start": "#000000", "call": "#1f77b4", "meeting": "#2ca02c", "summit": "#9467bd", "negotiation": "#17becf",
    "agreement": "#bcbd22", "statement": "#7f7f7f", "demand": "#ff7f0e", "criticism": "#e377c2",
    "rejection": "#8c564b", "threat": "#d62728", "sanction": "#393b79", "aid": "#637939",
    "attack": "#b5181b", "other": "#aaaaaa",
}
SPAN_COLOR = "#5b6b82"  # spans of all types in one trace (many spans, summaries)
FALLBACK_COLORS = ["#843c39", "#7b4173", "#5254a3", "#8ca252", "#bd9e39", "#ad494a"]

PLOTLY_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "toImageButtonOptions": {"format": "png", "filename": "zeitleiste", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


# plotly.js draws WebGL at twice the page's pixels by default (config.plotGlPixelRatio 2): four times the pixels
# to clear, draw and, with software compositing, read back after every zoom, for two full-figure canvases. The
# summary's small dots are drawn at the page's pixels: a zoom at 100k events costs about a third less CPU
# (measured in Chromium without GPU); on a screen of devicePixelRatio 1 they look the same.
SUMMARY_GL_PIXEL_RATIO = 1


def plotly_config(labels, summary: bool = False) -> dict:
    """PLOTLY_CONFIG in the page's language: plotly.js's locale (config.locale and config.locales) with the
    axis's months and days, number separators and the toolbar's tooltips, from data/ui_labels.yaml
    (plotly_locale). A language without its own locale keeps plotly's en-US. summary: for a timeline above
    HOVER_SENTENCE_LIMIT events (WebGL at SUMMARY_GL_PIXEL_RATIO)."""
    locale = labels.own_mapping("plotly_locale") if hasattr(labels, "own_mapping") else {}
    name = locale.get("name")
    base = {**PLOTLY_CONFIG, "plotGlPixelRatio": SUMMARY_GL_PIXEL_RATIO} if summary else PLOTLY_CONFIG
    if not name:
        return dict(base)
    config = {**base, "locale": name}
    if locale.get("format") or locale.get("dictionary"):
        config["locales"] = {name: {"format": dict(locale.get("format") or {}),
                                    "dictionary": dict(locale.get("dictionary") or {})}}
    return config


def _rgba(color: str, alpha: float) -> str:
    """'#1f77b4' with an alpha: a translucent line without SVG opacity (a compositing layer per redraw)."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def type_color(event_type: str) -> str:
    if event_type in TYPE_COLORS:
        return TYPE_COLORS[event_type]
    return FALLBACK_COLORS[sum(map(ord, event_type)) % len(FALLBACK_COLORS)]


def _esc(series: pd.Series) -> pd.Series:
    return series.map(lambda s: html.escape(str(s), quote=False))


def _wrap(text: str, width: int = 80, limit: int = 240) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(html.escape(x, quote=False) for x in lines)


def hover_texts(df: pd.DataFrame, labels, compact: bool | None = None) -> pd.Series:
    """One hover text per event: date expression, interval and precision, type, actors, sentence, review state.

    compact (default: more than HOVER_SENTENCE_LIMIT events) gives only the escaped actors (and the state of a
    reviewed event); the figure then adds date and type through a hovertemplate, which keeps 100k events to a
    few MB.
    """
    compact = len(df) > HOVER_SENTENCE_LIMIT if compact is None else compact
    actors = _esc(df["actors"].map(lambda xs: ", ".join(xs)))
    states = review_states(df)
    # the review state (board/review.py): whether a person checked the event
    review = _esc(labels["review"] + ": " + states.map(labels.review_state))
    if compact:   # the review state of reviewed events only: machine-made ones stay as short as they were
        return actors.where(states == UNREVIEWED, actors + "<br>" + review).reset_index(drop=True)
    start = pd.Series(display_dates(df["date"], labels["before_christ"]), index=df.index).replace("", "?")
    end = pd.Series(display_dates(df["end"], labels["before_christ"]), index=df.index)
    end = end.where(end != "", start)
    interval = start.where(start == end, start + "–" + end)
    precision = df["precision"].map(labels.precision)
    kind = df["event_type"].map(labels.event_type) + np.where(df["status"] == "planned",
                                                               f" ({labels['planned']})", "")
    text = ("<b>" + _esc(df["date_text"]) + "</b> · " + interval + " · " + _esc(precision)
            + "<br>" + _esc(kind) + "<br>" + actors + "<br><i>" + df["sentence"].map(_wrap) + "</i>"
            + "<br>" + review)
    return text.reset_index(drop=True)


def lane_assignment(df: pd.DataFrame, by: str, labels) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(row positions, lane numbers, lane names); with lanes by actor a row appears once per actor."""
    n = len(df)
    if by == "actor":
        lists = df["actors"].tolist()
        counts = pd.Series([a for xs in lists for a in xs]).value_counts(sort=True)
        ordered = sorted(counts.index, key=lambda a: (-counts[a], a))
        top = ordered[:MAX_ACTOR_LANES]
        lane_of = {a: i for i, a in enumerate(top)}
        other = len(top)
        rows, lanes = [], []
        for r, xs in enumerate(lists):
            seen = set()
            for a in xs or [None]:
                lane = lane_of.get(a, other)
                if lane not in seen:
                    seen.add(lane)
                    rows.append(r)
                    lanes.append(lane)
        names = list(top)
        if other in set(lanes):
            names.append(labels["lane_other"])
        return np.array(rows, dtype=np.int64), np.array(lanes, dtype=np.int64), names
    types = sorted(df["event_type"].unique(), key=lambda t: (list(TYPE_COLORS).index(t)
                                                              if t in TYPE_COLORS else 99, t))
    lane_of = {t: i for i, t in enumerate(types)}
    return (np.arange(n, dtype=np.int64), df["event_type"].map(lane_of).to_numpy(np.int64),
            [labels.event_type(t) for t in types])


def summary_cell(df: pd.DataFrame, labels, lanes: str, label, y) -> pd.DataFrame:
    """The events behind a clicked point of the summary view: those of its lane that start on the day of
    the cell's first event (label, its row label in df's index), or, for a span piece, the lane's imprecise
    events overlapping it. y is the point's y value as plotly reports it (lane number, a span a quarter
    below). Empty when the label is not in df."""
    if label not in df.index:
        return df.iloc[0:0]
    rows, lane, names = lane_assignment(df.reset_index(drop=True), lanes, labels)
    n_lanes = max(len(names), 1)
    try:
        wanted = n_lanes - 1 - int(round(float(y) + 0.25 if _is_span_y(y) else float(y)))
    except (TypeError, ValueError):
        wanted = None
    pos = df.index.get_loc(label)
    lanes_of_pick = set(lane[rows == pos].tolist())
    if wanted not in lanes_of_pick:  # no usable y: the first lane the event is drawn in
        wanted = min(lanes_of_pick) if lanes_of_pick else None
    in_lane = np.unique(rows[lane == wanted])
    sub = df.iloc[in_lane]
    ends = sub["end"].fillna(sub["date"])
    picked = df.iloc[pos]
    pick_end = picked["end"] if pd.notna(picked["end"]) else picked["date"]
    if pick_end > picked["date"]:  # a span piece: the lane's spans that overlap the picked one
        mask = (ends > sub["date"]) & (sub["date"] <= pick_end) & (ends >= picked["date"])
    else:
        mask = (ends <= sub["date"]) & (sub["date"] == picked["date"])
    return sub[mask.to_numpy()]


def _is_span_y(y) -> bool:
    """Span pieces sit a quarter lane below their lane's markers."""
    try:
        return abs(float(y) - round(float(y))) > 0.2
    except (TypeError, ValueError):
        return False


def timeline_figure(df: pd.DataFrame, labels, lanes: str = "event_type", height: int | None = None,
                    hover=None) -> go.Figure:
    """The timeline of a filtered view; customdata of every point is its index label in df
    (the row label in the full table when df is a filtered view from EventIndex.select).

    Up to HOVER_SENTENCE_LIMIT events every event is drawn (points, spans with end markers, hover
    with the sentence). Above, the view is summarised per lane and day (see _summary_traces), which
    keeps zooming fast at 100k events even where WebGL is rendered in software.
    hover: precomputed hover_texts aligned with df (the page caches them per table and language).
    The chart reads without hovering: short labels of the events ("Telefonat Austin–Schoigu", see
    _label_annotations), with lanes by actor a vertical connector per contact (_connector_traces), a one-row legend
    and key (_one_row_legend).
    layout.meta holds {"events": events shown, "points": x values sent} for tests and the benchmark, and
    "labels" (labels written), "label_rows" (their events' row labels, in the labels' order) and "label_scale"
    (data units per pixel assumed when placing them).
    """
    compact = len(df) > HOVER_SENTENCE_LIMIT
    if hover is None:
        hover = hover_texts(df, labels, compact)
    hover = np.asarray(hover, dtype=object)
    # float32 is exact for row labels below 16 million and halves what travels to the browser
    row_label = df.index.to_numpy().astype(np.float32)
    df = df.reset_index(drop=True)
    rows, lane, lane_names = lane_assignment(df, lanes, labels)
    start_ms = df["date"].to_numpy("datetime64[ms]").astype(np.int64).astype(float)
    end_ms = df["end"].fillna(df["date"]).to_numpy("datetime64[ms]").astype(np.int64).astype(float)
    start_ms[df["date"].isna().to_numpy()] = np.nan
    is_span = (end_ms > start_ms)
    n_lanes = max(len(lane_names), 1)
    # First lane on top by numbering lanes downwards, not with a reversed axis: plotly's WebGL
    # lines vanish on a reversed y axis (seen with Streamlit's plotly.js).
    lane_y = (n_lanes - 1 - lane).astype(np.float32)
    parts = dict(rows=rows, lane=lane, lane_y=lane_y, start_ms=start_ms, end_ms=end_ms, is_span=is_span,
                 types=df["event_type"].to_numpy(object)[rows],
                 planned=(df["status"].to_numpy(object) == "planned")[rows], row_label=row_label, hover=hover)
    fig = go.Figure()
    if compact:
        mark_x, mark_y = _summary_traces(fig, df, labels, **parts)
    else:
        mark_x, mark_y = _detail_traces(fig, df, labels, **parts)
    height = height or int(min(900, max(320, 26 * n_lanes + 135)))
    focus = _focus_range(start_ms, end_ms) or _least_range(start_ms, end_ms)
    planned_ev = df["status"].to_numpy(object) == "planned"
    if lanes == "actor":
        _connector_traces(fig, df, labels, rows=rows, lane=lane, mark_x=mark_x, mark_y=mark_y,
                          row_label=row_label, planned_ev=planned_ev, summary=compact)
    top_axis = height > TOP_AXIS_HEIGHT
    _one_row_legend(fig, df, labels, lanes, lift_px=TOP_AXIS_PX if top_axis else 0)  # the key: annotation 0
    _label_annotations(fig, df, labels, rows=rows, mark_x=mark_x, mark_y=mark_y, is_span=is_span,
                       row_label=row_label, view=_view_range(focus, start_ms, end_ms), height=height,
                       n_lanes=n_lanes, summary=compact)
    fig.update_layout(
        height=height,
        margin=dict(l=10, r=10, t=30, b=10),
        hovermode="closest", dragmode="zoom", clickmode="event+select",
        legend=dict(orientation="h", yanchor="bottom", y=1.02 + (TOP_AXIS_PX / max(height - 135, 60) if top_axis
                                                                 else 0), x=0, itemsizing="constant", itemwidth=30,
                    font=dict(size=10), tracegroupgap=0),
        uirevision="timeline",  # keep the user's zoom when the page reruns
        meta={**(fig.layout.meta or {}), "events": int(len(df)), "points": int(sum(len(t.x) for t in fig.data))},
    )
    if focus is not None:
        fig.update_xaxes(range=focus)
    fig.update_xaxes(type="date", showgrid=True,
                     rangeslider=dict(visible=True, thickness=0.07, bgcolor="#eef2f7", bordercolor="#c5cdd8",
                                      borderwidth=1))
    ticktext = [html.escape(n, quote=False) for n in lane_names]
    if lanes != "actor":  # the lanes are the legend: each type's name in its colour
        lane_types = sorted(df["event_type"].unique(), key=lambda t: (list(TYPE_COLORS).index(t)
                                                                       if t in TYPE_COLORS else 99, t))
        ticktext = [f'<span style="color:{type_color(t)}">{n}</span>' for t, n in zip(lane_types, ticktext)]
    fig.update_yaxes(tickmode="array", tickvals=[n_lanes - 1 - i for i in range(n_lanes)],
                     ticktext=ticktext or [""],
                     range=[-0.5, n_lanes - 0.5], showgrid=False, zeroline=False)
    if top_axis:
        # A tall chart (many actor lanes) reaches below the first screen: its dates are written above the lanes
        # (the range slider stays below them).
        fig.update_xaxes(side="top", ticks="outside", ticklen=3)
    return fig


FOCUS_QUANTILE = 0.02  # the core of the dates: all but this share of the earliest and of the latest
FOCUS_REACH = 0.25     # dates further than this share of the core's width outside it are far off


LEAST_VIEW_DAYS = 14  # the first view shows at least this many days


def _least_range(start_ms: np.ndarray, end_ms: np.ndarray) -> list[str] | None:
    """With one event or a few on close days, plotly would zoom its axis to hours or milliseconds; the first
    view shows at least LEAST_VIEW_DAYS days around them instead (days on the axis). None otherwise."""
    ok = ~np.isnan(start_ms)
    if not ok.any():
        return None
    lo, hi = start_ms[ok].min(), np.fmax(end_ms[ok], start_ms[ok]).max()
    if hi - lo >= LEAST_VIEW_DAYS * DAY_MS:
        return None
    middle = (lo + hi) / 2
    half = LEAST_VIEW_DAYS * DAY_MS / 2
    return [str(np.datetime64(int(v), "ms")) for v in (middle - half, middle + half)]


def _focus_range(start_ms: np.ndarray, end_ms: np.ndarray) -> list[str] | None:
    """The first view's date range when a few dates lie far off: background years of an archive ("1994",
    "bis 2035") would squeeze the rest into a corner. They stay in the range slider, and a double click shows
    all. None (plotly's own range over every date) when nothing lies far off."""
    ok = ~np.isnan(start_ms)
    starts, ends = start_ms[ok], np.fmax(end_ms[ok], start_ms[ok])
    if len(starts) < 50:
        return None
    core_lo, core_hi = np.quantile(starts, [FOCUS_QUANTILE, 1 - FOCUS_QUANTILE])
    reach = max(core_hi - core_lo, 30 * DAY_MS) * FOCUS_REACH
    near = (starts >= core_lo - reach) & (starts <= core_hi + reach)
    lo, hi = starts[near].min(), np.minimum(ends[near], core_hi + reach).max() + DAY_MS  # a span into 2035 too
    if lo <= starts.min() and hi >= ends.max() + DAY_MS:
        return None
    pad = max((hi - lo) * 0.02, 3 * DAY_MS)
    return [str(np.datetime64(int(v), "ms")) for v in (lo - pad, hi + pad)]


# ---- labels written on the chart, contacts joined across actor lanes (read without hovering)

LABEL_ALL_LIMIT = 250   # up to this many events in view every event is a label candidate
LABEL_MAX = 120         # at most this many labels (annotations: placed again on every redraw)
LABEL_TRIES = 1_500     # candidates tried at most (the most-reported first) to place LABEL_MAX labels
LABEL_MAX_SUMMARY = 10  # in the summary (above HOVER_SENTENCE_LIMIT events): an overview, every zoom counts
LABEL_FONT_PX = 10
LABEL_NAME = "label"      # the name of a label's layout annotation (the key of the marks has none)
LABEL_CHAR_PX = 6.0     # estimated width of a character at LABEL_FONT_PX (Source Sans/Open Sans, with margin)
LABEL_PAD_PX = 6        # space kept free after a label
LABEL_LINE_PX = 13      # height of a label line
MARKER_RADIUS_PX = 5
PLOT_WIDTH_PX = 880     # the plot area of the chart on a 1440 px wide page with the sidebar open
LEGEND_WIDTH_PX = 580   # the legend's row: what is left of PLOT_WIDTH_PX beside the key of the marks
LEGEND_ITEM_PX = 42     # symbol and gaps of one legend entry
LEGEND_CHAR_PX = 5.4    # a character of a legend entry at font size 10 (measured in Chromium: ~5)
TOP_AXIS_HEIGHT = 560   # a chart taller than this (a 1440x900 page shows about 530 px of it) has its dates on top
TOP_AXIS_PX = 22        # what the top date axis takes above the plot
CONNECTOR_LIMIT = 2_000  # vertical connectors drawn at most (the most-reported contacts first)
# in the summary above HOVER_SENTENCE_LIMIT events: an overview, redrawn on every zoom
CONNECTOR_LIMIT_SUMMARY = 120
NAME_PARTICLES_PATH = Path(__file__).resolve().parent.parent / "data" / "lang" / "de" / "actors.yaml"


@functools.cache
def _name_particles() -> frozenset:
    """The words a surname may start with ("von der Leyen"): the gazetteer's name_particles, one list for the
    extractor and the labels."""
    return frozenset(str(w).lower() for w in (load_yaml(NAME_PARTICLES_PATH) or {}).get("name_particles") or ())


def short_name(name: str) -> str:
    """The surname of a person ("Lloyd Austin" -> "Austin", "Ursula von der Leyen" -> "von der Leyen"); a name
    of one word (a country, an organisation) as it is."""
    parts = str(name).split()
    if len(parts) <= 1:
        return str(name).strip()
    i = len(parts) - 1
    while i - 1 >= 1 and parts[i - 1].lower() in _name_particles():
        i -= 1
    return " ".join(parts[i:])


def event_label(event_type: str, actors, labels, most: int = 3) -> str:
    """The short label of an event: its type and participants, "Telefonat Austin–Schoigu" (plain text)."""
    names = [short_name(a) for a in (list(actors) if actors is not None else []) if str(a).strip()]
    names = list(dict.fromkeys(names))
    text = labels.event_type(event_type)
    if names:
        text += " " + "–".join(names[:most]) + (f" +{len(names) - most}" if len(names) > most else "")
    return text


_MOD_KEYS = {"START": "span_start", "MID": "span_mid", "END": "span_end"}


def span_label(precision: str, timex: str, labels) -> str:
    """What a span's label says: its precision ("Woche", "Monat"), or, for a part of a month or year (a timex
    value with the mod START, MID or END), that part: "Mitte November", "Ende 2024" (plain text)."""
    value, _, mod = str(timex or "").strip().partition(" ")
    key = _MOD_KEYS.get(mod.strip().upper())
    if key:
        unit = None
        month = re.fullmatch(r"-?\d{4}-(\d{2})", value)
        if month and 1 <= int(month.group(1)) <= 12:
            names = labels["month_names"].split()
            unit = names[int(month.group(1)) - 1] if len(names) == 12 else None
        elif re.fullmatch(r"\d{4}", value):
            unit = value
        if unit:
            return labels[key].replace("{x}", unit)
    return labels.precision(precision)


def label_width_px(text: str) -> float:
    return len(text) * LABEL_CHAR_PX + LABEL_PAD_PX


def legend_width(names) -> float:
    """Estimated width of a one-row legend with these entries at font size 10."""
    return sum(LEGEND_ITEM_PX + len(n) * LEGEND_CHAR_PX for n in names)


def _view_range(focus, start_ms, end_ms) -> tuple[float, float] | None:
    """The first view's x range in epoch ms: the focus range, or all dates with plotly's padding."""
    if focus is not None:
        # numpy, not pandas: a focus range may reach far beyond pandas's years (a far-future date in the table)
        lo, hi = (float(np.datetime64(v, "ms").astype(np.int64)) for v in focus)
        return lo, hi
    ok = ~np.isnan(start_ms)
    if not ok.any():
        return None
    lo, hi = start_ms[ok].min(), np.fmax(end_ms[ok], start_ms[ok]).max() + DAY_MS
    pad = max((hi - lo) * 0.03, DAY_MS)
    return lo - pad, hi + pad


DECLUTTER_SCRIPT = Path(__file__).resolve().parent / "static" / "declutter_labels.js"


@functools.cache
def declutter_script() -> str:
    """The page's script that hides labels overlapping at the chart's real width and after each zoom
    (static/declutter_labels.js); the page includes it once."""
    return f"<script>{DECLUTTER_SCRIPT.read_text(encoding='utf-8')}</script>"


def label_annotations(fig) -> list:
    """The labels of a timeline figure (layout annotations named LABEL_NAME), in placement order."""
    return [a for a in fig.layout.annotations if a.name == LABEL_NAME]


def label_boxes(fig) -> list[tuple[float, float, float, float]]:
    """(x0, x1, y0, y1) of every label of a timeline figure in data coordinates at its first view's range,
    from the estimated width of its text (what the placement keeps free of overlaps)."""
    found = label_annotations(fig)
    if not found:
        return []
    scale = fig.layout.meta["label_scale"]
    x_per_px, y_per_px = scale["x_per_px"], scale["y_per_px"]
    out = []
    for a in found:
        w = label_width_px(html.unescape(a.text)) * x_per_px
        h = LABEL_LINE_PX * y_per_px / 2
        pad = LABEL_PAD_PX * x_per_px  # on both ends: a label left of its mark never touches one right of it
        x0, x1 = (a.x - pad, a.x + w) if a.xanchor == "left" else (a.x - w, a.x + pad)
        out.append((float(x0), float(x1), float(a.y) - h, float(a.y) + h))
    return out


def _place_labels(cands, view, x_per_px, y_per_px, y_lo, y_hi, most: int = LABEL_MAX):
    """Greedy placement in data coordinates: each candidate (text, [(x, y), ...], row label) in priority order
    takes the first of its positions (each lane it is drawn in; above, then below its mark; right of it, then
    left) where its box overlaps no label placed before and stays inside the plot; else it is left out.
    Returns (x, y, text, textposition, row label) lists, at most `most`."""
    lo, hi = view
    placed = np.empty((0, 4))
    out = ([], [], [], [], [])
    dy = (MARKER_RADIUS_PX + LABEL_LINE_PX / 2 + 1) * y_per_px
    half = LABEL_LINE_PX * y_per_px / 2
    for text, spots, label in cands:
        w = label_width_px(text) * x_per_px
        done = False
        for x, y in spots:
            if not (lo <= x <= hi):
                continue
            for yy in (y + dy, y - dy):
                if yy - half < y_lo or yy + half > y_hi:
                    continue
                for x0, pos in ((x, "middle right"), (x - w, "middle left")):
                    if x0 < lo or x0 + w > hi:
                        continue
                    pad = LABEL_PAD_PX * x_per_px
                    box = (x0 - pad, x0 + w, yy - half, yy + half) if pos == "middle right" else \
                        (x0, x0 + w + pad, yy - half, yy + half)
                    if len(placed) and ((placed[:, 0] < box[1]) & (box[0] < placed[:, 1])
                                        & (placed[:, 2] < box[3]) & (box[2] < placed[:, 3])).any():
                        continue
                    placed = np.vstack([placed, box])
                    for lst, v in zip(out, (x, yy, html.escape(text, quote=False), pos, label)):
                        lst.append(v)
                    done = True
                    break
                if done:
                    break
            if done:
                break
        if len(out[0]) >= most:
            break
    return out


def _label_annotations(fig, df, labels, *, rows, mark_x, mark_y, is_span, row_label, view, height, n_lanes,
                       summary) -> None:
    """Short labels on the chart (see _place_labels): every event up to LABEL_ALL_LIMIT events in view, above
    that (and always in the summary, where at most LABEL_MAX_SUMMARY) only the most-reported ones (n_sources >= 2),
    most sources first. A span's label adds what span it is ("Gipfel G20 · Mitte November")."""
    if view is None or not len(df):
        return
    n_sources = (pd.to_numeric(df["n_sources"], errors="coerce").fillna(1).to_numpy() if "n_sources" in df
                 else np.ones(len(df)))
    if len(df) <= LABEL_ALL_LIMIT and not summary:
        chosen = np.arange(len(df))
    else:
        chosen = np.flatnonzero(n_sources >= 2)
    if not len(chosen):
        return
    # most sources first; among equals the tries are spread over the dates (a Weyl sequence over their
    # chronological ranks), so the labels are spread over the view, not all at its start
    start = df["date"].to_numpy("datetime64[ms]").astype(np.int64)[chosen]
    rank = np.empty(len(chosen))
    rank[np.argsort(start, kind="stable")] = np.arange(len(chosen))
    spread = (rank * 0.6180339887) % 1.0
    order = chosen[np.lexsort((spread, -n_sources[chosen]))][:LABEL_TRIES]
    spots_of: dict[int, list[int]] = {}
    for k in np.flatnonzero(np.isin(rows, order)):  # the drawn marks of the candidates only (100k rows: fast)
        spots_of.setdefault(int(rows[k]), []).append(int(k))
    types, actors = df["event_type"].to_numpy(object), df["actors"].to_numpy(object)
    precision, timex = df["precision"].to_numpy(object), df["timex"].fillna("").to_numpy(object)
    cands = []
    for r in order:
        spots = [(float(mark_x[k]), float(mark_y[k])) for k in spots_of.get(r, [])
                 if not np.isnan(mark_x[k])]
        if not spots:
            continue
        text = event_label(types[r], actors[r], labels)
        if is_span[r]:
            text += " · " + span_label(precision[r], timex[r], labels)
        cands.append((text, spots, row_label[r]))
    plot_h = max((height or 320) - 135, 60)
    x_per_px = (view[1] - view[0]) / PLOT_WIDTH_PX
    y_per_px = n_lanes / plot_h
    x, y, text, pos, row = _place_labels(cands, view, x_per_px, y_per_px, -0.5, n_lanes - 0.5,
                                         most=LABEL_MAX_SUMMARY if summary else LABEL_MAX)
    fig.layout.meta = {**(fig.layout.meta or {}), "label_scale": {"x_per_px": x_per_px, "y_per_px": y_per_px},
                       "labels": len(x), "label_rows": [int(r) for r in row]}
    # Layout annotations, not a text trace: plotly redraws a text trace on every zoom on an extra axis and in the
    # range slider (about 25 ms a zoom at 100k events, measured); annotations are positioned only, and never
    # drawn in the slider. name="label" tells them from the key of the marks (see declutter_labels.js).
    fig.update_layout(annotations=list(fig.layout.annotations) + [
        dict(x=float(xx), y=float(yy), text=tt, xref="x", yref="y", xanchor="left" if pp == "middle right" else "right",
             showarrow=False, name=LABEL_NAME, font=dict(size=LABEL_FONT_PX, color="#333333"), borderpad=0)
        for xx, yy, tt, pp in zip(x, y, text, pos)])


def _connector_traces(fig, df, labels, *, rows, lane, mark_x, mark_y, row_label, planned_ev,
                      summary: bool = False) -> None:
    """With lanes by actor: a contact (board.network.CONTACT_TYPES: call, meeting, summit, negotiation, agreement)
    is one thin vertical line in its type's colour
    joining its participants' lanes at its date (their marks sit on each lane). One WebGL line trace per type and
    status (planned ones dotted): an SVG line trace would be one path element per connector, drawn again in the
    range slider on every zoom. At most CONNECTOR_LIMIT, the most-reported first; repeated ones (same day, lanes
    and type) drawn once. In the summary (a redraw on every zoom of 100k events) at most CONNECTOR_LIMIT_SUMMARY,
    solid."""
    types = df["event_type"].to_numpy(object)
    contact = np.isin(types[rows], CONTACT_TYPES) & ~np.isnan(mark_x)
    if not contact.any():
        return
    seg = pd.DataFrame({"row": rows[contact], "lane": lane[contact], "x": mark_x[contact], "y": mark_y[contact]})
    g = seg.groupby("row", sort=False)
    ends = g.agg(x=("x", "first"), lo=("y", "min"), hi=("y", "max"), lanes=("lane", "nunique")).reset_index()
    ends = ends[ends["lanes"] >= 2]
    if not len(ends):
        return
    r = ends["row"].to_numpy()
    ends["type"], ends["plan"] = types[r], planned_ev[r]
    ends["n"] = (pd.to_numeric(df["n_sources"], errors="coerce").fillna(1).to_numpy()[r] if "n_sources" in df
                 else 1)
    ends = ends.sort_values(["n", "x"], ascending=[False, True], kind="stable")
    if summary:
        ends["plan"] = False
    ends = ends.drop_duplicates(["type", "plan", "x", "lo", "hi"]).head(
        CONNECTOR_LIMIT_SUMMARY if summary else CONNECTOR_LIMIT)
    for (event_type, plan), part in ends.groupby(["type", "plan"], sort=False):
        k = len(part)
        nan = np.full(k, np.nan)
        name = html.escape(f"{labels.event_type(event_type)} – {labels['contact']}", quote=False)
        fig.add_trace(go.Scattergl(
            x=np.column_stack([part["x"].to_numpy(), part["x"].to_numpy(), nan]).ravel(),
            y=np.column_stack([part["lo"].to_numpy(), part["hi"].to_numpy(), nan]).astype(np.float32).ravel(),
            customdata=np.column_stack([row_label[part["row"].to_numpy()]] * 2 + [nan]).astype(np.float32).ravel(),
            mode="lines", name=name, legendgroup=event_type, showlegend=False, hoverinfo="skip",
            connectgaps=False, meta={"connector": True},
            line=dict(color=_rgba(type_color(event_type), 0.6), width=1.2, dash="dot" if plan else "solid"),
        ))


def _one_row_legend(fig, df, labels, lanes: str, lift_px: int = 0) -> None:
    """The legend is one compact row. With lanes by type the lanes name the types (in their colours), so the
    legend does not repeat them; with lanes by actor it has one entry per type, the most frequent first, as many
    as fit LEGEND_WIDTH_PX (the rest are named in the hover). The marks (planned, span, contact) are explained
    once, in a key at the right of that row."""
    shown = set()
    if lanes == "actor":
        names, width = [], 0.0
        for t in df["event_type"].value_counts(sort=True).index:
            name = html.escape(labels.event_type(t), quote=False)
            if legend_width(names + [name]) > LEGEND_WIDTH_PX:
                break
            names.append(name)
            shown.add(t)
    for trace in fig.data:
        group = trace.legendgroup
        first = group in shown and (trace.meta or {}).get("connector") is None
        trace.update(showlegend=bool(first))
        if first:
            trace.update(name=html.escape(labels.event_type(group), quote=False))
            shown.discard(group)
    key = [f"● {labels.status('happened')}", f"○ {labels['planned']}", f"━ {labels['span']}"]
    if lanes == "actor":
        key.append(f"┃ {labels['contact']}")
    fig.add_annotation(text=html.escape("   ".join(key), quote=False), xref="paper", yref="paper", x=1, y=1.0,
                       xanchor="right", yanchor="bottom", yshift=4 + lift_px, showarrow=False,
                       font=dict(size=11, color="#555555"))


def _detail_traces(fig, df, labels, *, rows, lane, lane_y, start_ms, end_ms, is_span, types, planned,
                   row_label, hover) -> None:
    """Every event: day events as markers, imprecise ones as lines from start to end with end markers,
    one WebGL trace per type and status; events of one lane and day are stacked a little apart."""
    key = pd.DataFrame({"lane": lane, "day": start_ms[rows]})
    slot = key.groupby(["lane", "day"], sort=False).cumcount().to_numpy() % 5
    y_all = (lane_y + np.array([0.0, 0.2, -0.2, 0.35, -0.35])[slot]).astype(np.float32)
    span = is_span[rows]
    n_spans = int(span.sum())
    span_name = html.escape(labels["span"], quote=False)
    for event_type in pd.unique(types):
        color = type_color(event_type)
        name = html.escape(labels.event_type(event_type), quote=False)
        first = len(fig.data)
        for plan in (False, True):
            sel = (types == event_type) & (planned == plan)
            if not sel.any():
                continue
            suffix = f" ({html.escape(labels['planned'], quote=False)})" if plan else ""
            pts = sel & ~span
            if pts.any():
                r = rows[pts]
                fig.add_trace(go.Scattergl(
                    x=start_ms[r] + DAY_MS / 2, y=y_all[pts], customdata=row_label[r],
                    mode="markers", name=name + suffix, legendgroup=event_type, hovertext=hover[r],
                    hoverinfo="text",
                    marker=dict(color=color, size=10 if len(df) < 2000 else 6,
                                symbol="circle-open" if plan else "circle",
                                line=dict(width=2 if plan else 0.5, color=color if plan else "white")),
                ))
            sps = sel & span
            if sps.any() and n_spans <= SPAN_LABEL_LIMIT:
                _add_spans(fig, sps, color, f"{name} – {span_name}{suffix}", event_type, plan, rows, y_all,
                           start_ms, end_ms, row_label, hover, width=8 if len(df) < 2000 else 4)
        # One legend entry per type (a click on it hides the type's points and spans alike); the marks for
        # planned and for spans are explained once, in the legend's title.
        for k, trace in enumerate(fig.data[first:]):
            trace.update(showlegend=k == 0, name=name if k == 0 else trace.name)
    if n_spans > SPAN_LABEL_LIMIT:
        # WebGL line traces cost several ms each per redraw in software rendering: all spans of a
        # status go into one trace, the type colour is on the end markers.
        for plan in (False, True):
            sps = span & (planned == plan)
            if sps.any():
                suffix = f" ({html.escape(labels['planned'], quote=False)})" if plan else ""
                _add_spans(fig, sps, SPAN_COLOR, span_name + suffix, "span", plan, rows, y_all, start_ms, end_ms,
                           row_label, hover, width=4, marker_colors=[type_color(t) for t in types[sps]])
    # where each drawn event has its mark (a day event's point, a span's start) for labels and connectors
    return np.where(span, start_ms[rows], start_ms[rows] + DAY_MS / 2), y_all


def _add_spans(fig, sel, color, name, group, plan, rows, y_all, start_ms, end_ms, row_label, hover, width,
               marker_colors=None) -> None:
    """One WebGL trace of spans: [start, end, gap] per span, end markers as click targets."""
    r = rows[sel]
    k = len(r)
    nan = np.full(k, np.nan)
    x = np.column_stack([start_ms[r], end_ms[r] + DAY_MS, nan]).ravel()
    y = np.column_stack([y_all[sel], y_all[sel], nan]).astype(np.float32).ravel()
    cd = np.column_stack([row_label[r], row_label[r], nan]).astype(np.float32).ravel()
    ht = np.column_stack([hover[r], hover[r], np.full(k, None, dtype=object)]).ravel()
    marker = dict(color=color, size=10, symbol="line-ns-open")
    if marker_colors is not None:
        marker["color"] = np.column_stack([marker_colors, marker_colors, marker_colors]).ravel().tolist()
    fig.add_trace(go.Scattergl(
        x=x, y=y, customdata=cd, mode="lines+markers", name=name, legendgroup=group,
        connectgaps=False, opacity=0.75, hovertext=ht, hoverinfo="text",
        line=dict(color=color, width=width, dash="dot" if plan else "solid"), marker=marker,
    ))


def _summary_traces(fig, df, labels, *, rows, lane, lane_y, start_ms, end_ms, is_span, types, planned,
                    row_label, hover) -> None:
    """A large view, summarised so the browser draws a few ten thousand primitives, not 100k+:

    - day events: one marker per lane and day, in the colour of the lane-day's most frequent type
      (an open circle when all its events are planned); its hover gives the number of events (or the
      event's actors when it is one), a click opens the evidence of the cell's first event;
    - imprecise events: per lane and status the union of their intervals, drawn as one WebGL line
      trace per status (the hover on a piece's start gives how many spans it joins, or the type and
      precision of a single one); single spans are in the table.
    The cost of a WebGL redraw in software rendering grows with every point and line segment, so
    this is what keeps zoom and pan fast; a filter or the date range brings back single events.
    """
    n_label = labels["events_n"]
    span = is_span[rows]
    marks = (np.where(span, start_ms[rows], start_ms[rows] + DAY_MS / 2),
             np.where(span, lane_y - 0.25, lane_y).astype(np.float32))
    # ---- day events: one cell per (lane, day)
    pts = ~span & ~np.isnan(start_ms[rows])
    if pts.any():
        cells = pd.DataFrame({"lane": lane[pts], "day": start_ms[rows[pts]], "type": types[pts],
                              "plan": planned[pts], "pos": np.flatnonzero(pts)})
        by_type = cells.groupby(["lane", "day", "type"], sort=False).agg(
            n=("pos", "size"), first=("pos", "min"), plan=("plan", "min")).reset_index()
        # the type with most events wins the cell; ties go to the type of the cell's first event
        by_type = by_type.sort_values(["lane", "day", "n", "first"], ascending=[True, True, False, True],
                                      kind="stable")
        grouped = by_type.groupby(["lane", "day"], sort=False)
        total, first_pos, all_planned = (grouped["n"].transform("sum"), grouped["first"].transform("min"),
                                         grouped["plan"].transform("min"))
        keep = ~by_type.duplicated(["lane", "day"]).to_numpy()
        cell = by_type[keep]
        pos = first_pos[keep].to_numpy()
        cell_plan = all_planned[keep].to_numpy(bool)  # drawn as planned when all its events are
        first_rows = rows[pos]
        count = total[keep].to_numpy()
        text = np.where(count > 1, pd.Series(count).map(lambda n: n_label.format(n=n)).to_numpy(object),
                        hover[first_rows])
        y = lane_y[pos]
        day = cell["day"].to_numpy()
        size = 4 if len(cell) <= SUMMARY_SMALL_MARKERS else 3
        cell_type = cell["type"].to_numpy(object)
        for (event_type, plan), idx in pd.DataFrame({"t": cell_type, "p": cell_plan}).groupby(
                ["t", "p"], sort=False).indices.items():
            # One trace per type and status with a single colour: per-point colours (strings, or
            # numbers on a colour scale) cost more on the server or on every redraw (measured).
            color = type_color(event_type)
            name = html.escape(labels.event_type(event_type), quote=False)
            suffix = f" ({html.escape(labels['planned'], quote=False)})" if plan else ""
            fig.add_trace(go.Scattergl(
                x=day[idx] + DAY_MS / 2, y=y[idx], customdata=row_label[first_rows[idx]],
                mode="markers", name=name + suffix, legendgroup=event_type, text=text[idx],
                hovertemplate=f"<b>%{{x|%d.%m.%Y}}</b> · {name}{suffix}<br>%{{text}}<extra></extra>",
                # small markers: the redraw cost in software WebGL grows with the pixels covered
                marker=dict(color=color, size=(size + 1) if plan else size, symbol="circle-open" if plan else "circle",
                            line=dict(width=1.2 if plan else 0, color=color)),
            ))
    # ---- imprecise events: union of intervals per (lane, planned), whatever their type
    if span.any():
        seg = pd.DataFrame({"lane": lane[span], "type": types[span], "plan": planned[span],
                            "start": start_ms[rows[span]], "end": end_ms[rows[span]] + DAY_MS,
                            "pos": np.flatnonzero(span)})
        seg = seg.sort_values(["lane", "plan", "start"], kind="stable").reset_index(drop=True)
        group = seg.groupby(["lane", "plan"], sort=False)
        reach = group["end"].cummax()
        # a new piece starts where a span begins after everything before it in its group has ended
        prev_reach = reach.groupby([seg["lane"], seg["plan"]], sort=False).shift()
        seg["piece"] = (prev_reach.isna() | (seg["start"] > prev_reach)).cumsum()
        pieces = seg.groupby("piece", sort=False).agg(lane=("lane", "first"), type=("type", "first"),
                                                      plan=("plan", "first"), start=("start", "first"),
                                                      end=("end", "max"), n=("pos", "size"), pos=("pos", "first"))
        span_name = html.escape(labels["span"], quote=False)
        for plan, p in pieces.groupby("plan", sort=False):
            suffix = f" ({html.escape(labels['planned'], quote=False)})" if plan else ""
            k = len(p)
            nan = np.full(k, np.nan)
            none = np.full(k, None, dtype=object)
            y = lane_y[p["pos"].to_numpy()] - 0.25  # below the lane's day markers
            first_rows = rows[p["pos"].to_numpy()]
            n = p["n"].to_numpy()
            # a piece of one span: its type, precision and actors; of several: how many
            kind = p["type"].map(lambda t: html.escape(labels.event_type(t), quote=False)).to_numpy(object)
            precision = np.array([html.escape(labels.precision(x), quote=False)
                                  for x in df["precision"].to_numpy(object)[first_rows]], dtype=object)
            counted = pd.Series(n).map(lambda v: n_label.format(n=v)).to_numpy(object)
            text = np.where(n > 1, span_name + suffix + "<br>" + counted,
                            kind + " – " + precision + suffix + "<br>" + hover[first_rows])
            # WebGL, not SVG: an SVG line trace is one path element per piece, drawn again on every zoom in
            # the plot and in the range slider (most of a zoom's SVG work at 100k events, measured)
            fig.add_trace(go.Scattergl(
                x=np.column_stack([p["start"].to_numpy(), p["end"].to_numpy(), nan]).ravel(),
                y=np.column_stack([y, y, nan]).astype(np.float32).ravel(),
                customdata=np.column_stack([row_label[first_rows], row_label[first_rows], nan]).astype(np.float32).ravel(),
                text=np.column_stack([text, none, none]).ravel(),
                hovertemplate="<b>%{x|%d.%m.%Y}</b> · %{text}<extra></extra>",
                mode="lines", name=span_name + suffix, legendgroup="span", connectgaps=False, opacity=0.6,
                line=dict(color=SPAN_COLOR, width=4, dash="dot" if plan else "solid"),
            ))
    return marks


def network_figure(pairs: pd.DataFrame, labels=None, max_edges: int = 80, seed: int = 7) -> go.Figure:
    """Actors placed by a seeded force-directed layout (board.network.network_layout: groups of actors that
    met apart from each other, no edge through a node it does not join), one line per pair, its width by the
    number of contacts; hover texts in the page's language. The node trace carries each actor's name as
    customdata, so a click on a node names its actor."""

    if labels is None:
        from board.ui_text import Labels
        labels = Labels()
    pairs = pairs.head(max_edges)
    pos = network_layout(pairs, seed=seed)
    actors = sorted(pos)
    degree = dict.fromkeys(actors, 0)
    for a, b, n in zip(pairs["actor_a"], pairs["actor_b"], pairs["count"]):
        degree[a] += int(n)
        degree[b] += int(n)

    def contacts(n: int) -> str:
        return labels.fmt("contacts_one" if n == 1 else "contacts_n", n=n)

    top = max(pairs["count"].max() if len(pairs) else 1, 1)
    fig = go.Figure()
    mid_x, mid_y, mid_text = [], [], []
    for a, b, n, types in zip(pairs["actor_a"], pairs["actor_b"], pairs["count"], pairs["types"]):
        (x0, y0), (x1, y1) = pos[a], pos[b]
        fig.add_trace(go.Scatter(x=[x0, x1, None], y=[y0, y1, None], mode="lines", hoverinfo="skip",
                                 line=dict(width=1 + 7 * n / top, color="rgba(31,119,180,0.55)"), showlegend=False))
        kinds = ", ".join(labels.event_type(t) for t in (types.split(", ") if isinstance(types, str) else types))
        mid_x.append((x0 + x1) / 2)
        mid_y.append((y0 + y1) / 2)
        mid_text.append(html.escape(f"{a} – {b}: {contacts(int(n))} ({kinds})", quote=False))
    # hover on the middle of each line (a line alone hovers only at its ends)
    fig.add_trace(go.Scatter(x=mid_x, y=mid_y, mode="markers", marker=dict(size=10, opacity=0),
                             hovertext=mid_text, hoverinfo="text", showlegend=False))
    fig.add_trace(go.Scatter(
        x=[pos[a][0] for a in actors], y=[pos[a][1] for a in actors], mode="markers+text",
        text=[html.escape(a, quote=False) for a in actors], textposition="top center", customdata=actors,
        marker=dict(size=[10 + 3 * math.sqrt(degree[a]) for a in actors], color="#d62728"),
        hovertext=[html.escape(f"{a}: {contacts(degree[a])}", quote=False) for a in actors], hoverinfo="text",
        showlegend=False,
    ))
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    height = int(min(900, max(420, 140 * (max(ys) - min(ys) + 1.5))))
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), clickmode="event+select",
                      dragmode="pan")
    fig.update_xaxes(visible=False, range=[min(xs) - 0.8, max(xs) + 0.8])
    fig.update_yaxes(visible=False, range=[min(ys) - 0.6, max(ys) + 0.8], scaleanchor="x")
    return fig


def _terms_pattern(terms) -> re.Pattern | None:
    terms = sorted({t.strip() for t in terms if t and len(t.strip()) >= 3}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE)


def highlight_html(text: str, date_text: str = "", actor_terms=(), date_span: tuple[int, int] | None = None) -> str:
    """Escaped text with <mark> around the date expression and actor mentions.

    date_span (offsets into text) wins over searching date_text, which is the fallback when the
    offsets do not apply to this text. Every piece of input is escaped; only our tags are HTML.
    """
    marks: list[tuple[int, int, str]] = []
    if date_span and 0 <= date_span[0] < date_span[1] <= len(text):
        marks.append((date_span[0], date_span[1], "date"))
    elif date_text:
        i = text.find(date_text)
        if i >= 0:
            marks.append((i, i + len(date_text), "date"))
    pattern = _terms_pattern(actor_terms)
    if pattern:
        for m in pattern.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e, _ in marks):
                marks.append((m.start(), m.end(), "actor"))
    out, pos = [], 0
    for s, e, kind in sorted(marks):
        out.append(html.escape(text[pos:s]))
        out.append(f'<mark class="zl-{kind}">{html.escape(text[s:e])}</mark>')
        pos = e
    out.append(html.escape(text[pos:]))
    return "".join(out)


def actor_terms(actors, aliases: dict[str, str]) -> set[str]:
    """Words that mention the actors in a sentence: names, their aliases, and surnames."""
    terms = set()
    wanted = {a.casefold() for a in actors}
    for a in actors:
        terms.add(a)
        parts = a.split()
        if len(parts) > 1:
            terms.add(parts[-1])
    for alias, canonical in aliases.items():
        if canonical.casefold() in wanted:
            terms.add(alias)
    return terms


def _source_link(source: str, labels) -> str:
    """An outlet or address: a link for http(s) addresses only, else text; "no source given" when empty."""
    source = str(source or "")
    if source.startswith(("http://", "https://")):
        return (f'<a href="{html.escape(source, quote=True)}" target="_blank" rel="noopener noreferrer">'
                f"{html.escape(source)}</a>")
    return html.escape(source) if source else f"<i>{html.escape(labels['no_source'])}</i>"


def _interval(start: str, end: str) -> str:
    return start + ("–" + end if start and end and end != start else "")


EVIDENCE_SOURCES_SHOWN = 50  # articles listed in the evidence card; the rest are counted


def evidence_sources(row, mentions: pd.DataFrame | None) -> list[dict]:
    """The articles that report the event of row, one dict each (article_id, title, source, published, date, end,
    date_texts, sentences as (sentence, date_text)), from its mentions (rows of the mentions table whose merged_id is the event's id): the
    article of row first, then by publication date. Without mentions, the row's own article alone."""
    own = {"article_id": row["article_id"], "title": row["title"], "source": row["source"],
           "published": row["published"], "date": row["date"], "end": row["end"],
           "date_texts": [str(row["date_text"])], "sentences": [(str(row["sentence"]), str(row["date_text"]))]}
    if mentions is None or not len(mentions):
        return [own]
    out: dict[str, dict] = {}
    m = mentions.sort_values(["article_id", "char_start"], kind="stable")
    for rec in m.itertuples(index=False):
        item = out.get(rec.article_id)
        if item is None:
            item = out[rec.article_id] = {"article_id": rec.article_id, "title": rec.title, "source": rec.source,
                                          "published": rec.published, "date": rec.date, "end": rec.end,
                                          "date_texts": [], "sentences": []}
        for key, value in (("date_texts", str(rec.date_text)), ("sentences", (str(rec.sentence), str(rec.date_text)))):
            if value and value[0] and value not in item[key]:
                item[key].append(value)
    if row["article_id"] not in out:
        out[row["article_id"]] = own
    first = out.pop(row["article_id"])
    rest = sorted(out.values(), key=lambda x: (pd.isna(x["published"]), x["published"] if pd.notna(x["published"])
                                              else pd.Timestamp(0), str(x["article_id"])))
    return [first, *rest]


def _sources_html(row, labels, terms, sources: list[dict]) -> str:
    """Every article reporting the event: title, outlet, publication date, the date it gives (marked where it
    differs from the event's) and its sentences."""
    shown = sources[:EVIDENCE_SOURCES_SHOWN]
    bc = labels["before_christ"]
    ev_start, ev_end = display_dates([row["date"], row["end"] if pd.notna(row["end"]) else row["date"]], bc)
    items = []
    for src in shown:
        published, start, end = display_dates([src["published"], src["date"],
                                               src["end"] if pd.notna(src["end"]) else src["date"]], bc)
        differs = (start, end) != (ev_start, ev_end)
        said = html.escape(_interval(start, end) or labels["no_date"])
        said = f'<mark class="zl-conflict">{said}</mark>' if differs else said
        phrases = ", ".join(labels.fmt("quoted", text=html.escape(t)) for t in src["date_texts"] if t)
        sentences = "".join(f'<div class="zl-source-sentence">{highlight_html(s, t, terms)}</div>'
                            for s, t in src["sentences"])
        items.append(
            "<li>"
            f"<b>{html.escape(str(src['title']))}</b> · {_source_link(src['source'], labels)}"
            f" · {html.escape(labels['published'] + ' ' + published if published else labels['no_date'])}"
            f"<div>{html.escape(labels['source_date'])}: {said}{' (' + phrases + ')' if phrases else ''}</div>"
            f"{sentences}</li>")
    more = ""
    if len(sources) > len(shown):
        more = f"<div>{html.escape(labels.fmt('sources_more', n=len(sources) - len(shown)))}</div>"
    return (f'<div class="zl-sources"><div><b>{html.escape(labels["sources_heading"])} ({len(sources)})</b></div>'
            f'<ol style="margin:.3em 0;padding-left:1.4em">{"".join(items)}</ol>{more}</div>')


def evidence_html(row, labels, aliases: dict[str, str], body: str | None = None,
                  mentions: pd.DataFrame | None = None) -> str:
    """The provenance card of one event: title, source link, highlighted sentence, every source that reports it
    (from mentions: its rows of the mentions table) with a note when they disagree on the date, the article."""
    terms = actor_terms(row["actors"], aliases)
    link = _source_link(row["source"], labels)
    published, start, end = display_dates([row["published"], row["date"], row["end"]], labels["before_christ"])
    interval = _interval(start, end)
    meta = " · ".join(html.escape(x) for x in (
        labels.event_type(row["event_type"]), labels.status(row["status"]),
        f"{interval} ({labels.precision(row['precision'])}, {row['timex']})",
        ", ".join(row["actors"])) if x)
    parts = [
        '<div class="zl-evidence" style="line-height:1.5">',
        "<style>.zl-evidence mark.zl-date{background:#ffe08a}.zl-evidence mark.zl-actor{background:#bfe3ff}"
        ".zl-evidence mark.zl-conflict{background:#ffc9c9}.zl-evidence .zl-disagree{color:#a61b1b}"
        ".zl-evidence .zl-source-sentence{margin:.2em 0 .4em;padding-left:.6em;border-left:2px solid #ddd}</style>",
        f"<div><b>{html.escape(str(row['title']))}</b></div>",
        f"<div>{html.escape(labels['published'])} {html.escape(published)} · {html.escape(labels['source'])}: {link}</div>",
        f"<div>{meta}</div>",
        # the review state: whether a person checked the event (board/review.py)
        f'<div class="zl-review" data-review="{html.escape(state_of(row))}">{html.escape(labels["review"])}: '
        f"<b>{html.escape(labels.review_state(state_of(row)))}</b></div>",
        f'<blockquote style="margin:.5em 0;padding-left:.8em;border-left:3px solid #ccc">'
        f"{highlight_html(str(row['sentence']), str(row['date_text']), terms)}</blockquote>",
    ]
    conflict = str(row.get("date_conflict") or "")
    sources = evidence_sources(row, mentions)
    if conflict:   # the merged mentions disagree on the date: the page says so, each source's date below
        parts.append(f'<div class="zl-disagree">⚠ {html.escape(labels["sources_disagree"])}'
                     + ("" if len(sources) > 1 else f" ({html.escape(conflict)})") + "</div>")
    if len(sources) > 1:
        parts.append(_sources_html(row, labels, terms, sources))
    else:
        named = [str(s) for s in (row.get("sources") if row.get("sources") is not None else [])]
        if len(named) > 1:   # a table without its mentions: at least the outlets
            parts.append(f"<div>{html.escape(labels['sources_heading'])} ({len(named)}): "
                         f"{', '.join(html.escape(s) for s in named)}</div>")
        more = [s for s in str(row.get("evidence") or "").split("\n") if s and s != str(row["sentence"])]
        if more:   # the other mentions merged into this event, in this article and in others
            items = "".join(f"<li>{highlight_html(s, '', terms)}</li>" for s in more)
            parts.append(f"<details><summary>{html.escape(labels['more_evidence'])} ({len(more)})</summary>"
                         f"<ul>{items}</ul></details>")
    if body:
        cs, ce = row["char_start"], row["char_end"]
        span = None if pd.isna(cs) or pd.isna(ce) else (int(cs), int(ce))
        if span and body[span[0]:span[1]] != row["date_text"]:
            span = None  # offsets from another version of the text: fall back to searching
        parts.append(
            f"<details><summary>{html.escape(labels['article'])}</summary>"
            f'<div style="white-space:pre-wrap;max-height:24em;overflow:auto">'
            f"{highlight_html(body, str(row['date_text']), terms, span)}</div></details>")
    parts.append("</div>")
    return "".join(parts)
