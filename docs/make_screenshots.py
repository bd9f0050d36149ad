#!/usr/bin/env python3
"""README's screenshots of the German page at 1440x900, taken by a real Streamlit server and Chromium.

    python docs/make_screenshots.py            # docs/screenshot.png (shipped data), docs/screenshot-archive.png

The second picture is a synthetic archive of 2,000 articles (pipeline/synthetic.py), built with the real
extractor into a temporary folder. Needs /usr/bin/chromium (apt-get install chromium) and Playwright (in
requirements-dev.txt).
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from board.local_page import CHROMIUM, CHROMIUM_ARGS, LocalPage  # noqa: E402


def shoot(data_dir: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="zl-shot-") as tmp, \
            LocalPage(data_dir, log=Path(tmp) / "streamlit.log", timeout=120) as server:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="de-DE")
            page.goto(server.url)
            page.wait_for_selector("[data-testid=stPlotlyChart]", timeout=180_000)
            page.wait_for_timeout(3000)   # the chart's first draw
            page.mouse.move(5, 5)
            page.screenshot(path=str(out))
            browser.close()
        print(f"{out.relative_to(REPO)}: {out.stat().st_size // 1024} KB")


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
