"""Command line: `python -m pipeline build`, `python -m pipeline extract FILE` and `python -m pipeline review ...`."""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pipeline.articles import ArticleError, parse_date, read_article
from pipeline.build import ARTICLES_DIR, TABLE_PATH, EmptyTableRefused, build
from pipeline.corrections import (PRECISIONS, STATUSES, CorrectionsError, corrections_path_for, find_row,
                                  for_row, for_sentence, read_corrections, record)
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
    _review_parser(sub)
    a = ap.parse_args(argv)

    if a.cmd == "review":
        return review_command(a)

    if a.cmd == "build":
        try:
            df, report = build(a.articles or [ARTICLES_DIR], a.out, workers=a.workers, chunk_size=a.chunk_size,
                               scheduler=a.scheduler, cache=not a.no_cache, progress=not a.quiet,
                               allow_empty=a.allow_empty)
        except (ClusterError, CorrectionsError, EmptyTableRefused, OSError, TimeoutError) as exc:  # nothing written
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


def _review_parser(sub) -> None:
    r = sub.add_parser("review", help="record a correction of the event table (applied by every build)",
                       description="Corrections go to corrections.jsonl beside the table; "
                                   "`python -m pipeline build` applies them.")
    acts = r.add_subparsers(dest="action", required=True)

    def action(name: str, help: str, *ids: str):
        p = acts.add_parser(name, help=help)
        for arg in ids:
            p.add_argument(arg)
        p.add_argument("--table", default=str(TABLE_PATH), help="the built event table (default: data/events.parquet)")
        p.add_argument("--note", default="", help="free text kept with the correction")
        return p

    def event_fields(p, required: bool = False) -> None:
        p.add_argument("--date", type=_date_text, required=required, help="first day, YYYY-MM-DD")
        p.add_argument("--end", type=_date_text, help="last day (default: the first)")
        p.add_argument("--precision", choices=PRECISIONS)
        p.add_argument("--type", dest="event_type", required=required, help="event type, e.g. call, meeting")
        p.add_argument("--actors", help="participants, separated by ';'")
        p.add_argument("--status", choices=STATUSES)

    list_ = acts.add_parser("list", help="print the corrections, one per line")
    list_.add_argument("--table", default=str(TABLE_PATH))
    action("confirm", "the event is right", "event_id")
    action("reject", "the event is wrong: out of the table and the downloads, listed as rejected", "event_id")
    event_fields(action("correct", "change date, type, participants or status", "event_id"))
    action("merge", "two rows are one event", "event_id", "other_id")
    action("split", "take a mention (its id in mentions.parquet) out of the event it was merged into", "mention_id")
    add = action("add", "an event the extractor missed")
    event_fields(add, required=True)
    add.add_argument("--sentence", required=True, help="the evidence sentence (verbatim from the article)")
    add.add_argument("--date-text", default="", help="the date expression as written in the sentence")
    add.add_argument("--article", help="id of the article the sentence is from (file name without suffix)")
    add.add_argument("--articles-dir", default=str(ARTICLES_DIR), help="where that article is")


def _date_text(value: str) -> str:
    _date_arg(value)
    return value


def _change(a) -> dict:
    change = {k: getattr(a, k) for k in ("date", "end", "precision", "event_type", "status") if getattr(a, k)}
    if a.actors is not None:
        change["actors"] = [x.strip() for x in a.actors.split(";") if x.strip()]
    return change


def review_command(a) -> int:
    path = corrections_path_for(a.table)
    try:
        if a.action == "list":
            corrections, problems = read_corrections(path)
            for c in corrections:
                print(f"{c.line}: {c.time} {c.describe()}")
            for p in problems:
                print(f"damaged: {p}", file=sys.stderr)
            return 1 if problems else 0
        if a.action == "add":
            article = None
            if a.article:
                from pipeline.store import article_file
                found = article_file(a.articles_dir, a.article)
                if found is None:
                    raise CorrectionsError(f"no article {a.article!r} in {a.articles_dir}")
                article = read_article(found)
            change = _change(a)
            c = for_sentence(a.sentence, change["date"], change["event_type"], actors=change.get("actors", ()),
                             end=a.end, precision=a.precision, status=a.status or "happened", date_text=a.date_text,
                             article=article, note=a.note)
        elif a.action == "split":
            c = for_row("split", find_row(a.table, a.mention_id, mentions=True), note=a.note)
        elif a.action == "merge":
            c = for_row("merge", find_row(a.table, a.event_id), note=a.note, other=find_row(a.table, a.other_id))
        else:
            change = _change(a) if a.action == "correct" else {}
            c = for_row(a.action, find_row(a.table, a.event_id), change, a.note)
        total = record(path, c)
    except (CorrectionsError, ArticleError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"recorded {c.describe()}\n{total} corrections in {path}; `python -m pipeline build` applies them",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
