"""Issue 13, point 3, last goal: an upload that waits on another build never blocks the page's readers.

A command-line build holds the table lock (here: another process holding it). The page must still read the
last complete table at once, store an upload at once and say that the table follows when the running build
finishes; a background build then brings the article into the table without another click."""
import subprocess
import sys
import threading
import time

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.table import read_table

from conftest import REPO
from conftest import stand_in  # noqa: F401  (fixture: the seed's hand-made events, a stand-in for pipeline.events)

BODY = ("---\ntitle: Blinken trifft Kuleba in Kiew\npublished: 2023-09-06\nsource: https://example.org/kiew\n---\n"
        "Antony Blinken hat am Mittwoch in Kiew Dmytro Kuleba getroffen. Es ging um Flugabwehr.\n")


@pytest.fixture
def held_lock(data_dir):
    """Another process holds the table lock (as a running command-line build does) until released."""
    code = ("import sys\nfrom pipeline.store import table_lock\n"
            "with table_lock(sys.argv[1]):\n    print('held', flush=True)\n    sys.stdin.read()\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(data_dir / "events.parquet")], cwd=REPO,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"

    def release():
        if proc.poll() is None:
            proc.stdin.close()
            proc.wait(30)
    watchdog = threading.Timer(45, release)  # a page that does block fails the test instead of hanging it
    watchdog.start()
    yield release
    watchdog.cancel()
    release()


def page(query=None):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=20)  # a blocked run times out
    at.query_params.update(query or {})
    return at.run()


def _wait_for_rows(path, rows, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if len(read_table(path)) == rows:
                return True
        except Exception:
            pass
        time.sleep(0.2)
    return False


def test_upload_during_a_running_build_is_stored_queued_and_never_blocks(data_dir, stand_in, held_lock):
    at = page({"view": "Artikel hinzufügen"})
    at.file_uploader[0].upload("blinken.txt", BODY.encode(), "text/plain")
    started = time.monotonic()
    at.button[0].click().run()
    assert time.monotonic() - started < 15 and not at.exception
    assert any("blinken" in p.name for p in (data_dir / "articles").iterdir())  # stored at once
    assert at.success[0].value.split("  \n") == ["1 gespeichert, 0 bereits vorhanden, 0 Probleme",
                                                 "gespeichert: „Blinken trifft Kuleba in Kiew“, 06.09.2023"]
    assert any("sobald" in i.value for i in at.info)  # queued: the table follows the running build
    assert at.markdown[0].value == "7 von 7 Ereignissen"  # the last complete table, read without waiting
    at.radio(key="view").set_value("timeline").run()  # a reader's rerun while the build still runs
    at.multiselect(key="actor").set_value(["Joe Biden"]).run()
    assert not at.exception and at.markdown[0].value == "2 von 7 Ereignissen"
    assert len(read_table(data_dir / "events.parquet")) == 7

    held_lock()  # the running build finishes; the queued one takes over
    from pipeline.ingest import wait_for_queued_builds
    assert wait_for_queued_builds(data_dir / "events.parquet", 60)
    assert _wait_for_rows(data_dir / "events.parquet", 8)
    at.multiselect(key="actor").set_value([]).run()
    assert not at.exception and at.markdown[0].value == "8 von 8 Ereignissen"
    assert not any("sobald" in i.value for i in at.info)


def test_a_missing_table_during_a_running_build_does_not_block_the_page(data_dir, stand_in, held_lock):
    (data_dir / "events.parquet").unlink()
    started = time.monotonic()
    at = page()
    assert time.monotonic() - started < 15 and not at.exception
    assert any("sobald" in i.value for i in at.info)
    held_lock()
    from pipeline.ingest import wait_for_queued_builds
    assert wait_for_queued_builds(data_dir / "events.parquet", 60)
    assert _wait_for_rows(data_dir / "events.parquet", 7)
    at.run()
    assert not at.exception and at.markdown[0].value == "7 von 7 Ereignissen"


def test_two_uploads_while_a_build_runs_are_both_stored_and_built(data_dir, stand_in, held_lock):
    from pipeline.ingest import ingest_files, rebuild_table, wait_for_queued_builds

    table = data_dir / "events.parquet"
    for n, name in enumerate(("Dmytro Kuleba", "Olaf Scholz")):
        text = (f"---\ntitle: Treffen {n}\npublished: 2023-10-0{n + 2}\n---\n"
                f"{name} hat am Montag Antony Blinken getroffen.\n")
        report = ingest_files([(f"treffen{n}.txt", text.encode())], data_dir / "articles")
        started = time.monotonic()
        assert rebuild_table(data_dir / "articles", table, report.saved, wait=False) is None  # queued
        assert time.monotonic() - started < 5
    held_lock()
    assert wait_for_queued_builds(table, 60)
    titles = set(read_table(table)["title"])
    assert {"Treffen 0", "Treffen 1"} <= titles and len(titles) == 3
