"""End to end in Chromium: filter by actor, open an event's evidence, download the CSV, upload an
article, and malicious article text stays text. Each test runs its own server on a data copy."""
from __future__ import annotations

import csv
import io
import os
import shutil
import time
import urllib.parse
from pathlib import Path

import numpy as np
import pandas as pd

from board.export import TIMELINEJS_COLUMNS, read_csv_export
from pipeline.table import COLUMNS, events_to_frame, read_table, write_table

from conftest import SEED_URL, seed_events  # tests/conftest.py: the hand-made seed table
from e2e_helpers import (REPO, browser, click_event, click_table_row, copy_data, events_line, page, start_server,  # noqa: F401
                         wait_chart, wait_text)

SCREENSHOT = REPO / "docs" / "screenshot.png"


def seeded_copy(tmp_path, events=None) -> Path:
    data = copy_data(tmp_path / "data")
    write_table(events_to_frame(events or seed_events()), data / "events.parquet")
    return data


def choose_actor(page, name):
    box = page.locator("[data-testid=stMultiSelect]").filter(has_text="Akteur").locator("input")
    box.click()
    box.fill(name)
    box.press("Enter")
    page.keyboard.press("Escape")


def test_filter_evidence_and_downloads_on_the_shipped_data(page, start_server, tmp_path):
    """The real pipeline on the shipped seed article: the page builds the table on first start."""
    data = copy_data(tmp_path / "data")
    server = start_server(data)
    page.goto(server.url)
    wait_chart(page, timeout=120_000)
    assert events_line(page) == "7 von 7 Ereignissen"
    table = read_table(data / "events.parquet")
    row_of = lambda day, actor: int(table.index[(table["date"] == pd.Timestamp(day))
                                               & table["actors"].map(lambda xs: actor in xs)][0])

    # evidence from a table row: the Gerassimow-Milley call of 19 May
    click_table_row(page, row_of("2022-05-19", "Mark Milley"))
    card = page.locator(".zl-evidence")
    card.locator("blockquote mark.zl-date", has_text="am 19. Mai").wait_for()
    actors = [m.inner_text() for m in card.locator("blockquote mark.zl-actor").all()]
    assert "Waleri Gerassimow" in actors and "Mark Milley" in actors
    assert "Ukraine-Krieg: US-Verteidigungschef telefoniert mit Russen-Kollegen" in card.inner_text()
    assert "keine Quellenangabe" in card.inner_text()  # the seed article names no source URL

    # the data grid offers no CSV export of its own (it would not neutralise formulas)
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.hover()
    toolbar = page.locator("[data-testid=stElementToolbarButton] button")
    toolbar.first.wait_for()
    labels = [b.get_attribute("aria-label") or "" for b in toolbar.all()]
    assert labels and not [x for x in labels if x.startswith("Download") or "herunterladen" in x], labels  # either language

    choose_actor(page, "Shoigu")  # typed by the user; the picker's fuzzy match offers "Sergej Schoigu"
    wait_text(page, "2 von 7 Ereignissen")
    wait_chart(page, events=2)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query["actor"] == ["Sergej Schoigu"]  # the filtered view is a shareable link

    # the Friday call by clicking its point in the WebGL chart
    click_event(page, row_of("2022-10-21", "Sergej Schoigu"))
    card.locator("blockquote mark.zl-date", has_text="am Freitag").wait_for()
    assert "Austin" in [m.inner_text() for m in card.locator("blockquote mark.zl-actor").all()]
    card.locator("details summary").click()  # the whole article, date expression marked in it
    assert card.locator("details mark.zl-date", has_text="am Freitag").count() == 1

    with page.expect_download() as info:
        page.get_by_role("button", name="CSV (Excel)").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    path = Path(download.path())
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    got = read_csv_export(path)
    expected = table[table["actors"].map(lambda xs: "Sergej Schoigu" in xs)].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)
    assert [d.date().isoformat() for d in got["date"]] == ["2022-05-13", "2022-10-21"]
    plain = pd.read_csv(path, sep=";", encoding="utf-8-sig")  # plain pandas, as a user would
    assert len(plain) == 2 and list(plain.columns[:len(COLUMNS)]) == COLUMNS
    assert list(plain["actors"]) == ["Lloyd Austin; Sergej Schoigu"] * 2

    with page.expect_download() as info:
        page.get_by_role("button", name="TimelineJS-Tabelle").click()
    timeline = pd.read_csv(info.value.path(), dtype=str, keep_default_na=False)
    assert list(timeline.columns) == TIMELINEJS_COLUMNS and len(timeline) == 2
    assert list(timeline["Day"]) == ["13", "21"] and set(timeline["Group"]) == {"Telefonat"}

    # the figure as PNG from the chart's modebar
    page.locator("[data-testid=stPlotlyChart]").first.hover()
    with page.expect_download() as info:
        page.locator(".modebar-btn[data-title*='png' i]").first.click()
    png = Path(info.value.path()).read_bytes()
    assert info.value.suggested_filename == "zeitleiste.png"
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000

    # the shared link opens the same view in a fresh page
    other = page.context.new_page()
    other.goto(page.url)
    wait_chart(other)
    assert events_line(other) == "2 von 7 Ereignissen"
    # a hand-written link with an alias of data/actors.yaml and a search word
    other.goto(server.url + "?actor=Shoigu&q=Freitag")
    wait_chart(other)
    wait_text(other, "1 von 7 Ereignissen")


