"""Filtering the event table: actor (with aliases), event type, status, date range, full text.

EventIndex precomputes what every filter needs (actor -> rows, day numbers, folded sentences) once
per loaded table, so a filter change at 100k events is a few vectorised numpy operations.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from pipeline.dates import NO_DAY, day_numbers
from pipeline.events_confidence import SURE
from board.review import review_mask, review_states
from pipeline.yamlfile import load_yaml

GAZETTEER_SECTIONS = ("states", "organisations", "people")  # the schema of data/actors.yaml
MAX_SEARCH_WORDS = 20   # distinct words of a full-text search that filter


@dataclass(frozen=True)
class Filters:
    actors: tuple[str, ...] = ()     # as typed: canonical names or aliases
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start: dt.date | None = None     # keep events whose [date, end] overlaps [start, end]
    end: dt.date | None = None
    text: str = ""                   # every word must occur in the sentence (case-insensitive)
    sure_only: bool = False          # only events whose confidence reaches SURE (pipeline/events_confidence.py)
    review: str = "all"              # all, reviewed (confirmed/corrected/added) or needs_review (board/review.py)


def load_aliases(path: str | Path) -> dict[str, str]:
    """Alias (casefolded) -> canonical name, from the actor gazetteer (data/actors.yaml: states,
    organisations and people, each with a name and aliases); {} if the file is absent or unreadable."""
    try:
        data = load_yaml(path)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    out: dict[str, str] = {}
    for section in GAZETTEER_SECTIONS:
        entries = data.get(section) if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or not name.strip():
                continue
            aliases = entry.get("aliases") or []
            for form in [name, *(aliases if isinstance(aliases, list) else [aliases])]:
                if isinstance(form, str) and form.strip():
                    out.setdefault(form.strip().casefold(), name.strip())
    return out


class EventIndex:
    """A loaded event table plus lookup structures; treat as read-only (it is cached and shared)."""

    def __init__(self, df: pd.DataFrame, aliases: dict[str, str] | None = None):
        self.df = df.reset_index(drop=True)
        self.aliases = aliases or {}
        n = len(self.df)
        lists = self.df["actors"].tolist()
        lengths = np.fromiter((len(x) for x in lists), dtype=np.int64, count=n)
        flat = np.array([a for xs in lists for a in xs], dtype=object)
        rows = np.repeat(np.arange(n), lengths)
        self.actor_rows: dict[str, np.ndarray] = {}
        if len(flat):
            codes, uniques = pd.factorize(flat)
            order = np.argsort(codes, kind="stable")
            bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
            for i, name in enumerate(uniques):
                self.actor_rows[name] = np.unique(rows[order[bounds[i]:bounds[i + 1]]])
        # Most frequent first: the order of the actor picker and of the actor lanes.
        self.actors = sorted(self.actor_rows, key=lambda a: (-len(self.actor_rows[a]), a))
        self.start_day = day_numbers(self.df["date"])
        end = self.df["end"].where(self.df["end"].notna(), self.df["date"])
        self.end_day = day_numbers(end)
        self.types = sorted(t for t in self.df["event_type"].unique() if t)
        self.statuses = sorted(s for s in self.df["status"].unique() if s)
        self._folded = self.df["sentence"].str.casefold()
        self._type = self.df["event_type"].to_numpy()
        self._status = self.df["status"].to_numpy()
        # every table reaches here through events_to_frame or read_table, both of which give the column
        self._sure = (self.df["confidence"].fillna(0) >= SURE).to_numpy()
        # the review state of every row (pipeline/corrections.py); a table built before the review: all machine
        self.review = review_states(self.df).to_numpy()
        self._memo: dict = {}

    def memo(self, key, compute):
        """A value derived from the whole table, computed once per loaded table (e.g. hover texts)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def __len__(self) -> int:
        return len(self.df)

    @property
    def date_bounds(self) -> tuple[np.datetime64 | None, np.datetime64 | None]:
        """First and last day of the table (numpy days: a datetime.date cannot hold years before Christ)."""
        valid = self.start_day[self.start_day > NO_DAY]
        if not len(valid):
            return None, None
        return _from_day(valid.min()), _from_day(self.end_day[self.end_day > NO_DAY].max())

    def resolve_actor(self, query: str) -> set[str]:
        """Canonical names for what a user typed: a name, an alias, or part of a name."""
        q = " ".join(str(query).split()).casefold()
        if not q:
            return set()
        by_fold = {a.casefold(): a for a in self.actor_rows}
        if q in by_fold:
            return {by_fold[q]}
        canonical = self.aliases.get(q)
        if canonical:
            hit = by_fold.get(canonical.casefold())
            return {hit} if hit else {canonical}
        # "Schoigu" -> "Sergej Schoigu": a whole word of the name, then any substring.
        words = {a for f, a in by_fold.items() if q in f.split()}
        return words or {a for f, a in by_fold.items() if q in f}

    def mask(self, f: Filters) -> np.ndarray:
        keep = np.ones(len(self.df), dtype=bool)
        if f.actors:
            rows = [self.actor_rows[a] for q in f.actors for a in self.resolve_actor(q)
                    if a in self.actor_rows]
            actor_keep = np.zeros(len(self.df), dtype=bool)
            if rows:
                actor_keep[np.concatenate(rows)] = True
            keep &= actor_keep
        if f.types:
            keep &= np.isin(self._type, list(f.types))
        if f.statuses:
            keep &= np.isin(self._status, list(f.statuses))
        if f.start is not None:
            keep &= self.end_day >= _to_day(f.start)
        if f.end is not None:
            keep &= (self.start_day <= _to_day(f.end)) & (self.start_day > NO_DAY)
        if f.sure_only:
            keep &= self._sure
        if f.review != "all":
            keep &= review_mask(self.review, f.review)
        # a pasted page of text is no query: its first distinct words decide (each word scans every row)
        for word in list(dict.fromkeys(f.text.casefold().split()))[:MAX_SEARCH_WORDS]:
            keep &= self._folded.str.contains(word, regex=False).to_numpy()
        return keep

    def select(self, f: Filters) -> pd.DataFrame:
        """The filtered view in table order; its index labels are row numbers in self.df."""
        m = self.mask(f)
        return self.df if m.all() else self.df[m]


def _to_day(value: dt.date) -> int:
    return int(day_numbers([value])[0])


def _from_day(day: int) -> np.datetime64:
    return np.datetime64(int(day), "D")
