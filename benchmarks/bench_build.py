"""Build benchmark: a synthetic archive through `pipeline.build`, full and incremental.

    python benchmarks/bench_build.py --articles 10000 --workers 2

Prints articles/s of the full build, peak memory of this process and of its worker processes
(ru_maxrss: the largest single child, so the total is bounded by parent + workers x child), and
the time to rebuild after adding one article. --extractor picks the per-article step:
'events' (pipeline.events.extract_events, the real one), 'timex' (sentences + time expressions
only, no events) or 'synthetic' (events read back from the generator's sentence templates: next
to no extraction cost but a realistic number of mentions, so cache, merge and table writing are
measured at full size).
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.build import build  # noqa: E402
from pipeline.synthetic import generate, write_folder  # noqa: E402


def timex_only(article):
    """Sentences and time expressions of an article; no events (stand-in step for timing)."""
    from pipeline.sentences import split_sentences
    from pipeline.timex import recognize

    split_sentences(article.body)
    recognize(article.body, article.published)
    return []


def extractor(name: str):
    if name == "timex":
        return timex_only
    if name == "synthetic":
        from pipeline.synthetic import template_extract
        return template_extract
    from pipeline.events import extract_events
    return extract_events


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk-size", type=int, default=100)
    ap.add_argument("--extractor", choices=["events", "timex", "synthetic"], default="events")
    ap.add_argument("--keep", help="folder to keep the archive and table in (default: a temporary one)")
    a = ap.parse_args()
    func = extractor(a.extractor)
    root = Path(a.keep or tempfile.mkdtemp(prefix="zeitleiste-bench-"))
    try:
        t = time.perf_counter()
        records, _ = generate(a.articles + 1)
        write_folder(records[:-1], root / "articles")
        print(f"generated {a.articles} articles in {time.perf_counter() - t:.1f} s", flush=True)
        out = root / "events.parquet"

        t = time.perf_counter()
        df, rep = build(root / "articles", out, func=func, workers=a.workers, chunk_size=a.chunk_size, progress=True)
        full = time.perf_counter() - t
        print(f"full build: {rep.articles} articles, {rep.mentions} mentions -> {rep.events} events, "
              f"{len(rep.problems)} skipped, in {full:.1f} s = {rep.articles / full:.0f} articles/s "
              f"({a.workers} workers)")

        write_folder(records[-1:], root / "articles" / "added")
        t = time.perf_counter()
        df2, rep2 = build(root / "articles", out, func=func, workers=a.workers, chunk_size=a.chunk_size)
        inc = time.perf_counter() - t
        print(f"incremental rebuild (+1 article, {rep2.cached} from cache): {inc:.2f} s, {rep2.events} events")

        own, kids = peak_mb()
        print(f"peak memory: main process {own:.0f} MB, largest worker {kids:.0f} MB, "
              f"bound {own + a.workers * kids:.0f} MB")
    finally:
        if not a.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
