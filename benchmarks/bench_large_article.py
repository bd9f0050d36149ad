#!/usr/bin/env python3
"""One very large article through the whole build (issue 13: a 20 MB article in under 30 s on one core).

    python benchmarks/bench_large_article.py [--mb 20] [--budget SECONDS]

The article is ordinary German news: the shipped corpus's bodies repeated until the size is reached, so every
stage (sentences, dates, actors, events, merge, writing) sees text of the kind it is made for. The per-article
time budget (ZEITLEISTE_ARTICLE_SECONDS, 60 s in a build) is lifted to --budget (default 3600 s) so that the time
of a slow article is measured, not its skipping. Prints wall and CPU time.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.articles import iter_article_files, read_article  # noqa: E402
from pipeline.build import build  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--budget", type=float, default=3600.0, help="per-article time budget in seconds")
    a = ap.parse_args(argv)
    os.environ["ZEITLEISTE_ARTICLE_SECONDS"] = str(a.budget)
    bodies = [read_article(p).body for p in iter_article_files(REPO / "data" / "articles")]
    chunk = "\n\n".join(bodies)
    target = int(a.mb * 1e6)
    text = (chunk * (target // len(chunk.encode("utf-8")) + 1)).encode("utf-8")[:target].decode("utf-8", "ignore")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "articles" / "gross.txt"
        path.parent.mkdir()
        path.write_text(f"---\ntitle: Sehr langer Artikel\npublished: 2024-06-20\n---\n{text}", encoding="utf-8")
        t0, c0 = time.perf_counter(), time.process_time()
        table, report = build([path.parent], Path(tmp) / "events.parquet", cache=False, workers=1)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mb = len(text.encode("utf-8")) / 1e6
    print(f"{mb:.1f} MB article: {secs:.1f} s wall, {cpu:.1f} s CPU on one core ({mb / cpu:.2f} MB per CPU second), "
          f"{len(table)} events, max RSS {rss:.0f} MiB")
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
