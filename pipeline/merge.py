"""Merge the same event reported by several articles into one row.

Two mentions are the same event when they have the same event_type, their date intervals
overlap and they share a pair of actors (a one-actor mention: its actor, if that picks one event).
Clusters are transitive (A~B, B~C -> one event).
Every mention stays in the mentions table; the merged row lists all sources, and mentions
that disagree about the date are reported in date_conflict rather than silently dropped.
"""
from __future__ import annotations

import bisect
from itertools import combinations

import pandas as pd

from pipeline.dates import NO_DAY, day_numbers, iso_dates
from pipeline.table import COLUMNS, normalize_frame

MERGED_COLUMNS = ["sources", "n_sources", "date_conflict"]
MAX_PAIR_ACTORS = 12   # a mention naming more actors is matched on the pairs of its first twelve


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def clusters(df: pd.DataFrame) -> list[int]:
    """Cluster label (smallest member position) per row of df, which must be reset-indexed.

    Mentions naming two or more actors join when they share a pair of actors: "Scholz meets Macron"
    and "Scholz meets Biden" on one summit day stay two events. A mention naming one actor joins
    the one event of that actor on those days, or, if there are several, none of them (it would
    bridge them). Per bucket a sweep in date order joins each mention to the running group while
    it starts on or before the group's last day: O(n log n), no pairwise loop over mentions.
    """
    uf = _UnionFind(len(df))
    # days as integers: comparing ints is many times faster than comparing pandas Timestamps
    dates = _days(df["date"])
    ends = _days(df["end"].fillna(df["date"]))
    buckets: dict[tuple, list[int]] = {}
    singles: list[tuple[int, str, str]] = []
    for i, (etype, actors, date) in enumerate(zip(df["event_type"], df["actors"], dates)):
        if date is None:
            continue  # an undated mention cannot be matched by date
        names = sorted(set(actors))
        if len(names) == 1:
            singles.append((i, etype, names[0]))
            buckets.setdefault((etype, names[0]), []).append(i)
        for pair in combinations(names[:MAX_PAIR_ACTORS], 2):
            buckets.setdefault((etype, *pair), []).append(i)
    articles = df["article_id"].tolist()
    for members in buckets.values():
        _sweep(uf, members, dates, ends, articles)
    # A one-actor mention joins the single multi-actor event of its actor, type and days, if unique.
    by_actor: dict[tuple[str, str], list[int]] = {}
    for i, (etype, actors, date) in enumerate(zip(df["event_type"], df["actors"], dates)):
        if date is not None and len(set(actors)) > 1:
            for name in set(actors):
                by_actor.setdefault((etype, name), []).append(i)
    index = {}
    for key, members in by_actor.items():  # sorted by first day, with the widest span, for bisect
        members.sort(key=dates.__getitem__)
        index[key] = ([dates[j] for j in members], members, max(ends[j] - dates[j] for j in members))
    for i, etype, name in singles:
        if (etype, name) not in index:
            continue
        starts, members, widest = index[(etype, name)]
        lo = bisect.bisect_left(starts, dates[i] - widest)
        hi = bisect.bisect_right(starts, ends[i])
        home = _only_group(uf, (j for j in members[lo:hi] if dates[i] <= ends[j]))
        if home is not None:
            uf.union(i, home)
    return [uf.find(i) for i in range(len(df))]


_NONE = -1


def _only_group(uf: _UnionFind, rows) -> int | None:
    """The group all rows belong to if there is exactly one, else None; stops at the second group (a
    day of one actor can hold thousands of rows of one very large article)."""
    home = _NONE
    for j in rows:
        g = uf.find(j)
        if home == _NONE:
            home = g
        elif g != home:
            return None
    return None if home == _NONE else home


