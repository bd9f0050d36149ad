"""A synthetic German news archive with known events, for scale tests and benchmarks.

Sentences are written for this project. A fixed pool of events is reported by several
articles each (different outlets, different wording), so the cross-article merge has work to
do; filler paragraphs bring each article to about 2 KB, the size of a real agency report.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]
PEOPLE = [("Lloyd Austin", "US-Verteidigungsminister"), ("Sergej Schoigu", "russische Verteidigungsminister"),
          ("Olaf Scholz", "Bundeskanzler"), ("Emmanuel Macron", "französische Präsident"),
          ("Wolodymyr Selenskyj", "ukrainische Präsident"), ("Antony Blinken", "US-Außenminister"),
          ("Dmytro Kuleba", "ukrainische Außenminister"), ("Annalena Baerbock", "Außenministerin"),
          ("Recep Tayyip Erdogan", "türkische Präsident"), ("Jens Stoltenberg", "Nato-Generalsekretär")]
TEMPLATES = {
    "call": ["{a} hat am {d} mit {b} telefoniert.", "Am {d} telefonierte {a} mit {b}, wie ein Sprecher mitteilte.",
             "Der {ra} {a} sprach am {d} am Telefon mit {b}."],
    "meeting": ["{a} traf am {d} in Brüssel mit {b} zusammen.", "Am {d} kam {a} zu einem Treffen mit {b} nach Kiew."],
    "statement": ["{a} erklärte am {d}, man stehe fest an der Seite der Ukraine.",
                  "Am {d} sagte {a}, die Gespräche mit {b} gingen weiter."],
    "aid": ["{a} kündigte am {d} weitere Militärhilfe für die Ukraine an.",
            "Am {d} sagte {a} zusätzliche Hilfe in Höhe von 500 Millionen Euro zu."],
}
FILLER = [
    "Die Lage im Osten des Landes bleibt nach Angaben von Beobachtern angespannt.",
    "Nr. 5 der Liste betrifft z. B. die Lieferung von Generatoren und Winterkleidung.",
    "Beobachter rechnen damit, dass sich die Verhandlungen noch lange hinziehen werden.",
    "In den vergangenen Jahren hatten beide Seiten immer wieder Gespräche geführt.",
    "Ein Sprecher des Ministeriums wollte sich zu Einzelheiten nicht äußern.",
    "Die Opposition kritisierte das Vorgehen der Regierung als zu zögerlich.",
    "Nach Angaben der Vereinten Nationen sind Millionen Menschen auf der Flucht.",
    "Experten warnen vor den Folgen für die Energieversorgung in Europa.",
    "Die Gespräche fanden hinter verschlossenen Türen statt, hieß es aus Diplomatenkreisen.",
    "Beide Seiten betonten die Bedeutung eines offenen Kommunikationskanals.",
]
OUTLETS = ["tagesschau.example", "spiegel.example", "zeit.example", "faz.example", "sz.example", "dw.example"]


@dataclass(frozen=True)
class KnownEvent:
    event_type: str
    day: dt.date
    actors: tuple[str, ...]


def _german_day(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]}"


def event_pool(n: int, rng: random.Random) -> list[KnownEvent]:
    start = dt.date(2022, 2, 24)
    pool = []
    for _ in range(n):
        a, b = rng.sample(PEOPLE, 2)
        day = start + dt.timedelta(days=rng.randrange(300))
        pool.append(KnownEvent(rng.choice(sorted(TEMPLATES)), day, (a[0], b[0])))
    return pool


def make_article(i: int, pool: list[KnownEvent], rng: random.Random) -> tuple[dict, list[KnownEvent]]:
    events = rng.sample(pool, rng.randint(1, 3))
    published = max(e.day for e in events) + dt.timedelta(days=rng.randint(0, 3))
    people = dict(PEOPLE)
    paras = []
    for e in events:
        a, b = e.actors
        sentence = rng.choice(TEMPLATES[e.event_type]).format(a=a, b=b, d=_german_day(e.day), ra=people[a])
        paras.append(" ".join([sentence] + rng.sample(FILLER, 3)))
    while sum(map(len, paras)) < 1800:
        paras.append(" ".join(rng.sample(FILLER, 4)))
    first = events[0]
    return {"id": f"syn-{i:06d}", "title": f"{first.actors[0]} und {first.actors[1]}: {first.event_type}",
            "published": published.isoformat(), "source": f"https://{rng.choice(OUTLETS)}/artikel/{i}",
            "text": "\n\n".join(paras) + "\n"}, events


def generate(n: int, seed: int = 7, pool_size: int | None = None) -> tuple[list[dict], list[list[KnownEvent]]]:
    """n article records (bulk fields) and the events each one reports; same seed, same archive."""
    rng = random.Random(seed)
    pool = event_pool(pool_size or max(10, n // 4), rng)
    records, truth = [], []
    for i in range(n):
        rec, evs = make_article(i, pool, rng)
        records.append(rec)
        truth.append(evs)
    return records, truth


def write_folder(records: list[dict], folder: str | Path, per_dir: int = 1000) -> list[Path]:
    """One front-matter file per article, in subfolders of per_dir files (a realistic tree)."""
    folder = Path(folder)
    paths = []
    for i, r in enumerate(records):
        sub = folder / f"batch{i // per_dir:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        p = sub / f"{r['id']}.txt"
        p.write_text(f"---\ntitle: {r['title']}\npublished: {r['published']}\nsource: {r['source']}\n---\n"
                     f"{r['text']}", encoding="utf-8")
        paths.append(p)
    return paths


def write_jsonl(records: list[dict], path: str | Path) -> Path:
    path = Path(path)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _template_regex(template: str) -> re.Pattern:
    names = "|".join(re.escape(name) for name, _ in PEOPLE)
    months = "|".join(MONTHS)
    pattern = re.escape(template)
    for slot, rx in (("a", f"(?P<a>{names})"), ("b", f"(?P<b>{names})"), ("ra", r"[^.]+?"),
                     ("d", rf"(?P<d>(?P<day>\d{{1,2}})\. (?P<month>{months}))")):
        pattern = pattern.replace(re.escape("{" + slot + "}"), rx)
    return re.compile(pattern)


_PATTERNS = [(etype, _template_regex(t)) for etype in sorted(TEMPLATES) for t in TEMPLATES[etype]]


def template_extract(article) -> list[dict]:
    """Event rows of a synthetic article, read back from the sentence templates above.

    A stand-in per-article step for benchmarks and scale tests: it costs next to nothing and
    yields as many mentions as a perfect extractor would, so the cache, merge and table writing
    are measured at realistic size before (or apart from) the real extractor.
    """
    out = []
    published = article.published
    for etype, rx in _PATTERNS:
        for m in rx.finditer(article.body):
            day, month = int(m["day"]), MONTHS.index(m["month"]) + 1
            year = published.year if published else 2022
            if published and (month, day) > (published.month, published.day):
                year -= 1
            date = dt.date(year, month, day)
            actors = [m["a"]] + ([m["b"]] if "b" in m.groupdict() and m["b"] else [])
            out.append(dict(event_id=f"{article.id}-{m.start('d')}", date=date, end=date, precision="day",
                            timex=date.isoformat(), date_text=f"am {m['d']}", event_type=etype,
                            status="happened", actors=actors, countries=[], sentence=m.group(0),
                            article_id=article.id, title=article.title, source=article.source,
                            published=published, char_start=m.start("d"), char_end=m.end("d")))
    return sorted(out, key=lambda e: e["char_start"])
