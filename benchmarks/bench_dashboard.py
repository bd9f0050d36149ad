"""Benchmark of the page at scale: N synthetic events, a real Streamlit server, headless Chromium.

    python benchmarks/bench_dashboard.py              # 10k and 100k events
    python benchmarks/bench_dashboard.py --sizes 100000 --runs 3
    python benchmarks/bench_dashboard.py --lanes actor   # lanes by actor (events drawn once per actor)

Prints per size (medians over --runs, after one warm-up run): page ready (navigation until the chart
is drawn), filter change (choosing an actor until the filtered chart is drawn) and zoom (a Plotly
relayout to a quarter of the x range, and back to the full range, each until two animation frames
later, five times per page load, medians; "zoom ms" is the slower of the two, "worst ms" the slowest
single zoom of all runs), plus the server-side figure build time, the figure's JSON
size, the labels and connectors drawn (20% of the synthetic events have several sources, as the
most-reported carry labels) and the load average before the size was run (the machine may be shared).
Targets at 100k: ready <= 3 s, filter <= 1 s, zoom <= 100 ms.

"Chart drawn" is read from the figure's layout.meta: the page sends {"events", "points"}, and the
chart counts as drawn when the browser holds all `points` and `events` is the expected number of
events. Above 5,000 events the figure summarises per lane and day (board/figures.py), so points
are fewer than events.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from board.filters import EventIndex, Filters  # noqa: E402
from board.local_page import CHROMIUM, CHROMIUM_ARGS, LocalPage  # noqa: E402
from pipeline.table import events_to_frame, write_table  # noqa: E402

ZOOM_CYCLES = 5  # zoom in and out this often per page load; the median of each counts

ACTORS = [("Wladimir Putin", "Russland"), ("Joe Biden", "USA"), ("Wolodymyr Selenskyj", "Ukraine"),
          ("Olaf Scholz", "Deutschland"), ("Emmanuel Macron", "Frankreich"), ("Sergej Lawrow", "Russland"),
          ("Antony Blinken", "USA"), ("Dmytro Kuleba", "Ukraine"), ("Lloyd Austin", "USA"),
          ("Sergej Schoigu", "Russland"), ("Recep Tayyip Erdoğan", "Türkei"), ("António Guterres", "UNO"),
          ("Jens Stoltenberg", "NATO"), ("Ursula von der Leyen", "EU"), ("Annalena Baerbock", "Deutschland"),
          ("Xi Jinping", "China"), ("Mark Milley", "USA"), ("Waleri Gerassimow", "Russland"),
          ("Boris Johnson", "Großbritannien"), ("Andrzej Duda", "Polen")]
TYPES = ["call", "meeting", "summit", "negotiation", "agreement", "statement", "demand", "criticism",
         "sanction", "aid", "attack", "other"]
VERBS = {"call": "telefonierte mit", "meeting": "traf", "summit": "kam zum Gipfel mit",
         "negotiation": "verhandelte mit", "agreement": "einigte sich mit", "statement": "äußerte sich über",
         "demand": "forderte von", "criticism": "kritisierte", "sanction": "verhängte Sanktionen gegen",
         "aid": "sagte Hilfe zu für", "attack": "griff an", "other": "erwähnte"}
PRECISIONS = [("week", 6, "in der vergangenen Woche"), ("month", 29, "im März"), ("month", 9, "Mitte März"),
              ("quarter", 90, "im ersten Quartal")]


def synthetic_table(n: int, seed: int = 1) -> pd.DataFrame:
    """n plausible events 2022..2024: 85% single days, 15% spans, 8% planned, 1-3 actors each, 20% reported by
    more than one article (labelled on the chart)."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 3 * 365, n), unit="D")
    span = rng.random(n) < 0.15
    kind = rng.integers(0, len(PRECISIONS), n)
    actor_idx = rng.integers(0, len(ACTORS), (n, 3))
    n_actors = rng.integers(1, 4, n)
    types = rng.integers(0, len(TYPES), n)
    planned = rng.random(n) < 0.08
    # reported by 1 article (80%), 2 (16%), 3 or more (4%): the most-reported carry the chart's labels
    n_sources = rng.geometric(0.8, n)
    rows = []
    for i in range(n):
        names = list(dict.fromkeys(ACTORS[j][0] for j in actor_idx[i, :n_actors[i]]))
        countries = list(dict.fromkeys(ACTORS[j][1] for j in actor_idx[i, :n_actors[i]]))
        etype = TYPES[types[i]]
        day = start[i]
        if span[i]:
            precision, length, text = PRECISIONS[kind[i]]
            end = day + pd.Timedelta(days=length)
        else:
            precision, end, text = "day", day, f"am {day.day}. {day.month}."
        partner = names[1] if len(names) > 1 else "Vertretern der Ukraine"
        sentence = (f"{names[0]} {VERBS[etype]} {partner} {text}, wie die Nachrichtenagentur berichtete; "
                    f"Meldung Nummer {i}.")
        rows.append(dict(
            event_id=f"syn-{i:06d}", date=day, end=end, precision=precision, timex=day.strftime("%Y-%m-%d"),
            date_text=text, event_type=etype, status="planned" if planned[i] else "happened", actors=names,
            countries=countries, sentence=sentence, article_id=f"syn-artikel-{i // 8:05d}",
            title=f"Synthetische Meldung {i // 8}", source=f"https://example.org/meldung/{i // 8}",
            published=day, char_start=0, char_end=len(text), n_sources=int(n_sources[i])))
    return events_to_frame(rows)


