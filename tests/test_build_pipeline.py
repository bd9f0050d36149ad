"""Bulk build: inputs, duplicates, cache, parallel determinism, merge across outlets, damage recovery."""
import json

import pandas as pd
import pytest

from pipeline.build import build, cache_path_for, mentions_path_for
from pipeline.table import COLUMNS, read_table

from test_build_fake import failing_extract, fake_extract


def article(folder, name, body, published="2022-10-21", source=""):
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(f"---\ntitle: {name}\npublished: {published}\nsource: {source}\n---\n{body}\n", encoding="utf-8")
    return p


CALL = "call|2022-05-13|Lloyd Austin,Sergej Schoigu|Austin telefonierte am 13. Mai mit Schoigu."


def test_two_outlets_one_call_merged(tmp_path):
    arts = tmp_path / "a"
    article(arts, "spiegel.txt", CALL, source="https://spiegel.example/x")
    article(arts, "zeit.txt", "call|2022-05-13|Sergej Schoigu|Schoigu sprach am 13. Mai mit dem US-Minister.",
            source="https://zeit.example/y")
    article(arts, "other.txt", "meeting|2022-05-13|Olaf Scholz|Scholz traf am 13. Mai Macron.")
    df, report = build(arts, tmp_path / "events.parquet", func=fake_extract)
    assert list(df.columns[:len(COLUMNS)]) == COLUMNS
    assert list(df.columns[-5:]) == ["sources", "n_sources", "date_conflict", "review", "review_key"]
    call = df[df.event_type == "call"]
    assert len(call) == 1
    row = call.iloc[0]
    assert row.n_sources == 2 and list(row.sources) == ["https://spiegel.example/x", "https://zeit.example/y"]
    assert set(row.actors) == {"Lloyd Austin", "Sergej Schoigu"} and row.date_conflict == ""
    mentions = pd.read_parquet(mentions_path_for(tmp_path / "events.parquet"))
    assert len(mentions) == 3 and (mentions[mentions.event_type == "call"].merged_id == row.event_id).all()
    assert sorted(mentions.sentence)[0].startswith("Austin telefonierte")
    assert report.events == 2 and report.mentions == 3
    assert len(read_table(tmp_path / "events.parquet")) == 2


def test_conflicting_dates_reported(tmp_path):
    arts = tmp_path / "a"
    article(arts, "a.txt", "call|2022-05-13|Lloyd Austin|x.")
    article(arts, "b.txt", "call|2022-05-13|Lloyd Austin|y.")
    # a week-long mention overlapping a different day: same event, but the sources disagree
    p = article(arts, "c.txt", "call|2022-05-12|Lloyd Austin|z.")
    df, report = build(arts, tmp_path / "events.parquet", func=fake_extract)
    assert len(df) == 2  # 12 and 13 May do not overlap: two events, no conflict
    from pipeline.merge import merge_events
    from pipeline.table import events_to_frame
    evs = fake_extract(type("A", (), dict(id="w", title="t", source="", published=None,
                                          body="call|2022-05-13|Lloyd Austin|x."))())
    wide = dict(evs[0], event_id="w-0", article_id="w", end=pd.Timestamp("2022-05-19"), date=pd.Timestamp("2022-05-12"))
    narrow = dict(evs[0], event_id="n-0", article_id="n")
    merged, _ = merge_events(events_to_frame([wide, narrow]))
    assert len(merged) == 1 and "2022-05-12..2022-05-19 (w)" in merged.iloc[0].date_conflict
    assert "2022-05-13..2022-05-13 (n)" in merged.iloc[0].date_conflict


def test_no_shared_actor_no_merge(tmp_path):
    arts = tmp_path / "a"
    article(arts, "a.txt", "call|2022-05-13|Lloyd Austin|x.")
    article(arts, "b.txt", "call|2022-05-13|Olaf Scholz|y.")
    df, _ = build(arts, tmp_path / "events.parquet", func=fake_extract)
    assert len(df) == 2 and (df.n_sources == 1).all()


