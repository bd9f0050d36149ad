#!/usr/bin/env python3
"""One very large article through the whole build (issue 13: a 20 MB article in under 30 s).

    python benchmarks/bench_large_article.py [--mb 20] [--budget SECONDS] [--workers N]

The article is ordinary German news: the shipped corpus's bodies repeated until the size is reached, so every
stage (sentences, dates, actors, events, merge, writing) sees text of the kind it is made for. The per-article
time budget (ZEITLEISTE_ARTICLE_SECONDS, 60 s in a build) is lifted to --budget (default 3600 s) so that the time
of a slow article is measured, not its skipping. --workers as in `python -m pipeline build` (default: all cores,
as the command line and the page build; an article above 2 MB is then read in parts, one per core,
pipeline/events_parts.py); --workers 1 times one core. Prints wall time, and the CPU time of this process and
of the processes it started.
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
    ap.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
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
        t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
        table, report = build([path.parent], Path(tmp) / "events.parquet", cache=False, workers=a.workers)
        secs, cpu, kids = time.perf_counter() - t0, time.process_time() - c0, _children_cpu() - k0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mb = len(text.encode("utf-8")) / 1e6
    cores = a.workers or os.cpu_count() or 1
    print(f"{mb:.1f} MB article, {cores} core{'s' if cores > 1 else ''}: {secs:.1f} s wall, CPU {cpu:.1f} s here + "
          f"{kids:.1f} s in worker processes ({mb / (cpu + kids):.2f} MB per CPU second), {len(table)} events, "
          f"max RSS {rss:.0f} MiB here")
    print(report.summary())
    return 0


def _children_cpu() -> float:
    """CPU seconds of the finished child processes (the parts' workers)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


if __name__ == "__main__":
    sys.exit(main())