def test_upload_article_appears_without_restart(page, start_server, tmp_path):
    data = copy_data(tmp_path / "data")
    server = start_server(data)
    page.goto(server.url)
    wait_chart(page, timeout=120_000)  # first start builds the table from the shipped articles
    before = int(events_line(page).split()[0])
    shipped = sorted(p.name for p in (REPO / "data" / "articles").iterdir())

    page.locator("[data-testid=stRadio]").get_by_text("Artikel hinzufügen", exact=True).click()
    article = tmp_path / "kuleba.txt"
    article.write_text(
        "---\ntitle: Kuleba trifft Blinken in Washington\npublished: 2023-02-01\n"
        "source: https://example.org/kuleba-blinken\n---\n"
        "Der ukrainische Außenminister Dmytro Kuleba hat am Montag in Washington US-Außenminister "
        "Antony Blinken getroffen. Für den 24. Februar ist ein weiteres Treffen geplant.\n", encoding="utf-8")
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(article))
    page.get_by_text("kuleba.txt").wait_for()
    page.get_by_role("button", name="Hochladen und verarbeiten").click()
    wait_text(page, "1 gespeichert, 0 bereits vorhanden", timeout=120_000, exact=False)
    stored = [p for p in (data / "articles").iterdir() if "kuleba" in p.name.lower()]
    assert len(stored) == 1
    assert sorted(p.name for p in (REPO / "data" / "articles").iterdir()) == shipped  # shipped data untouched

    page.locator("[data-testid=stRadio]").get_by_text("Zeitleiste", exact=True).click()
    wait_chart(page)
    after = int(events_line(page).split()[0])
    assert after > before
    assert "Kuleba trifft Blinken in Washington" in set(read_table(data / "events.parquet")["title"])

    # the same file again is recognised as a duplicate
    page.locator("[data-testid=stRadio]").get_by_text("Artikel hinzufügen", exact=True).click()
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(article))
    page.get_by_text("kuleba.txt").wait_for()
    page.get_by_role("button", name="Hochladen und verarbeiten").click()
    wait_text(page, "0 gespeichert, 1 bereits vorhanden", exact=False)


def test_bulk_upload_shows_progress_and_all_articles_appear(page, start_server, tmp_path):
    """100 articles in one JSONL file: the progress bar moves while they are processed, then all are in."""
    import json

    data = copy_data(tmp_path / "data")
    server = start_server(data)
    people = [("Olaf Scholz", "Emmanuel Macron"), ("Dmytro Kuleba", "Antony Blinken"), ("Joe Biden", "Wolodymyr Selenskyj")]
    lines = []
    for n in range(100):
        a, b = people[n % 3]
        day = f"2023-{n % 12 + 1:02d}-{n % 27 + 1:02d}"
        lines.append(json.dumps({"id": f"bulk-{n}", "title": f"Meldung {n}", "published": day,
                                 "source": f"https://example.org/bulk/{n}",
                                 "text": f"{a} hat am Montag mit {b} telefoniert. Es war Gespräch Nummer {n}."},
                                ensure_ascii=False))
    bulk = tmp_path / "meldungen.jsonl"
    bulk.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.goto(server.url + "?view=Artikel%20hinzuf%C3%BCgen")
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(bulk))
    page.get_by_text("meldungen.jsonl").wait_for()
    page.get_by_role("button", name="Hochladen und verarbeiten").click()
    bar = page.locator("[data-testid=stProgress]")
    bar.first.wait_for(timeout=60_000)
    seen = set()
    for _ in range(200):  # sample the bar's value and text until it is gone
        try:
            seen.add((bar.first.locator("[role=progressbar]").get_attribute("aria-valuenow", timeout=200),
                      bar.first.inner_text(timeout=200).split("\n")[0][:30]))
        except Exception:
            break
        page.wait_for_timeout(50)
    wait_text(page, "100 gespeichert, 0 bereits vorhanden", timeout=120_000, exact=False)
    values = {int(v) for v, _ in seen if v and v.isdigit()}
    assert len(values) >= 2, seen  # the bar moved while the articles were processed
    assert any(t.startswith("Artikel werden") for _, t in seen), seen
    table = read_table(data / "events.parquet")
    sources = {x for xs in table["sources"] for x in xs} | set(table["source"])
    assert {f"https://example.org/bulk/{n}" for n in range(100)} <= sources