def test_one_shared_actor_of_two_is_not_the_same_meeting(tmp_path):
    """A summit day: Scholz meets Macron, Scholz meets Biden; a third report names only Biden's meeting."""
    arts = tmp_path / "a"
    article(arts, "a.txt", "meeting|2022-06-27|Olaf Scholz,Emmanuel Macron|Scholz traf Macron.")
    article(arts, "b.txt", "meeting|2022-06-27|Olaf Scholz,Joe Biden|Scholz traf Biden.")
    article(arts, "c.txt", "meeting|2022-06-27|Joe Biden|Biden traf den Kanzler.")
    article(arts, "d.txt", "meeting|2022-06-27|Olaf Scholz|Scholz hatte viele Treffen.")
    df, _ = build(arts, tmp_path / "events.parquet", func=fake_extract)
    got = sorted((sorted(r.actors), r.n_sources) for r in df.itertuples())
    # c joins the only Biden meeting; d could be either of Scholz's two and stays on its own
    assert got == [(["Emmanuel Macron", "Olaf Scholz"], 1), (["Joe Biden", "Olaf Scholz"], 2), (["Olaf Scholz"], 1)]


def test_bulk_and_folder_inputs_duplicates_and_bad_rows(tmp_path):
    arts = tmp_path / "a"
    article(arts, "sub/dir/one.txt", CALL)
    article(arts, "copy.txt", CALL).write_text((arts / "sub/dir/one.txt").read_text())
    (arts / "empty.txt").write_text("")
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(json.dumps({"id": "j1", "title": "J", "published": "2022-10-21", "source": "",
                                 "text": "meeting|2022-06-01|Olaf Scholz|Treffen."}) + "\n{kaputt\n")
    csvf = tmp_path / "more.csv"
    csvf.write_text("id,title,published,source,text\nc1,C,2022-10-21,,aid|2022-07-01|EU|Hilfe.\nc2,C,,,\n")
    df, report = build([arts, jsonl, csvf], tmp_path / "events.parquet", func=fake_extract)
    assert report.articles == 3
    text = "\n".join(report.problems)
    assert "empty: empty" in text and "duplicate of" in text and "more.jsonl line 2" in text
    assert "more.csv line 3: no text" in text
    assert sorted(df.event_type) == ["aid", "call", "meeting"]


def test_one_failing_article_does_not_stop_batch(tmp_path):
    arts = tmp_path / "a"
    article(arts, "a.txt", CALL)
    article(arts, "b.txt", "BOOM")
    df, report = build(arts, tmp_path / "events.parquet", func=failing_extract)
    assert len(df) == 1 and any("b: could not be processed (RuntimeError: kaputt)" in p for p in report.problems)


def many(folder, n):
    for i in range(n):
        article(folder, f"art{i:04d}.txt", f"call|2022-05-{1 + i % 28:02d}|Akteur {i % 7},Akteur {i % 5}|Satz {i}.\n"
                                           f"aid|2022-06-{1 + i % 20:02d}|Akteur {i % 3}|Hilfe {i}.")


def test_parallel_equals_serial_and_cache(tmp_path):
    arts = tmp_path / "a"
    many(arts, 120)
    serial, _ = build(arts, tmp_path / "s" / "events.parquet", func=fake_extract, workers=1, cache=False)
    par, rep = build(arts, tmp_path / "p" / "events.parquet", func=fake_extract, workers=2, chunk_size=10)
    pd.testing.assert_frame_equal(serial, par)
    assert rep.cached == 0
    again, rep = build(arts, tmp_path / "p" / "events.parquet", func=fake_extract, workers=2, chunk_size=10)
    assert rep.cached == 120
    pd.testing.assert_frame_equal(par, again)
    article(arts, "zzz.txt", "summit|2022-11-15|G20|Gipfel.")
    plus, rep = build(arts, tmp_path / "p" / "events.parquet", func=fake_extract, workers=2)
    assert rep.cached == 120 and rep.articles == 121 and len(plus) == len(par) + 1


