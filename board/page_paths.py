"""Where the page's files are, for one run of the page: the data folder (ZEITLEISTE_DATA_DIR, default ./data)
and the files in and beside it.

Built by dashboard.py on every run and handed to the page's modules: a module stays imported across runs (and
AppTest runs each test on another data folder), so nothing in board/ reads the environment at import.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.corrections import corrections_path_for, rejected_path_for
from pipeline.table import beside_table


@dataclass(frozen=True)
class PagePaths:
    data: Path
    articles: Path       # the stored articles
    table: Path          # events.parquet
    mentions: Path       # every mention, with the id of the event it was merged into
    corrections: Path    # the analyst's corrections
    rejected: Path       # the rejected events
    actors: Path         # the gazetteer: the data folder's own, else the shipped one


def page_paths(repo: Path, environ=os.environ) -> PagePaths:
    data = Path(environ.get("ZEITLEISTE_DATA_DIR") or repo / "data")
    table = data / "events.parquet"
    shipped_actors = repo / "data" / "actors.yaml"
    return PagePaths(
        data=data, articles=data / "articles", table=table,
        # the rule of pipeline.build.mentions_path_for, from pipeline.table: pipeline.build loads the extractor
        mentions=beside_table(table, "mentions.parquet"),
        corrections=corrections_path_for(table), rejected=rejected_path_for(table),
        actors=next((p for p in (data / "actors.yaml", shipped_actors) if p.exists()), shipped_actors))