# Number of events drawn in the chart (markers: one per event; spans: start, end, gap).
DRAWN = """() => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  if (!gd || !gd._fullData || !gd._fullLayout || !gd._fullLayout.xaxis || !gd.layout.meta) return -1;
  let n = 0;
  for (const t of gd._fullData) n += t.x.length;
  return n === gd.layout.meta.points ? gd.layout.meta.events : -1;
}"""

ZOOM = """async (cycles) => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const Plotly = window.Plotly;
  const frames = () => new Promise(res => requestAnimationFrame(() => requestAnimationFrame(res)));
  const r = gd._fullLayout.xaxis.range.map(v => new Date(v).getTime());
  const mid = (r[0] + r[1]) / 2, half = (r[1] - r[0]) / 8;
  const zoomIn = [], zoomOut = [];
  for (let k = 0; k < cycles; k++) {
    let t0 = performance.now();
    await Plotly.relayout(gd, {'xaxis.range': [mid - half, mid + half]});
    await frames();
    zoomIn.push(performance.now() - t0);
    t0 = performance.now();
    await Plotly.relayout(gd, {'xaxis.autorange': true});
    await frames();
    zoomOut.push(performance.now() - t0);
  }
  const median = xs => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [median(zoomIn), median(zoomOut), Math.max(...zoomIn, ...zoomOut)];
}"""


def measure(url: str, n: int, expected_filtered: int, actor: str, runs: int, query: str = "") -> dict:
    from playwright.sync_api import sync_playwright

    ready, filtered, zoom = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # One browser context: run 0 warms the server's table cache and the browser's cache of
        # Streamlit's JavaScript, as for a user who opened the page before.
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        for run in range(runs + 1):
            page = context.new_page()
            t0 = time.perf_counter()
            page.goto(url + query)
            page.wait_for_function(f"() => ({DRAWN})() === {n}", timeout=120_000, polling="raf")
            t_ready = time.perf_counter() - t0
            page.wait_for_timeout(500)
            z = page.evaluate(ZOOM, ZOOM_CYCLES)
            box = page.locator("[data-testid=stMultiSelect]").filter(has_text="Akteur").locator("input")
            box.click()
            box.fill(actor)
            t1 = time.perf_counter()
            box.press("Enter")
            page.wait_for_function(f"() => ({DRAWN})() === {expected_filtered}", timeout=120_000, polling="raf")
            t_filter = time.perf_counter() - t1
            page.close()
            if run:
                ready.append(t_ready)
                filtered.append(t_filter)
                zoom.append(z)
        browser.close()
    return {"ready_s": statistics.median(ready), "filter_s": statistics.median(filtered),
            "zoom_in_ms": statistics.median(z[0] for z in zoom), "zoom_out_ms": statistics.median(z[1] for z in zoom),
            "zoom_ms": statistics.median(max(z[:2]) for z in zoom), "zoom_worst_ms": max(z[2] for z in zoom)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lanes", choices=["event_type", "actor"], default="event_type")
    a = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    from board.figures import timeline_figure
    from board.ui_text import Labels
    import plotly.io as pio

    actor = "Sergej Schoigu"
    print(f"{'events':>8} {'ready s':>8} {'filter s':>9} {'zoom ms':>8} {'in/out ms':>10} {'worst ms':>9} {'figure+json s':>14} "
          f"{'json MB':>8} {'labels':>7} {'connectors':>10} {'load':>5}")
    for n in a.sizes:
        with tempfile.TemporaryDirectory(prefix="zl-bench-") as tmp:
            data = Path(tmp) / "data"
            (data / "articles").mkdir(parents=True)
            df = synthetic_table(n)
            write_table(df, data / "events.parquet")
            index = EventIndex(df)
            view = index.select(Filters(actors=(actor,)))
            t = time.perf_counter()
            fig = timeline_figure(df, Labels(), a.lanes)
            spec = pio.to_json(fig, validate=False)
            t_fig = time.perf_counter() - t
            n_labels = (fig.layout.meta or {}).get("labels", 0)
            n_connectors = sum(len(t.x) // 3 for t in fig.data if (t.meta or {}).get("connector"))
            load = os.getloadavg()[0]
            with LocalPage(data, log=Path(tmp) / "server.log", timeout=90) as server:
                query = "?lanes=actor" if a.lanes == "actor" else ""
                r = measure(server.url, n, len(view), actor, a.runs, query)
            inout = f"{r['zoom_in_ms']:.0f}/{r['zoom_out_ms']:.0f}"
            print(f"{n:>8} {r['ready_s']:>8.2f} {r['filter_s']:>9.2f} {r['zoom_ms']:>8.1f} {inout:>10} "
                  f"{r['zoom_worst_ms']:>9.0f} {t_fig:>14.2f} "
                  f"{len(spec) / 1e6:>8.1f} {n_labels:>7} {n_connectors:>10} {load:>5.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