def test_two_sessions_upload_at_once_and_both_articles_are_kept(browser, start_server, tmp_path):
    """Two browser sessions on one server press "upload" at the same moment; both articles are stored and
    end up in the table (the folder lock serialises storing and rebuilding)."""
    data = copy_data(tmp_path / "data")
    server = start_server(data)
    texts = {
        "kuleba.txt": ("Kuleba trifft Blinken", "2023-02-01", "Der ukrainische Außenminister Dmytro Kuleba hat am "
                       "Montag in Washington US-Außenminister Antony Blinken getroffen."),
        "scholz.txt": ("Scholz telefoniert mit Macron", "2023-03-08", "Bundeskanzler Olaf Scholz hat am Dienstag mit "
                       "dem französischen Präsidenten Emmanuel Macron telefoniert."),
    }
    pages = []
    for name, (title, published, body) in texts.items():
        path = tmp_path / name
        path.write_text(f"---\ntitle: {title}\npublished: {published}\nsource: https://example.org/{name}\n---\n"
                        f"{body}\n", encoding="utf-8")
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
        pg = context.new_page()
        pg.set_default_timeout(60_000)
        pg.goto(server.url + "?view=Artikel%20hinzuf%C3%BCgen")
        pg.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(path))
        pg.get_by_text(name).wait_for()
        pages.append(pg)
    buttons = [pg.get_by_role("button", name="Hochladen und verarbeiten") for pg in pages]
    for b in buttons:
        b.wait_for()
    for b in buttons:  # both clicks before either upload is processed
        b.dispatch_event("click")
    for pg in pages:
        wait_text(pg, "1 gespeichert, 0 bereits vorhanden", timeout=120_000, exact=False)
    stored = sorted(p.name for p in (data / "articles").iterdir())
    assert any("kuleba" in n for n in stored) and any("scholz" in n for n in stored)
    # the upload that found the other's build running is queued: its build follows when the lock is free
    wanted = {"https://example.org/kuleba.txt", "https://example.org/scholz.txt"}
    deadline = time.monotonic() + 90
    while True:
        table = read_table(data / "events.parquet")
        sources = {x for xs in table["sources"] for x in xs} | set(table["source"])
        if wanted <= sources or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert wanted <= sources
    for pg in pages:
        pg.context.close()


def test_malicious_article_text_stays_text_and_formulas_are_neutralised(page, start_server, tmp_path):
    events = seed_events()
    events[5]["title"] = "<script>window.__xss = 1</script>Titel"
    events[5]["sentence"] = ("Austin habe bei dem Gespräch am Freitag <img src=x onerror=\"window.__xss=2\"> "
                             "gesagt [klick](javascript:window.__xss=3).")
    events[5]["actors"] = ["Lloyd Austin", "<b onmouseover=\"window.__xss=4\">Schoigu</b>"]
    events[1]["title"] = '=HYPERLINK("http://evil.example","klick")'
    events[1]["sentence"] = "@SUM(A1:A2) am 13. Mai"
    events[1]["date_text"] = "-am 13. Mai"
    events[1]["actors"] = ["+Lloyd Austin", "Sergej Schoigu"]
    data = seeded_copy(tmp_path, events)
    server = start_server(data)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server.url)
    wait_chart(page)
    click_event(page, 5)
    card = page.locator(".zl-evidence")
    card.wait_for()
    text = card.inner_text()
    assert "<script>window.__xss = 1</script>Titel" in text
    assert '<img src=x onerror="window.__xss=2">' in text
    link = card.locator("a").first
    assert link.get_attribute("href") == SEED_URL and link.get_attribute("target") == "_blank"
    assert "noopener" in link.get_attribute("rel")
    # hover text of the same point
    page.mouse.move(*click_event(page, 5, click=False))
    page.locator(".hoverlayer .hovertext").first.wait_for()
    hover = page.locator(".hoverlayer").text_content()
    assert "<b onmouseover" in hover
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src=x]").count() == 0 and page.locator("script:has-text('__xss')").count() == 0
    assert card.locator("a[href^=javascript]").count() == 0
    assert dialogs == []

    # downloads from the browser: no cell starts a formula, and the CSV reads back to the table
    files = {}
    for button in ("CSV (Excel)", "TimelineJS-Tabelle"):
        with page.expect_download() as info:
            page.get_by_role("button", name=button).click()
        files[button] = Path(info.value.path())
    for button, sep, encoding in (("CSV (Excel)", ";", "utf-8-sig"), ("TimelineJS-Tabelle", ",", "utf-8")):
        with open(files[button], encoding=encoding, newline="") as fh:
            cells = [c for row in csv.reader(fh, delimiter=sep) for c in row]
        assert len(cells) > 7 * 10
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))], button
    csv_text = files["CSV (Excel)"].read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text and "'@SUM(A1:A2)" in csv_text and "'-am 13. Mai" in csv_text
    pd.testing.assert_frame_equal(read_csv_export(files["CSV (Excel)"]), read_table(data / "events.parquet"))

    # the standard CSV for programs reads back as is; the Excel workbook (made on click) holds no formula
    for button in ("CSV (Standard)", "Excel (.xlsx)"):
        with page.expect_download() as info:
            page.get_by_role("button", name=button).click()
        files[button] = Path(info.value.path())
        assert info.value.suggested_filename.endswith(".xlsx" if "xlsx" in button else ".csv")
    plain = pd.read_csv(files["CSV (Standard)"])
    assert len(plain) == 7 and '=HYPERLINK("http://evil.example","klick")' in plain["title"].tolist()
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(files["Excel (.xlsx)"].read_bytes())).active  # the path has no suffix
    cells = [c for row in sheet.iter_rows() for c in row]
    assert len(cells) > 7 * 10 and not [c.coordinate for c in cells if c.data_type == "f"]
    hyperlink = [c for c in cells if c.value == '=HYPERLINK("http://evil.example","klick")']
    assert hyperlink and all(c.quotePrefix for c in hyperlink)


