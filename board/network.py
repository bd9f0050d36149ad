"""Who talked to whom: contacts between actors, their layout, and event counts per actor and type."""
from __future__ import annotations

import functools
from itertools import combinations

import numpy as np
import pandas as pd

# Event types in which the actors of one event are in contact with each other.
CONTACT_TYPES = ("call", "meeting", "summit", "negotiation", "agreement")
PAIR_COLUMNS = ["actor_a", "actor_b", "count", "planned", "first", "last", "types"]


def contact_pairs(df: pd.DataFrame, types=CONTACT_TYPES, planned: bool = False) -> pd.DataFrame:
    """One row per unordered pair of actors sharing a contact event; most contacts first. Only contacts that
    happened count, unless planned is true: then planned ones count too, and the column planned says how many of
    them were planned. types: the event types (codes) of the pair's contacts, sorted."""
    sub = df[df["event_type"].isin(types)]
    if not planned:
        sub = sub[sub["status"] != "planned"]
    acc: dict[tuple[str, str], dict] = {}
    for actors, event_type, status, date, end in zip(sub["actors"], sub["event_type"], sub["status"], sub["date"],
                                                     sub["end"]):
        for a, b in combinations(sorted(set(actors)), 2):
            rec = acc.setdefault((a, b), {"count": 0, "planned": 0, "first": date, "last": end, "types": set()})
            rec["count"] += 1
            rec["planned"] += status == "planned"
            rec["types"].add(event_type)
            if pd.notna(date) and (pd.isna(rec["first"]) or date < rec["first"]):
                rec["first"] = date
            last = end if pd.notna(end) else date
            if pd.notna(last) and (pd.isna(rec["last"]) or last > rec["last"]):
                rec["last"] = last
    rows = [{"actor_a": a, "actor_b": b, "count": r["count"], "planned": r["planned"], "first": r["first"],
             "last": r["last"], "types": sorted(r["types"])} for (a, b), r in acc.items()]
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    return out.sort_values(["count", "actor_a", "actor_b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


# --- layout -------------------------------------------------------------------------------------------------
# Each group of connected actors is laid out on its own by a force-directed (Fruchterman-Reingold) layout from a
# seeded start, then nodes that lie on or near an edge they are not part of are pushed off it; the groups are then
# placed side by side in rows, so actors that never met are never drawn inside another group, and no edge runs
# across another group. Same pairs and seed, same positions.

CLEARANCE = 0.3     # least distance of a node from an edge it is not part of, as a share of the group's spacing
SEPARATION = 0.5    # least distance between two nodes of a group, as a share of its spacing (extent / sqrt(n))
GROUP_GAP = 0.6     # space between groups (a group of two is 1 wide)


def network_layout(pairs: pd.DataFrame, seed: int = 7, iterations: int = 300) -> dict[str, tuple[float, float]]:
    """Position of every actor of pairs (actor_a, actor_b, count). The layout takes ~0.3 s for 80 pairs and the
    page reruns on every click, so the last layouts are kept (same pairs in the same order, seed and iterations:
    same positions)."""
    key = tuple(zip(pairs["actor_a"], pairs["actor_b"], pairs["count"].to_numpy(dtype=float).tolist()))
    return dict(_cached_layout(key, seed, iterations))


@functools.lru_cache(maxsize=16)
def _cached_layout(pairs: tuple, seed: int, iterations: int) -> dict[str, tuple[float, float]]:
    """network_layout of pairs given as (actor_a, actor_b, count) tuples."""
    names = sorted({a for a, _, _ in pairs} | {b for _, b, _ in pairs})
    if not names:
        return {}
    at = {n: i for i, n in enumerate(names)}
    edges = np.array([(at[a], at[b]) for a, b, _ in pairs], dtype=np.int64)
    weights = np.log1p(np.array([n for _, _, n in pairs], dtype=float))
    parent = list(range(len(names)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in range(len(names)):
        groups.setdefault(find(i), []).append(i)
    # biggest group first; ties by the first name, so the order does not depend on the pairs' order
    ordered = sorted(groups.values(), key=lambda g: (-len(g), names[g[0]]))
    rng = np.random.default_rng(seed)
    placed = []
    for members in ordered:
        local = {n: k for k, n in enumerate(members)}
        mask = np.array([local.get(a) is not None for a, _ in edges])
        sub = np.array([(local[a], local[b]) for a, b in edges[mask]], dtype=np.int64).reshape(-1, 2)
        pos = _group_layout(len(members), sub, weights[mask], rng, iterations)
        placed.append((members, pos))
    return _pack(names, placed)


def _group_layout(n: int, edges: np.ndarray, weights: np.ndarray, rng, iterations: int) -> np.ndarray:
    """Positions of one connected group, scaled so that its wider side is about sqrt(n) (a pair: about 1.3 apart)."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:  # a slant, so the two names (above their nodes) do not run into each other
        return np.array([[0.0, 0.0], [1.2, 0.6]])
    pos = rng.uniform(-1.0, 1.0, (n, 2))
    k = np.sqrt(4.0 / n)  # ideal edge length in a 2 x 2 box
    temp = 0.3
    strength = 1.0 + weights / max(weights.max(), 1e-9) if len(weights) else weights
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        disp = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)
        d = pos[edges[:, 0]] - pos[edges[:, 1]]
        length = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
        pull = d / length[:, None] * (length * length / k * strength)[:, None]
        np.add.at(disp, edges[:, 0], -pull)
        np.add.at(disp, edges[:, 1], pull)
        # a weak pull to the centre keeps the group compact
        disp -= pos * 0.05
        size = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / size[:, None] * np.minimum(size, temp)[:, None]
        temp = max(temp * 0.985, 0.01)
    pos = _clear(pos, edges, rng)
    pos -= pos.mean(axis=0)
    extent = max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1]), 1e-9)
    return pos / extent * np.sqrt(n)


def _clear(pos: np.ndarray, edges: np.ndarray, rng, rounds: int = 400) -> np.ndarray:
    """Push nodes off the edges they are not part of and apart from each other, a little at a time, until every
    node keeps CLEARANCE from foreign edges and SEPARATION from other nodes (relative to the group's spacing)."""
    n = len(pos)
    a, b = edges[:, 0], edges[:, 1]
    foreign = np.ones((n, len(edges)), dtype=bool)
    foreign[a, np.arange(len(edges))] = False
    foreign[b, np.arange(len(edges))] = False
    for _ in range(rounds):
        spacing = max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1]), 1e-9) / np.sqrt(n)
        moved = False
        if len(edges):
            pa, pb = pos[a], pos[b]                                   # (m, 2)
            ab = pb - pa
            t = np.clip(((pos[:, None, :] - pa[None]) * ab[None]).sum(-1) / np.maximum((ab * ab).sum(-1), 1e-12),
                        0.0, 1.0)                                     # (n, m)
            closest = pa[None] + t[..., None] * ab[None]
            away = pos[:, None, :] - closest
            dist = np.linalg.norm(away, axis=2)
            short = foreign & (dist < CLEARANCE * spacing)
            if short.any():
                moved = True
                # on the line itself: step sideways (perpendicular to the edge)
                normal = np.stack([-ab[:, 1], ab[:, 0]], axis=1) / np.maximum(np.linalg.norm(ab, axis=1), 1e-12)[:, None]
                away = np.where(dist[..., None] < 1e-9, np.broadcast_to(normal[None], away.shape), away)
                unit = away / np.maximum(np.linalg.norm(away, axis=2), 1e-12)[..., None]
                push = np.where(short, CLEARANCE * spacing - dist, 0.0)[..., None] * unit * 0.6
                step = push.sum(axis=1)
                pos = pos + step
                back = push.sum(axis=0) * 0.2                       # the edge gives way a little too
                np.add.at(pos, a, -back)
                np.add.at(pos, b, -back)
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.linalg.norm(delta, axis=2) + np.eye(n) * 1e9
        close = dist < SEPARATION * spacing
        if close.any():
            moved = True
            jitter = np.where(dist[..., None] < 1e-9, rng.normal(size=delta.shape), delta)
            unit = jitter / np.maximum(np.linalg.norm(jitter, axis=2), 1e-12)[..., None]
            pos = pos + (np.where(close, SEPARATION * spacing - np.minimum(dist, 1e8), 0.0)[..., None]
                         * unit * 0.3).sum(axis=1)
        if not moved:
            break
    return pos


def _pack(names: list[str], placed) -> dict[str, tuple[float, float]]:
    """Groups in rows, biggest first, left to right, a new row below when the row is as wide as the whole is
    meant to be (about as wide as high)."""
    sizes = [(np.ptp(p[:, 0]) + 1.0, np.ptp(p[:, 1]) + 1.0) for _, p in placed]
    row_width = max(max(w for w, _ in sizes), np.sqrt(sum(w * h for w, h in sizes)) * 1.6)
    out: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for (members, pos), (w, h) in zip(placed, sizes):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y - row_height - GROUP_GAP, 0.0
        left, top = pos[:, 0].min(), pos[:, 1].max()
        for i, p in zip(members, pos):
            out[names[i]] = (round(float(x + 0.5 + p[0] - left), 6), round(float(y - 0.5 - (top - p[1])), 6))
        x += w + GROUP_GAP
        row_height = max(row_height, h)
    return out


def counts_by_actor_type(df: pd.DataFrame, top: int = 25) -> pd.DataFrame:
    """Events per actor (rows, most frequent first, at most top) and event type (columns, most frequent first)."""
    exploded = df[["actors", "event_type"]].explode("actors").dropna(subset=["actors"])
    if exploded.empty:
        return pd.DataFrame()
    table = pd.crosstab(exploded["actors"], exploded["event_type"])
    # types by their number of events, most first (ties by name); the total last
    totals = table.sum(axis=0)
    table = table[sorted(table.columns, key=lambda c: (-int(totals[c]), c))]
    table["Σ"] = table.sum(axis=1)
    table = table.sort_values(["Σ"], ascending=False, kind="stable").head(top)
    table.index.name = None
    table.columns.name = None
    return table


def counts_by_type(df: pd.DataFrame) -> pd.Series:
    """Events per type, most first (ties by name)."""
    counts = df["event_type"].value_counts()
    return counts.iloc[sorted(range(len(counts)), key=lambda i: (-int(counts.iloc[i]), counts.index[i]))]
