"""Every writer of the table shares one lock; a build on older inputs never replaces a newer table; a killed
build's temporary files, vanished articles' cache rows and private file modes do not outlive the next build."""
import json
import os
import subprocess
import sys
import threading
import time

import pyarrow.parquet as pq
import pytest

from pipeline.articles import Article
from pipeline.build import build, cache_path_for, mentions_path_for
from pipeline.store import save_article, table_lock
from pipeline.table import read_table, write_table

from conftest import REPO, SEED
from test_build_fake import failing_extract, fake_extract


def _article(folder, name, day):
    (folder / f"{name}.txt").write_text(f"---\ntitle: {name}\npublished: {day}\n---\n"
                                        f"meeting|{day}|A,B|{name} traf B.\n", encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    _article(articles, "alt", "2022-01-01")
    return articles


def test_a_slow_build_started_first_does_not_drop_a_newer_article(folder, tmp_path):
    out = tmp_path / "events.parquet"
    started, go = threading.Event(), threading.Event()

    def slow_extract(article):
        started.set()
        go.wait(30)
        return fake_extract(article)

    slow = threading.Thread(target=build, args=(folder, out), kwargs=dict(func=slow_extract, cache=False, workers=1))
    slow.start()
    assert started.wait(30)
    _article(folder, "neu", "2022-01-02")
    fast = threading.Thread(target=build, args=(folder, out), kwargs=dict(func=fake_extract, cache=False, workers=1))
    fast.start()
    time.sleep(0.5)  # without the lock the fast build writes its table here, and the slow one overwrites it
    go.set()
    slow.join(60)
    fast.join(60)
    assert set(read_table(out)["article_id"]) == {"alt", "neu"}


def test_a_build_on_older_inputs_does_not_replace_the_table(folder, tmp_path):
    out = tmp_path / "events.parquet"
    newer, _ = build(folder, out, func=fake_extract, cache=False, workers=1)
    write_table(newer, out, inputs_read_at=time.time_ns() + 10 ** 12)  # as if built from inputs read later
    _article(folder, "neu", "2022-01-02")
    _, report = build(folder, out, func=fake_extract, cache=False, workers=1)
    assert set(read_table(out)["article_id"]) == {"alt"}
    assert any("newer input" in w for w in report.warnings)


def test_the_command_line_waits_for_the_pages_lock(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "events.parquet"
    with table_lock(out):
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--articles", str(articles),
                                 "--out", str(out), "--quiet"], cwd=REPO, stderr=subprocess.PIPE, text=True)
        time.sleep(8)  # the seed builds in a few seconds; it must still be waiting
        assert proc.poll() is None and not out.exists()
    assert proc.wait(300) == 0, proc.stderr.read()
    assert len(read_table(out)) == 7


def test_temporary_files_of_a_killed_build_are_removed(folder, tmp_path):
    out = tmp_path / "events.parquet"
    cache_dir = cache_path_for(out).parent
    cache_dir.mkdir()
    left = [tmp_path / ".events.parquet.k1ll3d.tmp", tmp_path / ".mentions.parquet.x9.tmp",
            cache_dir / ".events-cache.parquet.y7.tmp"]
    other = tmp_path / ".notes.txt.tmp"
    for path in left + [other]:
        path.write_bytes(b"half")
    build(folder, out, func=fake_extract, workers=1)
    assert not any(p.exists() for p in left)
    assert other.exists()


def _cached_keys(out):
    meta = pq.read_schema(cache_path_for(out)).metadata[b"zeitleiste_cache"]
    return json.loads(meta)["keys"]


def test_the_cache_forgets_articles_that_are_gone(folder, tmp_path):
    out = tmp_path / "events.parquet"
    _article(folder, "neu", "2022-01-02")
    build(folder, out, func=fake_extract, workers=1)
    assert len(_cached_keys(out)) == 2
    (folder / "neu.txt").unlink()
    build(folder, out, func=fake_extract, workers=1)
    assert len(_cached_keys(out)) == 1


def test_tables_cache_and_stored_articles_get_the_usual_file_mode(folder, tmp_path):
    old = os.umask(0o022)
    try:
        out = tmp_path / "events.parquet"
        build(folder, out, func=fake_extract, workers=1)
        stored, _ = save_article(Article(id="x", title="Titel", body="Text.", published=None, source=""), folder)
    finally:
        os.umask(old)
    for path in (out, mentions_path_for(out), cache_path_for(out), stored):
        assert oct(path.stat().st_mode & 0o777) == oct(0o644), path


def test_pruning_keeps_a_failed_article_out_of_the_cache(folder, tmp_path):
    out = tmp_path / "events.parquet"
    (folder / "kaputt.txt").write_text("---\ntitle: kaputt\npublished: 2022-01-03\n---\nBOOM\n", encoding="utf-8")
    build(folder, out, func=failing_extract, workers=1)
    assert len(_cached_keys(out)) == 1  # only "alt": "kaputt" is tried again next time
