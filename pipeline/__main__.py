"""Command line: `python -m pipeline build` and `python -m pipeline extract FILE`."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pipeline.articles import ArticleError, parse_date, read_article
from pipeline.build import ARTICLES_DIR, TABLE_PATH, EmptyTableRefused, build
from pipeline.parallel import ClusterError
from pipeline.table import events_to_frame, to_csv_frame

SHOWN = ["date", "end", "precision", "timex", "event_type", "status", "actors", "date_text"]


def _date_arg(value: str):
    try:
        return parse_date(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}")


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 1: {value!r}")
    return number


def _existing_path(value: str) -> str:
    # a typo in the input path would otherwise build an empty table over the real one
    if not Path(value).exists():
        raise argparse.ArgumentTypeError(f"no such file or folder: {value!r}")
    return value


# Dask's address forms: tcp://host:port (also tls, ucx, inproc, ws, wss) or host:port, which means tcp
_SCHEDULER = re.compile(r"((tcp|tls|ucx|ws|wss)://[^\s/]+|inproc://[^\s]+|[^\s:/]+:\d+)")


def _scheduler_arg(value: str) -> str:
    if not _SCHEDULER.fullmatch(value):
        raise argparse.ArgumentTypeError(f"not a Dask scheduler address (tcp://HOST:PORT or HOST:PORT): {value!r}")
    return value


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="read the articles folder and write the event table")
    b.add_argument("--articles", action="append", metavar="PATH", type=_existing_path,
                   help="article file, folder tree, .jsonl or .csv; repeat for several (default: data/articles)")
    b.add_argument("--out", default=str(TABLE_PATH),
                   help="event table to write (default: data/events.parquet); the table of all mentions goes beside it")
    b.add_argument("--workers", type=_positive_int, default=None, help="processes (default: all cores)")
    b.add_argument("--chunk-size", type=_positive_int, default=100, help="articles per task sent to a process or worker")
    b.add_argument("--scheduler", metavar="ADDRESS", type=_scheduler_arg, help="Dask scheduler, e.g. tcp://10.0.0.5:8786")
    b.add_argument("--no-cache", action="store_true", help="ignore and do not write the per-article cache")
    b.add_argument("--quiet", action="store_true", help="no progress line")
    b.add_argument("--allow-empty", action="store_true",
                   help="write an empty table even over one with events (otherwise that stops the build, exit 2)")
    e = sub.add_parser("extract", help="print the events of one article")
    e.add_argument("file", help="one article file (.txt or .md, front matter optional)")
    e.add_argument("--published", type=_date_arg, help="publication date, overrides front matter")
    e.add_argument("--csv", action="store_true", help="print all columns as CSV")
    a = ap.parse_args(argv)

    if a.cmd == "build":
        try:
            df, report = build(a.articles or [ARTICLES_DIR], a.out, workers=a.workers, chunk_size=a.chunk_size,
                               scheduler=a.scheduler, cache=not a.no_cache, progress=not a.quiet,
                               allow_empty=a.allow_empty)
        except (ClusterError, EmptyTableRefused, OSError, TimeoutError) as exc:  # nothing written
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(report.summary(), file=sys.stderr)
        print(f"wrote {len(df)} events to {a.out}", file=sys.stderr)
        return 1 if report.articles == 0 and not a.allow_empty else 0  # non-zero only when nothing could be built

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
