"""Per-article result cache: one Parquet file of event rows keyed by article and rules.

A row's key hashes the article (id, title, body, date, source); the file as a whole carries
a rules key that hashes the pipeline version, the extraction code and every rule file under
data/ the pipeline reads, so editing a rule file or the code invalidates all of it. The set of
processed keys (including articles without events) lives in the Parquet schema metadata, so
rows and keys are written together in one atomic rename.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.articles import Article
from pipeline.parallel import KEY
from pipeline.table import atomic_path

PIPELINE_VERSION = "1"
REPO = Path(__file__).resolve().parent.parent
CACHE_PATH = REPO / "data" / "cache" / "events-cache.parquet"
META = b"zeitleiste_cache"


def rule_files(repo: Path = REPO) -> list[Path]:
    """Rule data and the code that turns an article into events."""
    data, pipe = repo / "data", repo / "pipeline"
    files = list((data / "lang").rglob("*")) + list(data.glob("actors*")) + list(data.glob("actors*/**/*"))
    files += list(pipe.glob("events*.py")) + list(pipe.glob("actors*.py")) + list((pipe / "timex").rglob("*.py"))
    files += [pipe / "sentences.py", pipe / "table.py", pipe / "dates.py", pipe / "articles.py", pipe / "decode.py"]
    return sorted({f for f in files if f.is_file()})


def rules_key(repo: Path = REPO) -> str:
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    for f in rule_files(repo):
        h.update(str(f.relative_to(repo)).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def article_key(article: Article) -> str:
    h = hashlib.sha256()
    for part in (article.id, article.content_hash, article.source):
        h.update(part.encode("utf-8", "surrogatepass") + b"\x1f")
    return h.hexdigest()[:24]


class Cache:
    def __init__(self, path: str | Path = CACHE_PATH, rules: str | None = None):
        self.path, self.rules = Path(path), rules or rules_key()
        self.frame: pd.DataFrame | None = None
        self.keys: set[str] = set()
        self.problem = ""  # why an existing cache was discarded, for the build report

    def load(self) -> "Cache":
        if not self.path.exists():
            return self
        try:
            table = pq.read_table(self.path)
            meta = json.loads((table.schema.metadata or {}).get(META, b"{}"))
            if meta.get("rules") != self.rules:
                self.problem = "cache made with other rules or code; rebuilding all articles"
                return self
            frame = table.to_pandas()
            self.keys = set(meta["keys"])
            self.frame = frame[frame[KEY].isin(self.keys)]
        except Exception as exc:  # truncated or foreign file: start afresh, never use half of it
            self.problem = f"damaged cache {self.path.name} ({type(exc).__name__}); rebuilding all articles"
            self.frame, self.keys = None, set()
        return self

    def rows_for(self, keys: set[str]) -> pd.DataFrame | None:
        if self.frame is None:
            return None
        return self.frame[self.frame[KEY].isin(keys)]

    def save(self, frame: pd.DataFrame, keys: set[str]) -> None:
        """Keep exactly the given keys (articles no longer in the input drop out)."""
        table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
        meta = dict(table.schema.metadata or {})
        meta[META] = json.dumps({"rules": self.rules, "keys": sorted(keys)}).encode()
        table = table.replace_schema_metadata(meta)
        with atomic_path(self.path) as tmp:
            pq.write_table(table, tmp)
