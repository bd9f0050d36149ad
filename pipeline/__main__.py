"""Command line: `python -m pipeline build` and `python -m pipeline extract FILE`."""
from __future__ import annotations

import argparse
import sys

from pipeline.articles import ArticleError, parse_date, read_article
from pipeline.build import ARTICLES_DIR, TABLE_PATH, build
from pipeline.parallel import ClusterError
from pipeline.table import events_to_frame, to_csv_frame

SHOWN = ["date", "end", "precision", "timex", "event_type", "status", "actors", "date_text"]


def _date_arg(value: str):
    try:
        return parse_date(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="read the articles folder and write the event table")
    b.add_argument("--articles", action="append", metavar="PATH",
                   help="article file, folder tree, .jsonl or .csv; repeat for several (default: data/articles)")
    b.add_argument("--out", default=str(TABLE_PATH),
                   help="event table to write (default: data/events.parquet); the table of all mentions goes beside it")
    b.add_argument("--workers", type=int, default=None, help="processes (default: all cores)")
    b.add_argument("--chunk-size", type=int, default=100, help="articles per task sent to a process or worker")
    b.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, e.g. tcp://10.0.0.5:8786")
    b.add_argument("--no-cache", action="store_true", help="ignore and do not write the per-article cache")
    b.add_argument("--quiet", action="store_true", help="no progress line")
    e = sub.add_parser("extract", help="print the events of one article")
    e.add_argument("file", help="one article file (.txt or .md, front matter optional)")
    e.add_argument("--published", type=_date_arg, help="publication date, overrides front matter")
    e.add_argument("--csv", action="store_true", help="print all columns as CSV")
    a = ap.parse_args(argv)

    if a.cmd == "build":
        try:
            df, report = build(a.articles or [ARTICLES_DIR], a.out, workers=a.workers, chunk_size=a.chunk_size,
                               scheduler=a.scheduler, cache=not a.no_cache, progress=not a.quiet)
        except (ClusterError, OSError, TimeoutError) as exc:  # cluster unreachable or unfit; nothing written
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(report.summary(), file=sys.stderr)
        print(f"wrote {len(df)} events to {a.out}", file=sys.stderr)
        return 1 if report.articles == 0 else 0  # non-zero only when nothing could be built

    try:
        article = read_article(a.file, published=a.published)
    except ArticleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in article.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    from pipeline.events import extract_events  # late: heavy to load

    df = to_csv_frame(events_to_frame(extract_events(article)))
    if a.csv:
        df.to_csv(sys.stdout, index=False)
    else:
        print(df[SHOWN].to_string(index=False) if len(df) else "no events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
