"""Who talked to whom: contacts between actors, and event counts per actor and type."""
from __future__ import annotations

from itertools import combinations

import pandas as pd

# Event types in which the actors of one event are in contact with each other.
CONTACT_TYPES = ("call", "meeting", "summit", "negotiation", "agreement")
PAIR_COLUMNS = ["actor_a", "actor_b", "count", "first", "last", "types"]


def contact_pairs(df: pd.DataFrame, types=CONTACT_TYPES) -> pd.DataFrame:
    """One row per unordered pair of actors sharing a contact event; most contacts first."""
    sub = df[df["event_type"].isin(types)]
    acc: dict[tuple[str, str], dict] = {}
    for actors, event_type, date, end in zip(sub["actors"], sub["event_type"], sub["date"], sub["end"]):
        for a, b in combinations(sorted(set(actors)), 2):
            rec = acc.setdefault((a, b), {"count": 0, "first": date, "last": end, "types": set()})
            rec["count"] += 1
            rec["types"].add(event_type)
            if pd.notna(date) and (pd.isna(rec["first"]) or date < rec["first"]):
                rec["first"] = date
            last = end if pd.notna(end) else date
            if pd.notna(last) and (pd.isna(rec["last"]) or last > rec["last"]):
                rec["last"] = last
    rows = [{"actor_a": a, "actor_b": b, "count": r["count"], "first": r["first"], "last": r["last"],
             "types": ", ".join(sorted(r["types"]))} for (a, b), r in acc.items()]
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    return out.sort_values(["count", "actor_a", "actor_b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def counts_by_actor_type(df: pd.DataFrame, top: int = 25) -> pd.DataFrame:
    """Events per actor (rows, most frequent first, at most top) and event type (columns)."""
    exploded = df[["actors", "event_type"]].explode("actors").dropna(subset=["actors"])
    if exploded.empty:
        return pd.DataFrame()
    table = pd.crosstab(exploded["actors"], exploded["event_type"])
    table["Σ"] = table.sum(axis=1)
    table = table.sort_values(["Σ"], ascending=False, kind="stable").head(top)
    table.index.name = None
    table.columns.name = None
    return table


def counts_by_type(df: pd.DataFrame) -> pd.Series:
    return df["event_type"].value_counts().sort_index()