def test_shipped_table_is_shown_as_is_and_screenshot(page, start_server, tmp_path):
    """The shipped data folder as it is in git (the corpus and its built table): the page shows the table
    without rebuilding it, and at 1440x900 the chart with the war's start, the calls and the summits is on the
    first screen. ZEITLEISTE_UPDATE_SCREENSHOT=1 copies the screenshot to docs/screenshot.png (README's)."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("cache"))
    shipped = read_table(REPO / "data" / "events.parquet")
    assert len(shipped) >= 300
    stamp = (data / "events.parquet").stat().st_mtime_ns
    server = start_server(data)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server.url)
    wait_chart(page, events=len(shipped))
    assert events_line(page) == f"{len(shipped)} von {len(shipped)} Ereignissen"
    assert (data / "events.parquet").stat().st_mtime_ns == stamp  # no pipeline work: the table is valid
    assert page.locator("[data-testid=stToast]").count() == 0
    chart = page.locator("[data-testid=stPlotlyChart]").first.bounding_box()
    assert chart["y"] >= 0 and chart["y"] + chart["height"] <= 900, chart  # no scrolling to see it
    lanes = page.locator("[data-testid=stPlotlyChart]").first.inner_text()
    for lane in ("Kriegsbeginn", "Telefonat", "Gipfel"):
        assert lane in lanes, lane
    page.mouse.move(5, 5)  # no tooltip over the chart
    page.wait_for_timeout(500)
    shot = tmp_path / "screenshot.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    if os.environ.get("ZEITLEISTE_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOT)
    friday = shipped.index[(shipped["date"] == pd.Timestamp("2022-10-21")) & (shipped["event_type"] == "call")][0]
    click_event(page, int(friday))
    page.locator(".zl-evidence mark.zl-date", has_text="am Freitag").first.wait_for()
    page.locator("[data-testid=stRadio]").get_by_text("en", exact=True).click()  # the English switch
    wait_text(page, f"{len(shipped)} of {len(shipped)} events")
    wait_chart(page, events=len(shipped))
    wait_text(page, "Evidence")  # the chosen event's evidence, now under its English heading
    assert page.get_by_text("Evidence", exact=True).count() == 1


def test_a_summary_point_lists_its_events_and_each_opens_its_evidence(page, start_server, tmp_path):
    """Above 5,000 events the chart draws one point per lane and day; a click lists that point's events."""
    from board.figures import summary_cell, timeline_figure
    from board.filters import EventIndex, Filters
    from board.ui_text import Labels

    types = ["call", "meeting", "statement", "attack", "summit"]
    n = 6_000
    start = pd.Timestamp("2023-03-01")
    events = [dict(event_id=f"s{i:05d}", date=start + pd.Timedelta(days=i % 30), end=start + pd.Timedelta(days=i % 30),
                   precision="day", timex="", date_text="am Montag", event_type=types[i % 5], status="happened",
                   actors=[f"Akteur {i % 11}", f"Akteur {(i * 3) % 13}"], countries=[],
                   sentence=f"Beleg {i}: Akteur {i % 11} am Montag.", article_id=f"a{i}", title=f"Artikel {i}",
                   source="", published=start + pd.Timedelta(days=31), char_start=10, char_end=19)
              for i in range(n)]
    data = seeded_copy(tmp_path, events)
    view = EventIndex(read_table(data / "events.parquet")).select(Filters())
    fig = timeline_figure(view, Labels("de"), "event_type")
    trace = next(t for t in fig.data if t.mode == "markers")
    label, y = int(trace.customdata[3]), float(trace.y[3])
    cell = summary_cell(view, Labels("de"), "event_type", label, y)
    first = view.loc[label]
    same = view[(view["event_type"] == first["event_type"]) & (view["date"] == first["date"])]
    assert list(cell.index) == list(same.index) and len(cell) == n // 30  # every event of that type and day

    server = start_server(data)
    page.goto(server.url)
    wait_chart(page, events=n, timeout=120_000)
    # the summary's WebGL at the page's pixels; plotly.js was imported when the page opened
    # (board/chart_preload.py), and Streamlit's own import of it fetched nothing again
    loaded = page.evaluate("""() => ({preloaded: window.__zlChartPreload === true,
        fetched: performance.getEntriesByType('resource').filter(e => e.name.includes('/static/js/PlotlyChart.')).length,
        ratio: document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot')._context.plotGlPixelRatio,
        canvas: document.querySelector('[data-testid=stPlotlyChart] canvas.gl-canvas-context').width
                / document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot')._fullLayout.width})""")
    assert loaded == {"preloaded": True, "fetched": 1, "ratio": 1, "canvas": 1}, loaded
    click_event(page, label)
    wait_text(page, f"Die Tabelle zeigt die {len(cell)} Ereignisse des angeklickten Punkts", exact=False)
    card = page.locator(".zl-evidence")
    # the point's first event is the evidence; another row of the list opens its own
    card.locator("blockquote", has_text=view.loc[label, "sentence"]).wait_for()
    other = cell.index[1]
    click_table_row(page, list(cell.index).index(other))
    card.locator("blockquote", has_text=view.loc[other, "sentence"]).wait_for()
    # a double click beside the points clears the selection: the table lists the whole view again
    x, y = click_event(page, label, click=False)
    page.mouse.dblclick(x, y - 12)
    page.get_by_text("Die Tabelle zeigt die ersten 1000", exact=False).first.wait_for(timeout=30_000)


