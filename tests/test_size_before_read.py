"""A file over the size limit is refused by its size, before it is read into memory."""
import tracemalloc

import pytest

from pipeline.articles import ArticleError, read_article
from pipeline.bulk import read_bulk_file
from pipeline.decode import MAX_BYTES

TWO_GB = 2 * 1024**3


def sparse(path, size):
    """A file of the given size that takes no disk space (and, read whole, size bytes of memory)."""
    with open(path, "wb") as f:
        f.write("Der Bundestag beriet am Donnerstag.\n".encode())
        f.truncate(size)
    return path


def peak_bytes(call):
    tracemalloc.start()
    try:
        result = call()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, peak


def _refusal(call):
    try:
        call()
    except ArticleError as exc:
        return str(exc)


@pytest.mark.parametrize("size", [MAX_BYTES + 1, TWO_GB])
def test_large_sparse_article_refused_without_reading_it(tmp_path, size):
    path = sparse(tmp_path / "riesig.txt", size)
    message, peak = peak_bytes(lambda: _refusal(lambda: read_article(path)))
    assert message == f"riesig.txt: {size / 2**20:.1f} MB is larger than the limit of 50 MB"
    assert peak < 1024**2


def test_large_sparse_bulk_file_refused_without_reading_it(tmp_path):
    path = sparse(tmp_path / "viele.jsonl", MAX_BYTES + 1)
    (articles, problems), peak = peak_bytes(lambda: read_bulk_file(path))
    assert articles == [] and problems == ["viele.jsonl: 50.0 MB is larger than the limit of 50 MB"]
    assert peak < 1024**2


def test_bulk_file_within_the_limit_is_read(tmp_path):
    path = tmp_path / "klein.jsonl"
    path.write_text('{"id": "k", "text": "Die Ministerin reiste am Dienstag nach Paris."}\n{kaputt\n',
                    encoding="utf-8")
    articles, problems = read_bulk_file(path)
    assert [a.id for a in articles] == ["k"]
    assert [p.split(" (")[0] for p in problems] == ["klein.jsonl line 2: not valid JSON"]


def test_missing_bulk_file_is_reported(tmp_path):
    assert read_bulk_file(tmp_path / "fehlt.csv") == ([], ["fehlt.csv: cannot be read (No such file or directory)"])


def test_the_command_line_build_refuses_a_large_sparse_bulk_file_and_builds_the_rest(tmp_path):
    from pipeline.build import build
    folder = tmp_path / "in"
    folder.mkdir()
    big = folder / "archiv.jsonl"
    with open(big, "wb") as f:
        f.truncate(2 * 1024 ** 3)
    (folder / "a.txt").write_text("---\ntitle: T\npublished: 2022-10-21\n---\nAm Freitag telefonierte Scholz mit "
                                  "Macron.\n", encoding="utf-8")
    tracemalloc.start()
    events, report = build(folder, tmp_path / "events.parquet", cache=False, workers=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert any("archiv.jsonl" in p and "larger than the limit" in p for p in report.problems)
    assert len(events) == 1 and peak < 200 * 1024 ** 2
