"""Browser-test machinery: a real Streamlit server on 127.0.0.1 (free port), driven by Playwright with Debian's
Chromium, on a temporary copy of data/ (ZEITLEISTE_DATA_DIR), so the shipped data is never modified."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "articles" / "2022-10-21_austin-schoigu-telefonat.txt"
CHROMIUM = os.environ.get("ZEITLEISTE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data_dir: Path, env: dict | None = None):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = data_dir.parent / f"streamlit-{self.port}.log"
        cmd = [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard.py"),
               "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        self.proc = subprocess.Popen(cmd, cwd=REPO, stdout=open(self.log, "wb"), stderr=subprocess.STDOUT,
                                     env={**os.environ, "ZEITLEISTE_DATA_DIR": str(data_dir), **(env or {})})
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not become healthy within 60 s")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def copy_data(target: Path) -> Path:
    """A copy of the shipped data/ folder with the seed article alone and without a built table (the shipped
    corpus has its own tests: tests/test_shipped_corpus.py and the first-page test)."""
    shutil.copytree(REPO / "data", target,
                    ignore=shutil.ignore_patterns("cache", "events.parquet", "mentions.parquet", "expected"))
    for path in (target / "articles").iterdir():
        if path.name != SEED.name:
            path.unlink()
    return target


_RUNNING: dict = {}  # the one Playwright browser of this process


@pytest.fixture(scope="session")
def browser():
    # Each e2e module imports this fixture, so pytest keeps one instance per module; a second sync Playwright
    # while the first module's is still open is refused ("Sync API inside the asyncio loop"): share the first.
    if "browser" in _RUNNING:
        yield _RUNNING["browser"]
        return
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
                    "(apt-get install -y chromium); they do not skip.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _RUNNING["browser"] = b
        try:
            yield b
        finally:
            _RUNNING.pop("browser", None)
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True,
                                  locale="de-DE")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


@pytest.fixture
def start_server(tmp_path):
    servers = []

    def start(data_dir: Path, env: dict | None = None) -> Server:
        servers.append(Server(data_dir, env))
        return servers[-1]

    yield start
    for s in servers:
        s.stop()

CHART_READY = """(events) => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  if (!(gd && gd._fullData && gd._fullData.length > 0 && gd._fullLayout && gd._fullLayout.xaxis)) return false;
  return events === null || !!(gd.layout.meta && gd.layout.meta.events === events);
}"""

# Screen position of the point whose customdata (row label in the full table) is `label`.
POINT_POSITION = """(label) => {
  const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
  for (const t of gd._fullData) {
    if (!t.customdata || !String(t.mode).includes('markers')) continue;
    for (let i = 0; i < t.customdata.length; i++) {
      if (t.customdata[i] === label) {
        return [box.left + xa._offset + xa.l2p(Number(t.x[i])), box.top + ya._offset + ya.l2p(Number(t.y[i]))];
      }
    }
  }
  return null;
}"""


def wait_chart(page, timeout=60_000, events=None):
    """Until the timeline is drawn (showing `events` events, when given: layout.meta of the figure)."""
    page.wait_for_function(CHART_READY, arg=events, timeout=timeout)


def wait_text(page, text, timeout=30_000, exact=True):
    page.get_by_text(text, exact=exact).first.wait_for(timeout=timeout)


def events_line(page) -> str:
    """The 'n von m Ereignissen' line."""
    loc = page.locator("[data-testid=stMarkdownContainer] p").filter(has_text="Ereignissen").first
    return loc.inner_text().strip()


def click_event(page, label: int, click: bool = True):
    for attempt in range(5):  # the chart may be replaced by a rerun right now
        try:
            page.locator("[data-testid=stPlotlyChart]").first.scroll_into_view_if_needed(timeout=5_000)
            break
        except Exception:
            page.wait_for_timeout(500)
    page.wait_for_timeout(300)
    pos = page.evaluate(POINT_POSITION, label)
    assert pos, f"no point with row label {label} in the chart"
    if click:
        page.mouse.click(*pos)
    return pos


def click_table_row(page, row: int, row_height: int = 35):
    """Select a row of the event table by its row-marker cell (the data grid is a canvas)."""
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + row_height * (row + 1) + row_height / 2)
