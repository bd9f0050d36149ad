"""Event extraction scored on real German news: ../shared/eval/events-dev/ (38 articles, 146 gold events).

    python benchmarks/bench_events.py                    # score.py's figures and the error kinds
    python benchmarks/bench_events.py --show             # and every missed gold event and false row
    python benchmarks/bench_events.py --own              # also the project's own report sets (below)
    python benchmarks/bench_events.py --pred out.jsonl   # keep the predictions

The texts are third-party news, read from ../shared/eval only to measure; nothing of them enters the project.
Predictions are the rows the page shows for each article: its mentions extracted and merged (pipeline.merge).
Finer types of ours (demand, criticism, rejection, threat) are the gold's "statement".

Error kinds (each gold event and each predicted row counted once, after score.py's relaxed matching):
- wrong date:    a missed gold event whose participants a false row of the same article has, on another date;
- wrong participants: a missed gold event with a false row on an overlapping date that shares no actor;
- missing:       a missed gold event with neither;
- duplicate:     a false row that overlaps in date and shares an actor with a matched row of the same gold event;
- spurious:      a false row that is none of the above.

--own scores the project's own sets (written for it, not taken from any outlet): tests/data/event_reports.yaml
(the rules were developed on it) and benchmarks/data/events_independent_{a,b}.yaml (written by helpers who never
saw the rules): exact (date, end, type and actor set), date+type, unexpected rows.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipeline.articles import Article  # noqa: E402
from pipeline.events import extract_events  # noqa: E402
from pipeline.evaluation import article_predictions  # noqa: E402

DEV = REPO.parent / "shared" / "eval" / "events-dev"
OWN_SETS = {"development (tests/data/event_reports.yaml)": REPO / "tests" / "data" / "event_reports.yaml",
            "independent A (benchmarks/data/events_independent_a.yaml)":
                REPO / "benchmarks" / "data" / "events_independent_a.yaml",
            "independent B (benchmarks/data/events_independent_b.yaml)":
                REPO / "benchmarks" / "data" / "events_independent_b.yaml"}


def read_dev_article(path: Path, article_id: str) -> Article:
    """The dev set's format: header lines (title:, source:, published:), a blank line, the body."""
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
    published = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
    return Article(id=article_id, title=meta.get("title", ""), body=body, published=published,
                   source=meta.get("source", ""))


def predictions(articles: list[Article]) -> list[dict]:
    return [row for art in articles for row in article_predictions(art)]