def test_changed_article_and_rules_invalidate(tmp_path, monkeypatch):
    arts = tmp_path / "a"
    p = article(arts, "a.txt", CALL)
    out = tmp_path / "events.parquet"
    build(arts, out, func=fake_extract)
    article(arts, "a.txt", CALL.replace("2022-05-13", "2022-05-14"))
    df, rep = build(arts, out, func=fake_extract)
    assert rep.cached == 0 and df.date.iloc[0] == pd.Timestamp("2022-05-14")
    monkeypatch.setattr("pipeline.cache.PIPELINE_VERSION", "another version")  # as a rule-file edit would
    df, rep = build(arts, out, func=fake_extract)
    assert rep.cached == 0 and any("other rules" in w for w in rep.warnings)


@pytest.mark.parametrize("victim", ["table", "cache"])
def test_truncated_table_or_cache_recovers(tmp_path, victim):
    arts = tmp_path / "a"
    many(arts, 30)
    out = tmp_path / "events.parquet"
    first, _ = build(arts, out, func=fake_extract)
    path = out if victim == "table" else cache_path_for(out)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    if victim == "table":
        from pipeline.table import TableError
        with pytest.raises(TableError):
            read_table(out)
    again, rep = build(arts, out, func=fake_extract)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(read_table(out), read_table(out))
    if victim == "cache":
        assert rep.cached == 0 and any("damaged cache" in w for w in rep.warnings)


def test_cli_exit_codes(tmp_path, monkeypatch, capsys):
    import pipeline.build as b
    from pipeline.__main__ import main

    real = b.build
    monkeypatch.setattr("pipeline.__main__.build", lambda *args, **kw: real(*args, **dict(kw, func=fake_extract)))
    arts = tmp_path / "a"
    article(arts, "a.txt", CALL)
    (arts / "bad.txt").write_bytes(b"\x00\x01binary")
    assert main(["build", "--articles", str(arts), "--articles", str(arts / "a.txt"), "--out",
                 str(tmp_path / "events.parquet"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "bad.txt: binary" in err and "duplicate of a" in err and "1 events" in err
    empty = tmp_path / "nothing"
    empty.mkdir()
    assert main(["build", "--articles", str(empty), "--out", str(tmp_path / "e2.parquet"), "--quiet"]) == 1


def test_real_extractor_two_outlets_one_call(tmp_path):
    """Issue 6 with pipeline.events: the same call, worded differently by two outlets (one relative date,
    one absolute), is one row with both sources; the mentions table keeps both."""
    arts = tmp_path / "a"
    article(arts, "spiegel.txt", "US-Verteidigungsminister Lloyd Austin hat am Freitag mit seinem russischen "
            "Amtskollegen Sergej Schoigu telefoniert. Das teilte das Pentagon mit.",
            published="2022-10-21", source="https://spiegel.example/austin-schoigu")
    article(arts, "zeit.txt", "Der russische Verteidigungsminister Sergej Schoigu und sein US-Kollege Lloyd Austin "
            "haben am 21. Oktober miteinander telefoniert, wie beide Ministerien bestätigten.",
            published="2022-10-22", source="https://zeit.example/pentagon-moskau")
    out = tmp_path / "events.parquet"
    df, report = build(arts, out, workers=1)
    calls = df[df.event_type == "call"]
    assert len(calls) == 1 and report.mentions == 2
    row = calls.iloc[0]
    assert row.date == pd.Timestamp("2022-10-21") and set(row.actors) == {"Lloyd Austin", "Sergej Schoigu"}
    assert row.n_sources == 2 and row.date_conflict == ""
    assert sorted(row.sources) == ["https://spiegel.example/austin-schoigu", "https://zeit.example/pentagon-moskau"]
    mentions = pd.read_parquet(mentions_path_for(out))
    assert sorted(mentions.article_id) == ["spiegel", "zeit"] and (mentions.merged_id == row.event_id).all()
