"""The synthetic archive: the same known event from several outlets merges into one row."""
from collections import Counter

import pandas as pd

from pipeline.build import build
from pipeline.synthetic import generate, write_jsonl

RECORDS, TRUTH = generate(400, seed=3, pool_size=60)
BY_ID = dict(zip((r["id"] for r in RECORDS), TRUTH))


def truth_extract(article):
    """Mentions as a perfect extractor would find them: the known events of the article."""
    out = []
    for n, e in enumerate(BY_ID[article.id]):
        out.append(dict(event_id=f"{article.id}-{n}", date=e.day, end=e.day, precision="day", timex=e.day.isoformat(),
                        date_text="", event_type=e.event_type, status="happened", actors=list(e.actors),
                        countries=[], sentence="", article_id=article.id, title=article.title,
                        source=article.source, published=article.published, char_start=n, char_end=n))
    return out


def test_known_events_merge_with_all_their_sources(tmp_path):
    df, report = build(write_jsonl(RECORDS, tmp_path / "archive.jsonl"), tmp_path / "events.parquet",
                       func=truth_extract, workers=1)
    reported = Counter(e for evs in TRUTH for e in set(evs))
    # no two pool events of one type share a day and an actor in this seed, so merged == known
    assert report.mentions == sum(reported.values())
    assert len(df) == len(reported)
    for row in df.itertuples():
        known = [e for e in reported if e.event_type == row.event_type and e.day == row.date.date()
                 and set(e.actors) == set(row.actors)]
        assert len(known) == 1
        articles = {r["id"] for r, evs in zip(RECORDS, TRUTH) if known[0] in evs}
        assert len(articles) == reported[known[0]]
        assert row.n_sources == len({r["source"] for r in RECORDS if r["id"] in articles})


def test_large_archive_merge_keeps_every_mention():
    from pipeline.merge import merge_events
    from pipeline.table import events_to_frame

    records, truth = generate(10000, seed=5)
    rows = []
    for r, evs in zip(records, truth):
        art = type("A", (), dict(id=r["id"], title=r["title"], source=r["source"], published=None))
        BY_ID[r["id"]] = evs
        rows += truth_extract(art)
    mentions = events_to_frame(rows)
    events, m = merge_events(mentions)
    assert len(m) == len(mentions) and m["merged_id"].isin(events["event_id"]).all()
    # every mention belongs to exactly one merged event, whose sources are its mentions' articles
    per_event = m.groupby("merged_id")["article_id"].nunique().sort_index()
    assert (per_event == events.set_index("event_id")["n_sources"].sort_index()).all()
    assert per_event.sum() <= len(mentions) and len(events) < len(mentions)


def test_template_extractor_reads_back_the_known_events(tmp_path):
    """The benchmark's stand-in step finds exactly the known (type, day) pairs of every article."""
    from pipeline.synthetic import template_extract

    df, report = build(write_jsonl(RECORDS, tmp_path / "archive.jsonl"), tmp_path / "events.parquet",
                       func=template_extract, workers=1)
    assert report.articles == len(RECORDS) and not report.problems
    mentions = pd.read_parquet(tmp_path / "mentions.parquet")
    got = Counter(zip(mentions.article_id, mentions.event_type, mentions.date.dt.date))
    want = Counter((r["id"], e.event_type, e.day) for r, evs in zip(RECORDS, TRUTH) for e in evs)
    assert got == want
    assert (df.n_sources >= 1).all() and df.n_sources.sum() >= len(df)
