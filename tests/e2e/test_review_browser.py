"""The review (issue 15) end to end in Chromium on a real Streamlit server: reject one event, correct another's
date, add a missed one from a sentence of a stored article, rebuild from the command line, download the CSV and
find the three changes in it; then the review queue with its keyboard shortcuts, and two browser sessions
reviewing at once."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from board.export import read_csv_export
from pipeline.corrections import read_corrections_strict
from pipeline.table import read_table

from e2e_helpers import (REPO, browser, click_table_row, events_line, page, start_server,  # noqa: F401
                         wait_chart, wait_text)
from review_articles import HILFE_ID, MEETING, MISSED, NATO, TRAIN, built_data


def row_of(data: Path, part: str) -> int:
    """Position of the event in the page's table (the table's order)."""
    df = read_table(data / "events.parquet")
    hits = [i for i, s in enumerate(df["sentence"]) if part in s]
    assert len(hits) == 1, part
    return hits[0]


def saved(page, text: str):
    """The page's notice of a stored correction: done, or (another session's build holds the table) queued."""
    notice = "[data-testid=stAlertContentSuccess], [data-testid=stAlertContentInfo]"
    page.locator(notice, has_text=text).first.wait_for(timeout=60_000)


def table_when(data: Path, check, timeout: float = 60.0):
    """The built table once check(table) holds (a queued rebuild may still be running)."""
    deadline = time.monotonic() + timeout
    while True:
        df = read_table(data / "events.parquet")
        if check(df) or time.monotonic() > deadline:
            return df
        time.sleep(0.5)


def choose(page, scope, label: str, text: str) -> None:
    """Pick an option of a select box by typing part of it."""
    box = scope.locator("[data-testid=stSelectbox]").filter(has_text=label).first
    box.click()
    field = box.locator("input")
    field.fill(text)
    page.wait_for_timeout(300)
    field.press("Enter")
    page.wait_for_timeout(1000)


def set_date(page, scope, iso: str) -> None:
    field = scope.locator("[data-testid=stDateInput] input").first
    field.fill(iso)
    field.press("Tab")
    page.wait_for_timeout(1000)


def test_reject_correct_add_rebuild_and_download(page, start_server, tmp_path):
    data = built_data(tmp_path / "data", REPO)
    server = start_server(data)
    page.goto(server.url)
    wait_chart(page, timeout=120_000)
    assert events_line(page) == "6 von 6 Ereignissen"

    # 1. reject the night-train ride (no event of its own), from the table and its evidence panel
    click_table_row(page, row_of(data, TRAIN))
    page.locator(".zl-evidence blockquote", has_text="Nachtzug").wait_for()
    assert page.locator(".zl-evidence .zl-review").inner_text() == "Prüfung: maschinell"
    page.locator("[data-testid=stButton] button", has_text="Verwerfen").click()
    saved(page, "Gespeichert (verworfen)")
    wait_text(page, "5 von 5 Ereignissen")
    wait_chart(page, events=5)

    # 2. correct the meeting's date: on Wednesday, not Thursday
    page.wait_for_timeout(500)
    click_table_row(page, row_of(data, MEETING))
    page.locator(".zl-evidence blockquote", has_text="Kuleba").wait_for()
    page.get_by_text("Datum, Typ, Beteiligte oder Status korrigieren").click()
    form = page.locator("[data-testid=stExpander]").filter(has_text="Datum, Typ, Beteiligte")
    assert form.locator("[data-testid=stDateInput] input").first.input_value() == "2023-04-13"
    set_date(page, form, "2023-04-12")
    page.get_by_label("Notiz (optional)").first.fill("laut Auswärtigem Amt am Mittwoch")
    page.wait_for_timeout(800)
    form.locator("button", has_text="Korrektur speichern").click()
    saved(page, "Gespeichert (korrigiert)")
    page.locator(".zl-evidence .zl-review", has_text="korrigiert").wait_for()

    # 3. add the missed thanks, choosing its sentence in the stored article
    page.get_by_text("Fehlendes Ereignis ergänzen").click()
    add = page.locator("[data-testid=stExpander]").filter(has_text="Fehlendes Ereignis")
    choose(page, add, "Artikel", "Berlin sagt")
    choose(page, add, "Satz", "Selenskyj dankte")
    choose(page, add, "Ereignistyp", "Äußerung")
    set_date(page, add, "2023-04-18")
    actors = add.locator("[data-testid=stMultiSelect]").filter(has_text="Beteiligte").locator("input")
    actors.click()
    actors.fill("Selenskyj")
    page.wait_for_timeout(300)
    actors.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_timeout(800)
    add.locator("button", has_text="Ereignis ergänzen").click()
    saved(page, "Gespeichert (ergänzt)")
    wait_text(page, "6 von 6 Ereignissen")
    assert [c.action for c in read_corrections_strict(data / "corrections.jsonl")] == ["reject", "correct", "add"]

    # 4. a full rebuild from the command line re-applies the three corrections
    built = subprocess.run([sys.executable, "-m", "pipeline", "build", "--articles", str(data / "articles"),
                            "--out", str(data / "events.parquet"), "--workers", "1", "--no-cache"],
                           cwd=REPO, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "3 of 3 corrections applied (1 reject, 1 correct, 1 add), 0 not found" in built.stderr
    page.goto(server.url)
    wait_chart(page, timeout=60_000)
    assert events_line(page) == "6 von 6 Ereignissen"

    # 5. download the CSV
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV (Excel)").click()
    csv = read_csv_export(Path(info.value.path()))

    # 6. the three changes are in it, each row saying whether a person checked it
    assert len(csv) == 6 and not csv["sentence"].str.contains(TRAIN, regex=False).any()
    meeting = csv[csv["sentence"].str.contains(MEETING, regex=False)].iloc[0]
    assert meeting["date"].date().isoformat() == "2023-04-12" and meeting["review"] == "corrected"
    added = csv[csv["sentence"] == MISSED].iloc[0]
    assert added["review"] == "added" and added["event_type"] == "statement"
    assert added["date"].date().isoformat() == "2023-04-18" and list(added["actors"]) == ["Wolodymyr Selenskyj"]
    assert added["article_id"] == HILFE_ID
    assert sorted(csv["review"]) == ["added", "corrected"] + ["machine"] * 4
    # the rejected one stays listed, with an undo
    assert page.get_by_text("Verworfene Ereignisse (1)").count() == 1


def test_queue_with_keyboard_shortcuts_and_two_sessions_at_once(page, start_server, tmp_path):
    data = built_data(tmp_path / "data", REPO)
    server = start_server(data)
    page.goto(server.url + "?view=review")
    wait_text(page, "6 Ereignisse dieser Auswahl sind noch zu prüfen", exact=False, timeout=120_000)
    # least sure first: the night train (confidence 0.4)
    page.locator(".zl-evidence blockquote", has_text="Nachtzug").wait_for()
    page.get_by_text("Tasten: B bestätigen, V verwerfen, N überspringen", exact=False).wait_for()

    # a second analyst in another browser session, on the timeline, rejects the Kiew meeting meanwhile (the
    # queue shows it last: it is among the surest)
    other = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE").new_page()
    other.goto(server.url)
    wait_chart(other, timeout=60_000)

    page.keyboard.press("n")                                          # skip: the next one comes
    page.locator(".zl-evidence blockquote", has_text="Nachtzug").wait_for(state="detached")
    first = page.locator(".zl-evidence blockquote").inner_text()
    assert "Nato" in first                                            # confidence 0.8: the next least sure
    click_table_row(other, row_of(data, MEETING))
    other.locator(".zl-evidence blockquote", has_text="Kuleba").wait_for()
    other.wait_for_timeout(500)   # the row click's rerun has drawn the panel; a click during a rerun is lost
    other.locator("[data-testid=stButton] button", has_text="Verwerfen").click()
    page.keyboard.press("b")                                          # confirm the one shown
    saved(page, "Gespeichert (bestätigt)")
    # the other session's notice may be gone already: when its rebuild had to wait for this one's, the page
    # reruns once that build is done, showing the table instead; the corrections file says what was kept
    deadline = time.monotonic() + 60
    while len(read_corrections_strict(data / "corrections.jsonl")) < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    # both corrections in the table (one of the two rebuilds may have waited for the other), and the page
    # showing it (it reruns once a queued build has written the table)
    table_when(data, lambda df: len(df) == 5 and (df["review"] == "confirmed").sum() == 1)
    page.wait_for_timeout(3000)
    page.locator(".zl-evidence blockquote", has_text="Nato").wait_for(state="detached")
    # typing in a field does not trigger the shortcuts
    note = page.get_by_label("Notiz (optional)").first
    note.fill("bv")
    page.wait_for_timeout(1500)
    corrections = read_corrections_strict(data / "corrections.jsonl")
    assert sorted(c.action for c in corrections) == ["confirm", "reject"]
    note.press("Enter")                                               # the note is taken
    page.wait_for_timeout(1500)
    assert note.input_value() == "bv"
    note.evaluate("e => e.blur()")                                    # out of the field: keys act again
    page.wait_for_timeout(500)
    page.keyboard.press("v")                                          # reject the next one, with the note
    saved(page, "Gespeichert (verworfen)")
    # both sessions' corrections are kept and in the table
    corrections = read_corrections_strict(data / "corrections.jsonl")
    assert sorted(c.action for c in corrections) == ["confirm", "reject", "reject"]
    assert corrections[-1].action == "reject" and corrections[-1].note == "bv"
    df = table_when(data, lambda df: len(df) == 4)
    assert len(df) == 4 and not df["sentence"].str.contains(MEETING, regex=False).any()
    confirmed = df[df["review"] == "confirmed"]
    assert len(confirmed) == 1 and confirmed.iloc[0]["sentence"] == first and NATO in first
    other.context.close()