def test_history_and_bc_events_are_drawn_where_they_belong_and_open_their_evidence(page, start_server, tmp_path):
    """A treaty of 1650 and a battle of 490 BC (year -489) beside the seed events: the date axis reaches
    back to them, and a click on the battle opens its evidence with the date written 12.09.490 v. Chr."""
    events = seed_events()
    for n, (date, end, precision, actors, sentence) in enumerate([
            ("-0489-09-12", "-0489-09-12", "day", ["Athen", "Persien"],
             "Im September 490 v. Chr. siegten die Athener bei Marathon über das Perserheer."),
            ("1650-01-01", "1650-12-31", "year", ["Schweden", "Russland"],
             "Im Jahr 1650 schlossen Schweden und Russland einen Friedensvertrag.")]):
        events.append(dict(events[0], event_id=f"hist-{n}", date=date, end=end, precision=precision, timex=date,
                           date_text=sentence.split(" ")[1], event_type="agreement", actors=actors,
                           countries=actors, sentence=sentence, article_id="hist", char_start=None, char_end=None))
    server = start_server(seeded_copy(tmp_path, events))
    page.goto(server.url)
    wait_chart(page, events=9)
    lo, hi = page.evaluate("""() => {
      const xa = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot')._fullLayout.xaxis;
      return xa.range.map(xa.r2l);
    }""")
    battle, peace, now = (float(np.datetime64(d, "ms").astype(np.int64)) for d in ("-0489-09-12", "1650-01-01", "2022-10-21"))
    assert lo < battle < peace < now < hi
    click_event(page, 0)  # the battle sorts first in the table
    card = page.locator(".zl-evidence")
    card.wait_for()
    assert "12.09.490 v. Chr." in card.inner_text() and "Marathon" in card.inner_text()


def _query(page) -> dict:
    return {k: v for k, v in urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query).items()}


def test_language_round_trip_keeps_view_type_and_lanes(page, start_server, tmp_path):
    """An old German-label link opens the network of calls; de -> en -> de keeps the view, the type filter and
    the lanes, and the URL holds language-neutral keys, so an English link opens the same view."""
    data = seeded_copy(tmp_path)
    server = start_server(data)
    page.goto(server.url + "?type=Telefonat&view=Wer+mit+wem")
    wait_text(page, "3 von 7 Ereignissen")
    wait_text(page, "Kontakte (Telefonate, Treffen, Gipfel, Verhandlungen) im gewählten Zeitraum")
    page.wait_for_function("() => new URLSearchParams(location.search).get('view') === 'network'")
    assert _query(page)["type"] == ["call"] and _query(page)["view"] == ["network"]

    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.locator("[data-testid=stRadio]").get_by_text("en", exact=True).click()
    wait_text(page, "3 of 7 events")
    wait_text(page, "Contacts (calls, meetings, summits, negotiations) in the selected period")
    assert sidebar.locator("[data-testid=stMultiSelect]").filter(has_text="Event type").get_by_text(
        "call", exact=True).count() == 1
    query = _query(page)
    assert query["type"] == ["call"] and query["view"] == ["network"] and query["lang"] == ["en"]

    # lanes by actor on the timeline, then back to German
    page.locator("[data-testid=stMain] [data-testid=stRadio]").get_by_text("Timeline", exact=True).click()
    wait_chart(page, events=3)
    page.get_by_text("by actor", exact=True).click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('lanes') === 'actor'")
    sidebar.locator("[data-testid=stRadio]").get_by_text("de", exact=True).click()
    wait_text(page, "3 von 7 Ereignissen")
    wait_chart(page, events=3)
    assert page.get_by_role("radio", name="nach Akteur").is_checked()
    assert page.get_by_role("radio", name="Zeitleiste").is_checked()
    assert sidebar.locator("[data-testid=stMultiSelect]").filter(has_text="Ereignistyp").get_by_text(
        "Telefonat", exact=True).count() == 1
    query = _query(page)
    assert query["type"] == ["call"] and query["lanes"] == ["actor"] and "lang" not in query

    # the English link opens the same view in a fresh page, in English
    other = page.context.new_page()
    other.goto(server.url + "?lang=en&type=call&view=network")
    other.get_by_text("3 of 7 events", exact=True).wait_for()
    other.get_by_text("Contacts (calls, meetings, summits, negotiations) in the selected period").wait_for()


