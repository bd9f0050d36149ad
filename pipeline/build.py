"""Build the event table for a folder of articles; one bad article never stops the batch."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.articles import Article, ArticleError, iter_article_files, read_article
from pipeline.events import extract_events
from pipeline.table import events_to_frame, write_table

REPO = Path(__file__).resolve().parent.parent
ARTICLES_DIR = REPO / "data" / "articles"
TABLE_PATH = REPO / "data" / "events.parquet"


@dataclass
class BuildReport:
    articles: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)  # "<article>: <problem>", one per skipped article

    def summary(self) -> str:
        lines = [f"{self.articles} articles read, {len(self.problems)} skipped, {self.events} events"]
        lines += [f"  skipped {p}" for p in self.problems]
        return "\n".join(lines)


def events_of_articles(articles: list[Article], report: BuildReport) -> pd.DataFrame:
    events = []
    for article in articles:
        try:
            events.extend(extract_events(article))
        except Exception as exc:  # a pipeline bug on one article must not lose the others
            report.problems.append(f"{article.id}: could not be processed ({type(exc).__name__}: {exc})")
    report.events = len(events)
    return events_to_frame(events)


def load_articles(folder: str | Path, report: BuildReport) -> list[Article]:
    articles = []
    for path in iter_article_files(folder):
        try:
            article = read_article(path)
        except ArticleError as exc:
            report.problems.append(str(exc))
            continue
        report.problems.extend(article.warnings)
        articles.append(article)
    report.articles = len(articles)
    return articles


def build(folder: str | Path = ARTICLES_DIR, out: str | Path = TABLE_PATH) -> tuple[pd.DataFrame, BuildReport]:
    report = BuildReport()
    df = events_of_articles(load_articles(folder, report), report)
    write_table(df, out)
    return df, report