def _sweep(uf: _UnionFind, members: list[int], dates: list, ends: list, articles: list) -> None:
    """Join each mention to an open group it overlaps, in date order. Rows of one article were kept apart by
    the within-article merge (two strikes of one day between the same sides): they never join one group. A
    mention spanning several days ("im Mai") joins only when it overlaps one group of day mentions; beside
    calls on 3 and 20 May it would bridge two events."""
    days = [i for i in members if ends[i] == dates[i]]
    spans = [i for i in members if ends[i] != dates[i]]
    _sweep_open(uf, days, dates, ends, articles)
    starts = sorted(days, key=dates.__getitem__)
    keys = [dates[i] for i in starts]
    loose = []
    for i in spans:
        lo, hi = bisect.bisect_left(keys, dates[i]), bisect.bisect_right(keys, ends[i])
        if lo == hi:
            loose.append(i)
            continue
        home = _only_group(uf, starts[lo:hi])
        if home is not None:
            uf.union(home, i)
    _sweep_open(uf, loose, dates, ends, articles)


def _sweep_open(uf: _UnionFind, members: list[int], dates: list, ends: list, articles: list) -> None:
    members.sort(key=lambda i: (dates[i], ends[i], i))
    open_groups: list[list] = []   # [head, last day, articles]
    day = None
    for i in members:
        if dates[i] != day:   # groups close only as the day moves on (a group's last day is never before its first)
            day = dates[i]
            open_groups = [g for g in open_groups if day <= g[1]]
        home = next((g for g in open_groups if articles[i] not in g[2]), None)
        if home is None:
            open_groups.append([i, ends[i], {articles[i]}])
        else:
            uf.union(home[0], i)
            home[1] = max(home[1], ends[i])
            home[2].add(articles[i])


def _days(col: pd.Series) -> list:
    """Day numbers since 1970 (None where missing)."""
    return [None if d == NO_DAY else d for d in day_numbers(col).tolist()]


