"""Real browser (Streamlit server + Chromium): the list of stored articles end to end, and Streamlit's own widget
texts in the page's language, also in a browser whose language is English."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.articles import read_article
from pipeline.table import events_to_frame, read_table, write_table

from conftest import seed_events
from e2e_helpers import SEED, browser, copy_data, page, start_server, wait_text  # noqa: F401


def seeded_copy(tmp_path) -> Path:
    data = copy_data(tmp_path / "data")
    write_table(events_to_frame(seed_events()), data / "events.parquet")
    return data


@pytest.fixture
def english_browser_page(browser):
    """A page in a browser whose language is American English (Streamlit's calendars follow it)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


WIDGET_TEXTS = """() => ({
  uploader: document.querySelector('[data-testid=stFileUploaderDropzone]')?.innerText ?? '',
  fields: Array.from(document.querySelectorAll('[data-testid=stDateInputField]'))
    .map(f => f.innerText.replace(/\\s/g, '')),
  lang: document.documentElement.lang,
})"""


def calendar_texts(pg) -> tuple[str, list[str]]:
    pg.locator("[data-testid=stDateInputCalendarButton]").first.click()
    cal = pg.locator("[data-testid=stDateInputCalendar]").last
    cal.wait_for()
    heads = cal.locator("th").all_inner_texts()[:7]
    text = cal.inner_text()
    pg.keyboard.press("Escape")
    return text, heads


def dropdown_texts(pg, typed: str = "") -> str:
    box = pg.locator("[data-testid=stMultiSelect]").first.locator("input")
    box.click()
    if typed:
        box.fill(typed)
    listbox = pg.locator("[role=listbox]").last
    listbox.wait_for()
    pg.wait_for_timeout(300)
    text = listbox.inner_text()
    pg.keyboard.press("Escape")
    return text


def add_view_widget_texts(pg, url: str) -> dict:
    """The German page's "add articles" view opened, once its widget texts are said: what they show."""
    pg.goto(url + "?view=add")
    wait_text(pg, "Hochladen und verarbeiten")
    pg.wait_for_function("() => document.documentElement.lang === 'de'")
    pg.locator("[data-testid=stFileUploaderDropzone]").wait_for()
    return pg.evaluate(WIDGET_TEXTS)


def test_the_german_page_shows_no_english_widget_texts_in_an_english_browser(english_browser_page, start_server,
                                                                             tmp_path):
    pg = english_browser_page
    shown = add_view_widget_texts(pg, start_server(seeded_copy(tmp_path)).url)
    assert "Dateien wählen" in shown["uploader"] and "50 MB je Datei" in shown["uploader"], shown
    assert "Upload" not in shown["uploader"] and "per file" not in shown["uploader"], shown
    assert set(shown["fields"]) == {"TT.MM.JJJJ"}, shown
    text, heads = calendar_texts(pg)
    assert "März" in text and "Oktober" in text and "October" not in text, text
    assert [h.strip() for h in heads] == ["M", "D", "M", "D", "F", "S", "S"], heads  # weeks start on Monday
    assert "Use arrow keys" not in text
    options = dropdown_texts(pg)
    assert "Alle auswählen" in options and "Select all" not in options, options
    assert "Hinzufügen: Schojgu" in dropdown_texts(pg, "Schojgu")

    # the English page says Streamlit's English again, without a reload
    pg.locator("[data-testid=stSidebar] [data-testid=stRadio]").get_by_text("en", exact=True).click()
    wait_text(pg, "Upload and process")
    pg.wait_for_function("() => document.documentElement.lang === 'en'")
    pg.locator("[data-testid=stFileUploaderDropzone]").wait_for()
    shown = pg.evaluate(WIDGET_TEXTS)
    assert "Upload" in shown["uploader"] and "per file" in shown["uploader"], shown
    text, heads = calendar_texts(pg)
    assert "October" in text and "Oktober" not in text, text
    assert "Select all" in dropdown_texts(pg)


def test_the_german_page_in_a_german_browser_keeps_german_widget_texts(page, start_server, tmp_path):
    shown = add_view_widget_texts(page, start_server(seeded_copy(tmp_path)).url)
    assert "Dateien wählen" in shown["uploader"] and "per file" not in shown["uploader"], shown
    text, heads = calendar_texts(page)
    assert "Oktober" in text and [h.strip() for h in heads][:2] == ["M", "D"], (text, heads)


def test_the_article_list_opens_renames_redates_deletes_and_undoes(page, start_server, tmp_path):
    data = seeded_copy(tmp_path)
    server = start_server(data)
    page.goto(server.url + "?view=articles")
    wait_text(page, "1 gespeicherte Artikel", exact=False)
    page.locator("[data-testid=stSelectbox]").filter(has_text="Artikel").locator("input").click()
    page.get_by_role("option", name="Ukraine-Krieg: US-Verteidigungschef", exact=False).click()
    page.get_by_text("Text des Artikels").click()
    wait_text(page, "Gesprächskanäle inmitten des Ukraine-Kriegs aufrechtzuerhalten", exact=False)

    title = page.get_by_label("Titel", exact=True)
    title.fill("Austin und Schoigu telefonieren")
    page.get_by_role("button", name="Titel und Datum speichern").click()
    wait_text(page, "Die Ereignistabelle ist neu erstellt.", timeout=120_000)
    assert read_article(data / "articles" / SEED.name).title == "Austin und Schoigu telefonieren"
    assert set(read_table(data / "events.parquet")["title"]) == {"Austin und Schoigu telefonieren"}

    page.locator("[data-testid=stSelectbox]").filter(has_text="Artikel").locator("input").click()
    page.get_by_role("option", name="Austin und Schoigu telefonieren", exact=False).click()
    page.get_by_role("button", name="Artikel löschen").click()
    wait_text(page, "Die Datei wird beiseitegelegt", exact=False)
    assert (data / "articles" / SEED.name).exists()  # asked first
    page.get_by_role("button", name="Ja, löschen").click()
    wait_text(page, "„Austin und Schoigu telefonieren“ ist gelöscht.", timeout=120_000)
    assert not (data / "articles" / SEED.name).exists()
    assert len(read_table(data / "events.parquet")) == 0
    page.get_by_role("button", name="Rückgängig").click()
    wait_text(page, "„Austin und Schoigu telefonieren“ ist wiederhergestellt.", timeout=120_000)
    assert read_article(data / "articles" / SEED.name).title == "Austin und Schoigu telefonieren"
    assert len(read_table(data / "events.parquet")) >= 5


def test_toolbar_tooltips_and_page_menu_are_german_on_the_german_page(english_browser_page, start_server,
                                                                      tmp_path):
    pg = english_browser_page
    server = start_server(seeded_copy(tmp_path))
    pg.goto(server.url)
    chart = pg.locator("[data-testid=stPlotlyChart]").first
    chart.wait_for()
    pg.wait_for_function("() => document.documentElement.lang === 'de'")
    chart.hover()
    titles = [b.get_attribute("data-title") for b in pg.locator(".modebar-btn").all()]
    assert "Graphen als PNG herunterladen" in titles and "Download plot as a PNG" not in titles, titles
    chart.hover()
    pg.locator("[data-testid=stElementToolbar] button[aria-label=Vollbild]").first.hover()  # its label German too
    tip = pg.locator("[data-testid=stTooltipContent]").last
    tip.wait_for()
    pg.wait_for_timeout(300)
    assert tip.inner_text().strip() == "Vollbild"
    pg.locator("[data-testid=stMainMenu]").first.click()
    menu = pg.locator("[data-testid=stMainMenuPopover]")
    menu.wait_for()
    pg.wait_for_timeout(300)
    assert "Drucken" in menu.inner_text() and "Print" not in menu.inner_text()
