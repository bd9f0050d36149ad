"""Score extracted events against the events a reader expects (the shipped corpus's data/expected/).

An expected row has the form of the real-news dev set's gold: date (YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY-Qn or
YYYY), precision (day, week, month, quarter, year or interval with end), type, actors, date_text and optional.
Predictions are the rows the page shows for one article: its mentions extracted and merged.

Matching is one-to-one per article, best pairs first (same date, then same type, then more shared actors):
- exact:   the same date value at the row's precision (a day inside the expected week is not exact) and at least
           one shared actor;
- typed:   exact and the same event type;
- relaxed: overlapping dates and at least one shared actor.
Rows matched to an optional expected event count neither way; unmatched required events are misses.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.articles import Article
from pipeline.events import extract_events
from pipeline.merge import merge_events
from pipeline.table import events_to_frame
from pipeline.timex.intervals import interval as timex_interval, iso_week_value
from pipeline.yamlfile import load_yaml

# Finer types of ours that the gold's guidelines count as statements.
STATEMENT_TYPES = {"demand", "criticism", "rejection", "threat"}
GOLD_PRECISIONS = {"day", "week", "month", "quarter", "year"}
MODES = ("exact", "typed", "relaxed")


def _iso(value) -> str:
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def article_predictions(article: Article) -> list[dict]:
    """The rows the page shows for one article, in the gold's form."""
    events = extract_events(article)
    if not events:
        return []
    merged, _ = merge_events(events_to_frame(events))
    rows = []
    for r in merged.itertuples():
        if r.date is None or r.date != r.date:
            continue
        row = {"article_id": article.id, "actors": list(r.actors), "date_text": r.date_text,
               "type": "statement" if r.event_type in STATEMENT_TYPES else r.event_type, "date": _iso(r.date)}
        if r.precision in GOLD_PRECISIONS:
            row["precision"] = r.precision
        else:   # season, half, decade, range: the interval
            row.update(precision="interval", end=_iso(r.end))
        rows.append(row)
    return rows


def load_expected(folder: Path) -> dict[str, list[dict]]:
    """{article id: expected rows} from <folder>/<article id>.yaml."""
    return {path.stem: list(load_yaml(path) or []) for path in sorted(Path(folder).glob("*.yaml"))}


def interval(row: dict) -> tuple[dt.date, dt.date]:
    """First and last day of a row's date at its precision (the recognizer's TIMEX arithmetic)."""
    value, precision = str(row["date"]), row.get("precision", "day")
    if precision == "interval":
        return dt.date.fromisoformat(value[:10]), dt.date.fromisoformat(str(row["end"])[:10])
    if len(value) >= 10 and precision != "day":
        # a full date given with a coarser precision stands for that week, month, quarter or year
        day = dt.date.fromisoformat(value[:10])
        value = {"week": iso_week_value(day), "month": f"{day.year:04d}-{day.month:02d}",
                 "quarter": f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}", "year": f"{day.year:04d}"}[precision]
    first, last, _ = timex_interval(value)
    if first is None:
        raise ValueError(f"not a date value: {value!r}")
    return first, last


def _actor_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().casefold()
    return "".join(ch for ch in folded if ch.isalnum())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _match(preds: list[dict], expected: list[dict], mode: str) -> tuple[int, int, int]:
    """(tp, fp, fn) for one article."""
    P = [(interval(p), {_actor_key(a) for a in p["actors"]}, p["type"]) for p in preds]
    E = [(interval(e), {_actor_key(a) for a in e.get("actors") or []}, e.get("type"), bool(e.get("optional")))
         for e in expected if e.get("date")]
    pairs = []
    for i, (pd_, pa, pt) in enumerate(P):
        for j, (ed, ea, et, opt) in enumerate(E):
            shared = len(pa & ea)
            same_date = pd_ == ed
            overlap = pd_[0] <= ed[1] and ed[0] <= pd_[1]
            ok = shared and (overlap if mode == "relaxed" else same_date and (mode == "exact" or pt == et))
            if ok:
                pairs.append(((not opt, same_date, pt == et, shared), i, j))
    pairs.sort(reverse=True)
    used_p, used_e, tp = set(), set(), 0
    for _, i, j in pairs:
        if i in used_p or j in used_e:
            continue
        used_p.add(i)
        used_e.add(j)
        tp += not E[j][3]
    required = sum(1 for e in E if not e[3])
    fp = len(P) - len(used_p)
    return tp, fp, required - tp


def score(preds: dict[str, list[dict]], expected: dict[str, list[dict]]) -> dict[str, Score]:
    """Scores per mode over every article with expected events (an article without any counts its rows as false)."""
    totals = {mode: Score() for mode in MODES}
    for article_id in sorted(set(preds) | set(expected)):
        for mode in MODES:
            tp, fp, fn = _match(preds.get(article_id, []), expected.get(article_id, []), mode)
            totals[mode].tp += tp
            totals[mode].fp += fp
            totals[mode].fn += fn
    return totals