def test_pdf_upload_and_paste_without_title_or_date_in_the_page_language(page, start_server, tmp_path):
    """A PDF gets the page's own German message (not Streamlit's English refusal); a paste without title and date
    keeps its whole text and warns that relative dates stay unresolved."""
    data = seeded_copy(tmp_path)
    server = start_server(data)
    page.goto(server.url + "?view=add")
    pdf = tmp_path / "bericht.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(pdf))
    page.get_by_text("bericht.pdf").first.wait_for()
    assert page.get_by_text("not allowed", exact=False).count() == 0
    page.get_by_role("button", name="Hochladen und verarbeiten").click()
    wait_text(page, "bericht.pdf: PDF-Dateien werden nicht gelesen", exact=False)
    wait_text(page, "0 gespeichert, 0 bereits vorhanden, 1 Probleme", exact=False)

    text = ("Olaf Scholz ist am Montag überraschend nach Kiew gereist. Dort sprach er mit Wolodymyr Selenskyj "
            "über weitere Waffenlieferungen.\nAm Dienstag reiste er weiter nach Warschau.")
    page.get_by_label("Artikeltext").fill(text)
    page.get_by_role("button", name="Artikel speichern").click()
    wait_text(page, "kein Veröffentlichungsdatum: relative Angaben bleiben ungelöst", timeout=120_000, exact=False)
    wait_text(page, "1 gespeichert, 0 bereits vorhanden", exact=False)
    (stored,) = [p for p in (data / "articles").iterdir() if "olaf-scholz" in p.name]
    assert stored.read_text(encoding="utf-8").endswith(text)


TICK_TEXTS = """() => Array.from(document.querySelectorAll('[data-testid=stPlotlyChart] .xtick text'))
  .map(t => t.textContent)"""


def test_chart_axis_and_toolbar_speak_the_page_language(page, start_server, tmp_path):
    """plotly.js's German locale: the axis months of the German page are German ("Okt", not "Oct"), the toolbar's
    tooltips too; the English page keeps plotly's English."""
    data = seeded_copy(tmp_path)
    server = start_server(data)
    page.goto(server.url)
    wait_chart(page)
    ticks = " ".join(page.evaluate(TICK_TEXTS))
    assert any(m in ticks for m in ("Mär", "Mai", "Okt", "Dez")), ticks
    assert not any(m in ticks for m in ("Mar", "May", "Oct", "Dec")), ticks
    page.locator("[data-testid=stPlotlyChart]").first.hover()
    titles = [b.get_attribute("data-title") for b in page.locator(".modebar-btn").all()]
    assert "Achsen zurücksetzen" in titles and "Reset axes" not in titles, titles

    page.locator("[data-testid=stSidebar] [data-testid=stRadio]").get_by_text("en", exact=True).click()
    wait_text(page, "7 of 7 events")
    page.wait_for_function("""() => /Mar|May|Oct|Dec/.test(Array.from(
      document.querySelectorAll('[data-testid=stPlotlyChart] .xtick text')).map(t => t.textContent).join(' '))""")


# aria-label, title and placeholder of every element outside the charts
FRAME_ATTRIBUTES = """() => Array.from(document.querySelectorAll('[aria-label],[title],[placeholder]'))
  .filter(el => !el.closest('[data-testid=stPlotlyChart], svg'))
  .flatMap(el => ['aria-label', 'title', 'placeholder'].map(a => el.getAttribute(a)).filter(v => v))"""


def test_screen_reader_labels_and_placeholders_speak_the_page_language(page, start_server, tmp_path):
    """Streamlit's own aria-labels, tooltips and placeholders ("Main menu", "Help for Akteur", "Choose an option")
    are German on the German page and English again on the English page."""
    server = start_server(seeded_copy(tmp_path))
    page.goto(server.url)
    wait_chart(page)
    page.wait_for_function(f"() => ({FRAME_ATTRIBUTES})().includes('Hauptmenü')")
    said = set(page.evaluate(FRAME_ATTRIBUTES))
    assert {"Hauptmenü", "Hilfe zu Akteur", "Seitenleiste einklappen"} <= said, said
    english = {"Main menu", "Collapse sidebar", "Link to heading", "Choose an option", "Choose date", "Open",
               "Fullscreen", "Search", "Show/hide columns"}
    assert not said & english and not any(v.startswith(("Help for ", "day, ", "month, ", "year, ")) for v in said), said

    page.locator("[data-testid=stSidebar] [data-testid=stRadio]").get_by_text("en", exact=True).click()
    wait_text(page, "7 of 7 events")
    page.wait_for_function(f"() => ({FRAME_ATTRIBUTES})().includes('Main menu')")
    assert "Hauptmenü" not in page.evaluate(FRAME_ATTRIBUTES)


# Screen position of the contact network's node of an actor (the node trace carries the names as customdata).
NODE_POSITION = """(name) => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  if (!(gd && gd._fullData && gd._fullLayout && gd._fullLayout.xaxis)) return null;
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
  for (const t of gd._fullData) {
    if (!t.customdata || !String(t.mode).includes('markers')) continue;
    const i = Array.from(t.customdata).indexOf(name);
    if (i >= 0) return [box.left + xa._offset + xa.l2p(Number(t.x[i])), box.top + ya._offset + ya.l2p(Number(t.y[i]))];
  }
  return null;
}"""


