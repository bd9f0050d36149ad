#!/usr/bin/env python3
"""The shipped corpus (data/articles/) scored against the events a reader expects (data/expected/).

    python benchmarks/bench_corpus.py            # exact, typed and relaxed P/R/F1 over the corpus
    python benchmarks/bench_corpus.py --show     # and, per article, the expected events missed and the rows too many

The expected events were written with each article, before any extractor ran on it; see pipeline/evaluation.py
for the matching. tests/test_shipped_corpus.py holds the figures reached when the corpus landed as floors.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.articles import iter_article_files, read_article  # noqa: E402
from pipeline.evaluation import article_predictions, interval, load_expected, score  # noqa: E402


def corpus_predictions(articles_dir: Path) -> dict[str, list[dict]]:
    return {a.id: article_predictions(a) for a in map(read_article, iter_article_files(articles_dir))}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=Path, default=REPO / "data" / "articles")
    ap.add_argument("--expected", type=Path, default=REPO / "data" / "expected")
    ap.add_argument("--show", action="store_true")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    preds = corpus_predictions(a.articles)
    secs = time.perf_counter() - t0
    expected = load_expected(a.expected)
    required = sum(1 for rows in expected.values() for r in rows if not r.get("optional"))
    print(f"corpus: {len(preds)} articles, {required} required expected events, "
          f"{sum(map(len, preds.values()))} rows ({len(preds) / secs:.0f} articles/s)")
    for mode, sc in score(preds, expected).items():
        print(f"  {mode:8} F1 {sc.f1:.3f}  (P {sc.precision:.3f} R {sc.recall:.3f}; TP {sc.tp} FP {sc.fp} FN {sc.fn})")
    if a.show:
        for aid in sorted(expected):
            rows = preds.get(aid, [])
            got = {(interval(r), r["type"]) for r in rows}
            for e in expected[aid]:
                if not e.get("optional") and e.get("date") and (interval(e), e["type"]) not in got:
                    print(f"  expected {aid} {e['date']} {e['type']} {e['actors']} «{e.get('date_text', '')}»")
    return 0


if __name__ == "__main__":
    sys.exit(main())