def merge_events(mentions: pd.DataFrame, adjust=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events, mentions): one row per event with sources appended; mentions get merged_id.
    adjust(mentions, labels) -> labels: changes the clusters before the rows are made (the analyst's merges
    and splits, pipeline/corrections.py); mentions is the normalized frame the labels are positions of.

    Vectorised per column (plain loops over rows, no per-group pandas calls), since a
    10,000-article archive has tens of thousands of mentions and a rebuild must stay fast.
    """
    drop = [c for c in mentions.columns if c in MERGED_COLUMNS + ["merged_id"]]
    m = normalize_frame(mentions.drop(columns=drop))
    if m.empty:
        events = m.assign(sources=pd.Series(dtype="object"), n_sources=pd.Series(dtype="int64"),
                          date_conflict=pd.Series(dtype="str"))
        return ordered(events), m.assign(merged_id=pd.Series(dtype="str"))
    labels = clusters(m)
    cl = pd.Series(adjust(m, labels) if adjust is not None else labels, index=m.index)
    m["_cluster"] = cl
    ends = m["end"].fillna(m["date"])
    # The date most mentions agree on wins; ties go to the narrowest interval, then the earliest.
    spans = pd.DataFrame({"_cluster": cl, "date": m["date"], "end": ends})
    counts = spans.groupby(["_cluster", "date", "end"], dropna=False).size().rename("n").reset_index()
    counts["width"] = (counts["end"] - counts["date"]).dt.days
    best = counts.sort_values(["_cluster", "n", "width", "date"], ascending=[True, False, True, True],
                              kind="stable").drop_duplicates("_cluster")
    # a mention on its cluster's best span (an undated cluster's best "span" is no date); whole columns, since
    # a very large article alone has tens of thousands of mentions
    best = best.set_index("_cluster")
    best_date, best_end = best["date"].reindex(cl).to_numpy(), best["end"].reindex(cl).to_numpy()
    date, end = m["date"].to_numpy(), ends.to_numpy()
    is_best = ((date == best_date) & (end == best_end)) | (pd.isna(date) & pd.isna(best_date))
    reps = (m[is_best].sort_values(["_cluster", "article_id", "char_start", "event_id"], kind="stable")
            .drop_duplicates("_cluster").set_index("_cluster"))
    order = m.sort_values(["article_id", "char_start"], kind="stable")
    actors, countries, sources, min_id, evidence = {}, {}, {}, {}, {}
    # plain lists: iterating Arrow-backed string columns value by value is several times slower
    for c, acts, ctrs, src, aid, eid, ev in zip(*(order[col].tolist() for col in (
            "_cluster", "actors", "countries", "source", "article_id", "event_id", "evidence"))):
        _add_new(actors.setdefault(c, []), acts)
        _add_new(evidence.setdefault(c, []), [x for x in ev.split("\n") if x])
        _add_new(countries.setdefault(c, []), ctrs)
        srcs = sources.setdefault(c, [])
        if (src or aid) not in srcs:
            srcs.append(src or aid)
        min_id[c] = eid if c not in min_id else min(min_id[c], eid)
    conflict = _conflicts(counts, spans.assign(article_id=m["article_id"]))
    reps["event_id"] = [min_id[c] for c in reps.index]  # stable while the cluster's members stay
    # the representative's own order first (the extractor orders actors meaningfully), then the rest
    reps["actors"] = [_add_new(list(own), actors[c]) for c, own in zip(reps.index, reps["actors"])]
    reps["countries"] = [_add_new(list(own), countries[c]) for c, own in zip(reps.index, reps["countries"])]
    # an event told by several articles is as sure as its surest mention
    best_conf = m.groupby("_cluster")["confidence"].max()
    reps["confidence"] = best_conf.reindex(reps.index).to_numpy()
    reps["sources"] = [sources[c] for c in reps.index]
    # every article's evidence, the representative's sentence first
    reps["evidence"] = ["\n".join(_add_new([s], evidence[c])) for c, s in zip(reps.index, reps["sentence"])]
    reps["n_sources"] = [len(sources[c]) for c in reps.index]
    reps["date_conflict"] = [conflict.get(c, "") for c in reps.index]
    m["merged_id"] = m["_cluster"].map(reps["event_id"])
    events = normalize_frame(reps.reset_index(drop=True))
    events["n_sources"] = events["n_sources"].astype("int64")
    return ordered(events), m.drop(columns="_cluster")


def _add_new(into: list, items) -> list:
    for item in items:
        if item not in into:
            into.append(item)
    return into


def _conflicts(counts: pd.DataFrame, spans: pd.DataFrame) -> dict[int, str]:
    """Cluster -> "date..end (articles); ..." for clusters whose mentions disagree on the date."""
    multi = counts.groupby("_cluster").size()
    multi = set(multi[multi > 1].index)
    if not multi:
        return {}
    sub = spans[spans["_cluster"].isin(multi)]
    who: dict[tuple, set] = {}
    text: dict[int, str] = {}  # day number -> ISO date; keys sort by day, which ISO text does not before Christ
    for col in ("date", "end"):
        text.update(zip(day_numbers(sub[col]).tolist(), iso_dates(sub[col])))
    for c, d, e, a in zip(sub["_cluster"], day_numbers(sub["date"]).tolist(), day_numbers(sub["end"]).tolist(),
                          sub["article_id"]):
        who.setdefault((c, d, e), set()).add(a)
    out: dict[int, list[str]] = {}
    for (c, d, e) in sorted(who):
        out.setdefault(c, []).append(f"{text[d]}..{text[e]} ({', '.join(sorted(who[(c, d, e)]))})")
    return {c: "; ".join(parts) for c, parts in out.items()}


def conflict_lines(events: pd.DataFrame) -> list[str]:
    bad = events[events["date_conflict"] != ""]
    return [f"{r.event_id} {r.event_type} {'; '.join(r.actors)}: dates differ: {r.date_conflict}"
            for r in bad.itertuples()]


def ordered(events: pd.DataFrame) -> pd.DataFrame:
    """Contract columns first, then any extra event columns, then the merge columns."""
    extra = [c for c in events.columns if c not in COLUMNS and c not in MERGED_COLUMNS]
    return events[COLUMNS + extra + MERGED_COLUMNS]