def test_a_click_on_a_network_node_filters_the_page_to_that_actor(page, start_server, tmp_path):
    """In "Wer mit wem", a click on Lloyd Austin's node sets the actor filter: his two calls, the URL names him."""
    data = seeded_copy(tmp_path)
    server = start_server(data)
    page.goto(server.url + "?view=network")
    wait_text(page, "7 von 7 Ereignissen")
    page.wait_for_function(NODE_POSITION, arg="Lloyd Austin", timeout=60_000)
    page.locator("[data-testid=stPlotlyChart]").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.mouse.click(*page.evaluate(NODE_POSITION, "Lloyd Austin"))
    wait_text(page, "2 von 7 Ereignissen")
    page.wait_for_function("() => new URLSearchParams(location.search).get('actor') === 'Lloyd Austin'")
    assert _query(page)["view"] == ["network"]
    sidebar = page.locator("[data-testid=stSidebar]")
    assert sidebar.locator("[data-testid=stMultiSelect]").filter(has_text="Akteur").get_by_text(
        "Lloyd Austin", exact=True).count() == 1
    # the network now shows his contacts only
    page.wait_for_function("() => { const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');"
                           " const t = gd && gd._fullData.find(t => t.customdata && String(t.mode).includes('markers'));"
                           " return t && t.customdata.length === 2; }")


def test_at_390_px_the_filters_are_reachable_and_the_table_shows_date_type_and_participants(browser, start_server,
                                                                                          tmp_path):
    """A phone's width: the sidebar is folded away, its button opens it, a filter works within the screen, and the
    table's visible columns are date, type and participants."""
    data = seeded_copy(tmp_path)
    server = start_server(data)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(server.url)
        wait_text(page, "7 von 7 Ereignissen")
        # the table: its first three columns are on screen, in this order
        grid = page.locator("[data-testid=stDataFrame]").first
        grid.scroll_into_view_if_needed()
        headers = grid.locator("th[aria-colindex]")
        headers.first.wait_for(state="attached")
        names = {int(h.get_attribute("aria-colindex")): h.inner_text().strip() for h in headers.all()}
        assert [names.get(i) for i in (1, 2, 3)] == ["Datum", "Ereignistyp", "Akteure"], names
        widths = page.evaluate("""() => {
          const grid = document.querySelector('[data-testid=stDataFrame]');
          return [grid.getBoundingClientRect().right, window.innerWidth];
        }""")
        assert widths[0] <= widths[1]  # the table is no wider than the screen
        # the data grid renders the cells of the columns in view: the first three are among them
        for col in (1, 2, 3):
            assert grid.locator(f"[data-testid=glide-cell-{col}-0]").count() == 1
        assert "Lloyd Austin" in grid.locator("[data-testid=glide-cell-3-1]").inner_text()
        # the filters: folded away, one button opens them, and they work within the screen
        box = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").filter(has_text="Akteur")
        folded = box.bounding_box()
        assert folded is None or folded["x"] + folded["width"] <= 0  # off screen until opened
        opener = page.locator("[data-testid=stExpandSidebarButton]")
        assert opener.is_visible()
        opener.click()
        page.wait_for_function("""() => {
          const b = [...document.querySelectorAll('[data-testid=stSidebar] [data-testid=stMultiSelect]')]
            .find(e => e.innerText.includes('Akteur'));
          const r = b && b.getBoundingClientRect(); return r && r.left >= 0 && r.right <= 390; }""")
        field = box.locator("input")
        field.click()
        field.fill("Schoigu")
        field.press("Enter")
        page.keyboard.press("Escape")
        wait_text(page, "2 von 7 Ereignissen")
    finally:
        context.close()


# Boxes (screen pixels) of the label texts of the chart, the legend entries, the key and the date axis's labels.
TIMELINE_DRAWN = """() => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; };
  // labels are layout annotations named "label"; the key of the marks is the one without a name
  const isLabel = el => (gd._fullLayout.annotations[Number(el.dataset.index)] || {}).name === 'label';
  const annotations = [...gd.querySelectorAll('g.annotation')];
  // the labels as the reader sees them: the page hides those that would overlap (board/static/declutter_labels.js)
  const main = annotations.filter(el => isLabel(el) && el.style.display !== 'none'
      && !el.closest('.rangeslider-container'));
  const slider = [...gd.querySelectorAll('.rangeslider-container g.annotation, .rangeslider-container g.textpoint')];
  return {
    labels: main.map(el => [el.textContent, ...box(el)]),
    slider_labels: slider.filter(el => { const r = el.getBoundingClientRect(); return r.width > 0
        && r.bottom > 0 && r.top < window.innerHeight; }).length,
    legend: [...gd.querySelectorAll('g.legend g.traces')].map(el => [el.textContent, ...box(el)]),
    key: annotations.filter(el => !isLabel(el)).map(el => [el.textContent, ...box(el)]),
    xticks: [...gd.querySelectorAll('g.xtick text')].map(el => [el.textContent, ...box(el)]),
    connectors: gd._fullData.filter(t => t.meta && t.meta.connector).length,
  };
}"""


def _overlaps(boxes, tolerance=0.5, gap=2):
    """Pairs of labels drawn over one another, or side by side closer than `gap` pixels."""
    out = []
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i][1:], boxes[j][1:]
            if (a[0] < b[1] + gap and b[0] < a[1] + gap and a[2] < b[3] - tolerance
                    and b[2] < a[3] - tolerance):
                out.append((boxes[i][0], boxes[j][0]))
    return out


