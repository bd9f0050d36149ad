"""End to end in Chromium: filter by actor, open an event's evidence, download the CSV, upload an
article, and malicious article text stays text. Each test runs its own server on a data copy."""
from __future__ import annotations

import os
import shutil
import urllib.parse
from pathlib import Path

import pandas as pd

from pipeline.export import read_csv_export
from pipeline.table import COLUMNS, events_to_frame, read_table, write_table

from conftest import seed_events  # tests/conftest.py: the hand-made seed table
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


def test_filter_evidence_and_csv_download(page, start_server, tmp_path):
    data = seeded_copy(tmp_path)
    server = start_server(data)
    page.goto(server.url)
    wait_chart(page)
    assert events_line(page) == "7 von 7 Ereignissen"

    # evidence from a table row: the third row is the Gerassimow-Milley call of 19 May
    click_table_row(page, 2)
    page.locator(".zl-evidence mark.zl-date").first.wait_for()
    assert page.locator(".zl-evidence mark.zl-date").first.inner_text() == "am 19. Mai"
    assert "Waleri Gerassimow" in [m.inner_text() for m in page.locator(".zl-evidence mark.zl-actor").all()]

    choose_actor(page, "Sergej Schoigu")
    wait_text(page, "2 von 7 Ereignissen")
    wait_chart(page)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query["actor"] == ["Sergej Schoigu"]  # the filtered view is a shareable link

    # the Friday call (row 5 of the table) by clicking its point in the WebGL chart
    click_event(page, 5)
    card = page.locator(".zl-evidence")
    card.locator("blockquote mark.zl-date", has_text="am Freitag").wait_for()
    assert "Schoigu" in [m.inner_text() for m in card.locator("mark.zl-actor").all()] or \
        "Austin" in [m.inner_text() for m in card.locator("mark.zl-actor").all()]
    assert card.locator("a").first.get_attribute("href") == "https://example.org/ukraine-krieg-austin-schoigu"

    with page.expect_download() as info:
        page.get_by_role("button", name="CSV (Excel)").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    got = read_csv_export(Path(download.path()))
    table = read_table(data / "events.parquet")
    expected = table[table["actors"].map(lambda xs: "Sergej Schoigu" in xs)].reset_index(drop=True)
    assert list(got.columns) == COLUMNS
    pd.testing.assert_frame_equal(got, expected)
    assert [d.date().isoformat() for d in got["date"]] == ["2022-05-13", "2022-10-21"]

    # the shared link opens the same view in a fresh page
    other = page.context.new_page()
    other.goto(page.url)
    wait_chart(other)
    assert events_line(other) == "2 von 7 Ereignissen"


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


def test_malicious_article_text_stays_text(page, start_server, tmp_path):
    events = seed_events()
    events[5]["title"] = "<script>window.__xss = 1</script>Titel"
    events[5]["sentence"] = ("Austin habe bei dem Gespräch am Freitag <img src=x onerror=\"window.__xss=2\"> "
                             "gesagt [klick](javascript:window.__xss=3).")
    events[5]["actors"] = ["Lloyd Austin", "<b onmouseover=\"window.__xss=4\">Schoigu</b>"]
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
    # hover text of the same point
    page.mouse.move(*click_event(page, 5, click=False))
    page.locator(".hoverlayer .hovertext").first.wait_for()
    hover = page.locator(".hoverlayer").text_content()
    assert "<b onmouseover" in hover
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img[src=x]").count() == 0 and page.locator("script:has-text('__xss')").count() == 0
    assert card.locator("a[href^=javascript]").count() == 0
    assert dialogs == []


def test_shipped_data_page_and_screenshot(page, start_server, tmp_path):
    data = copy_data(tmp_path / "data")
    shipped_table = REPO / "data" / "events.parquet"
    before = shipped_table.stat().st_mtime_ns if shipped_table.exists() else None
    server = start_server(data)
    page.goto(server.url)
    wait_chart(page, timeout=120_000)
    assert events_line(page) == "7 von 7 Ereignissen"
    assert (data / "events.parquet").exists()  # built on first start, in the copy
    assert (shipped_table.stat().st_mtime_ns if shipped_table.exists() else None) == before
    table = read_table(data / "events.parquet")
    friday = table.index[(table["date"] == pd.Timestamp("2022-10-21")) & (table["event_type"] == "call")][0]
    click_event(page, int(friday))
    page.locator(".zl-evidence mark.zl-date").first.wait_for()
    shot = tmp_path / "screenshot.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    if os.environ.get("ZEITLEISTE_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOT)
    choose_actor(page, "Sergej Schoigu")
    wait_text(page, "2 von 7 Ereignissen")
