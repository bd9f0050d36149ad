#!/usr/bin/env python3
"""README's screenshots of the German page at 1440x900, taken by a real Streamlit server and Chromium.

    python docs/make_screenshots.py            # docs/screenshot.png (shipped data), docs/screenshot-archive.png

The second picture is a synthetic archive of 2,000 articles (pipeline/synthetic.py), built with the real
extractor into a temporary folder. Needs /usr/bin/chromium (apt-get install chromium) and Playwright (in
requirements-dev.txt).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CHROMIUM = os.environ.get("ZEITLEISTE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shoot(data_dir: Path, out: Path) -> None:
    port = _free_port()
    env = dict(os.environ, ZEITLEISTE_DATA_DIR=str(data_dir))
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard.py"),
                               "--server.headless", "true", "--server.port", str(port)],
                              env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="de-DE")
            page.goto(url)
            page.wait_for_selector("[data-testid=stPlotlyChart]", timeout=180_000)
            page.wait_for_timeout(3000)   # the chart's first draw
            page.mouse.move(5, 5)
            page.screenshot(path=str(out))
            browser.close()
        print(f"{out.relative_to(REPO)}: {out.stat().st_size // 1024} KB")
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    shoot(REPO / "data", REPO / "docs" / "screenshot.png")
    from pipeline.build import build
    from pipeline.synthetic import generate, write_folder

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("cache", "articles", "expected", "*.parquet",
                                                                           "corrections.jsonl"))
        records, _ = generate(2000)
        write_folder(records, data / "articles")
        build([data / "articles"], data / "events.parquet", cache=False)
        shoot(data, REPO / "docs" / "screenshot-archive.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