def test_timeline_labels_legend_connectors_and_axis_at_1440(page, start_server, tmp_path):
    """The timeline reads without hovering (issue 14, point 8), at 1440x900 on the shipped data: labels that do
    not overlap as drawn, a legend of one row, contacts joined across actor lanes, the dates on the first screen."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("cache"))
    shipped = read_table(REPO / "data" / "events.parquet")
    server = start_server(data)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server.url)
    wait_chart(page, events=len(shipped))
    page.wait_for_timeout(500)
    drawn = page.evaluate(TIMELINE_DRAWN)
    # labels of the most-reported events, none drawn over another, none in the range slider
    assert len(drawn["labels"]) >= 15, drawn["labels"]
    assert any(t.startswith("Telefonat ") and "–" in t for t, *_ in drawn["labels"])
    assert not _overlaps(drawn["labels"]), _overlaps(drawn["labels"])
    assert drawn["slider_labels"] == 0
    # lanes by type: the lanes name the types, so no legend repeats them; the key of the marks is one line
    assert drawn["legend"] == []
    (key,) = drawn["key"]
    assert "geplant" in key[0] and "Zeitraum" in key[0] and key[4] - key[3] < 22
    # the date axis is on the first screen
    assert drawn["xticks"] and all(b[4] <= 900 for b in drawn["xticks"]), drawn["xticks"]
    assert any(t[0] == "2024" for t in drawn["xticks"])

    page.get_by_text("nach Akteur", exact=True).click()
    page.wait_for_function("""() => { const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
        return gd && gd._fullData && gd._fullData.some(t => t.meta && t.meta.connector); }""", timeout=30_000)
    page.wait_for_timeout(500)
    drawn = page.evaluate(TIMELINE_DRAWN)
    assert drawn["connectors"] >= 1  # calls, meetings and summits join their participants' lanes
    # one row of legend entries (one per type), beside the key, not over it
    legend = drawn["legend"]
    assert len(legend) >= 4 and len({round(b[3]) for b in legend}) == 1, legend
    (key,) = drawn["key"]
    assert "Kontakt" in key[0] and max(b[2] for b in legend) < key[1]
    assert not _overlaps(drawn["labels"]), _overlaps(drawn["labels"])
    # 31 lanes reach below the first screen: the dates are written above the lanes, under the legend
    assert drawn["xticks"] and all(0 <= b[3] and b[4] <= 900 for b in drawn["xticks"]), drawn["xticks"]
    assert [t[0] for t in drawn["xticks"]] == sorted(t[0] for t in drawn["xticks"])
    assert max(b[4] for b in legend) <= min(b[3] for b in drawn["xticks"]) + 1


# ---- labels at the real width and zoom: the server places them for an assumed plot width, and the page hides
# those that would overlap as drawn (board/static/declutter_labels.js), at any window width and after every zoom

LABEL_STATE = """() => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const texts = [...gd.querySelectorAll('g.annotation')]
    .filter(el => (gd._fullLayout.annotations[Number(el.dataset.index)] || {}).name === 'label');
  return {sent: texts.length, hidden: texts.filter(el => el.style.display === 'none').length,
          shown: Number(gd.dataset.labelsShown || -1)};
}"""

ZOOM = """async (factor) => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const r = gd._fullLayout.xaxis.range.map(v => new Date(v).getTime());
  const mid = (r[0] + r[1]) / 2, half = (r[1] - r[0]) / 2 * factor;
  await window.Plotly.relayout(gd, {'xaxis.range': [mid - half, mid + half]});
  await new Promise(res => requestAnimationFrame(() => requestAnimationFrame(res)));
}"""


def _open_shipped(page, start_server, tmp_path, width):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("cache"))
    server = start_server(data)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(server.url)
    wait_chart(page, events=len(read_table(REPO / "data" / "events.parquet")))
    page.wait_for_function("() => document.querySelector('.js-plotly-plot').dataset.labelsShown !== undefined")
    page.wait_for_timeout(300)


def test_a_narrow_window_hides_the_labels_that_would_overlap(page, start_server, tmp_path):
    _open_shipped(page, start_server, tmp_path, 820)
    state = page.evaluate(LABEL_STATE)
    drawn = page.evaluate(TIMELINE_DRAWN)
    # the server placed its labels for a wider plot: at this width some of them would collide and are hidden
    assert state["hidden"] >= 1, state
    assert len(drawn["labels"]) == state["shown"] == state["sent"] - state["hidden"] >= 5, state
    assert not _overlaps(drawn["labels"]), _overlaps(drawn["labels"])


def test_labels_stay_apart_after_zooming_out_and_come_back_when_zooming_in(page, start_server, tmp_path):
    _open_shipped(page, start_server, tmp_path, 1440)
    first = page.evaluate(LABEL_STATE)
    page.evaluate(ZOOM, 4.0)  # four times the range: the labels' marks crowd together
    page.wait_for_timeout(200)
    out = page.evaluate(LABEL_STATE)
    drawn = page.evaluate(TIMELINE_DRAWN)
    assert out["shown"] < first["shown"], (first, out)
    assert not _overlaps(drawn["labels"]), _overlaps(drawn["labels"])
    page.evaluate(ZOOM, 0.25)  # back to the first view: the hidden ones show again
    page.wait_for_timeout(200)
    back = page.evaluate(LABEL_STATE)
    assert back["shown"] == first["shown"], (first, back)
    assert not _overlaps(page.evaluate(TIMELINE_DRAWN)["labels"])