def _load_scorer():
    spec = importlib.util.spec_from_file_location("events_dev_score", DEV / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def error_kinds(sc, preds: list[dict], gold: list[dict], show: bool) -> dict[str, int]:
    an = sc.ActorNormalizer()
    kinds = dict.fromkeys(["wrong date", "wrong participants", "missing", "duplicate", "spurious"], 0)
    by_art: dict[str, tuple[list, list]] = {}
    for g in gold:
        by_art.setdefault(sc.norm_aid(g["article_id"]), ([], []))[0].append(g)
    for p in preds:
        by_art.setdefault(p["article_id"], ([], []))[1].append(p)
    for aid, (golds, prows) in sorted(by_art.items()):
        G, P = sc.prep(golds, an), sc.prep(prows, an)
        req = [g for g in G if not g["row"].get("optional")]
        opt = [g for g in G if g["row"].get("optional")]
        pairs, ignored, _ = sc.match_article(P, req, opt, "relaxed", an)
        matched_p = {pi for pi, _ in pairs} | set(ignored)
        matched_g = {gi for _, gi in pairs}
        false = [i for i in range(len(P)) if i not in matched_p]
        used: set[int] = set()
        for gi, g in enumerate(req):
            if gi in matched_g:
                continue
            same_people = [i for i in false if i not in used and an.share(P[i]["A"], g["A"])]
            same_days = [i for i in false if i not in used and P[i]["d"] and g["d"] and sc.overlap(P[i]["d"], g["d"])]
            kind = "wrong date" if same_people else "wrong participants" if same_days else "missing"
            used.update((same_people or same_days)[:1])
            kinds[kind] += 1
            if show:
                r = g["row"]
                print(f"  {kind:18} {aid} gold {r['date']} {r['type']} {r['actors']} «{r['date_text']}»")
        for i in false:
            if i in used:
                continue
            dup = any(P[i]["d"] and sc.overlap(P[i]["d"], P[j]["d"]) and an.share(P[i]["A"], P[j]["A"])
                      for j, _ in pairs)
            kinds["duplicate" if dup else "spurious"] += 1
            if show:
                r = P[i]["row"]
                print(f"  {'duplicate' if dup else 'spurious':18} {aid} row  {r['date']} {r['type']} {r['actors']} "
                      f"«{r.get('date_text', '')}»")
    return kinds


def score_dev(show: bool, keep: str | None) -> None:
    manifest = json.loads((DEV / "articles.json").read_text(encoding="utf-8"))["articles"]
    articles = [read_dev_article(DEV / a["file"], a["id"]) for a in manifest]
    t = time.perf_counter()
    preds = predictions(articles)
    seconds = time.perf_counter() - t
    sc = _load_scorer()
    gold = sc.read_jsonl(str(DEV / "gold.jsonl"))
    res = sc.score(preds, gold, manifest, sc.ActorNormalizer())
    rel, typ, strict, on = res["relaxed"], res["typed"], res["strict"], res["on_relaxed_matches"]
    print(f"events-dev: {len(articles)} real articles, {res['n_gold_required']} required gold events, "
          f"{len(preds)} rows ({len(articles) / seconds:.0f} articles/s)")
    for name, m in (("relaxed", rel), ("strict", strict), ("typed", typ)):
        print(f"  {name:8} F1 {m['f1']:.3f}  (P {m['precision']:.3f} R {m['recall']:.3f}; "
              f"TP {m['tp']} FP {m['fp']} FN {m['fn']})")
    print(f"  actor-set F1 on matches {on['actor_micro_f1']:.3f}; type accuracy on matches "
          f"{on['event_type_accuracy']:.3f}; date-value accuracy on matches {on['date_value_accuracy']:.3f}")
    print(f"  date-value accuracy over all required gold events {res['date_value_accuracy_over_gold']:.3f}")
    print(f"  rows from off-topic articles {res['offtopic_false_positives']}")
    for group, m in res["by_group"].items():
        print(f"  {group:9} relaxed F1 {m['relaxed']['f1']:.3f}, typed F1 {m['typed']['f1']:.3f}")
    kinds = error_kinds(sc, preds, gold, show)
    print("  error kinds: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    if keep:
        Path(keep).write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def score_own(reports: list[dict]) -> dict:
    total = exact = date_type = unexpected = 0
    for i, rep in enumerate(reports):
        published = _day(rep["published"]) if rep.get("published") else None
        found = extract_events(Article(id=f"r{i}", title=rep.get("title") or "", body=rep["text"], published=published))
        wants = [(_day(w["date"]), _day(w.get("end", w["date"])), w["type"], set(w["actors"])) for w in rep["events"]]
        for d, e, typ, actors in wants:
            total += 1
            same = [x for x in found if x.date == d and x.end == e and x.event_type == typ]
            date_type += bool(same)
            exact += any(set(x.actors) == actors for x in same)
        unexpected += sum(not any(x.date == d and x.event_type == typ for d, _, typ, _ in wants) for x in found)
    return dict(events=total, exact=exact, date_type=date_type, unexpected=unexpected)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="print every error with its kind")
    ap.add_argument("--own", action="store_true", help="also score the project's own report sets")
    ap.add_argument("--pred", help="write the dev-set predictions to this JSONL file")
    a = ap.parse_args()
    extract_events(Article(id="warm", title="", body="Am Montag traf Scholz Macron.", published=dt.date(2023, 1, 4)))
    if DEV.exists():
        score_dev(a.show, a.pred)
    else:
        print(f"{DEV} not found: the real-news dev set lies beside the checkout in ../shared/eval")
    if a.own:
        for name, path in OWN_SETS.items():
            r = score_own(yaml.safe_load(path.read_text(encoding="utf-8")))
            print(f"{name}: {r['events']} expected, exact {r['exact']} ({r['exact'] / r['events']:.0%}), "
                  f"date+type {r['date_type']} ({r['date_type'] / r['events']:.0%}), unexpected {r['unexpected']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
