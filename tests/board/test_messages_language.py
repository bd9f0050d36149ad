"""The pipeline's problems said in the page's language: reasons of its own (a time budget), the system's reasons
for a file that cannot be read, and measured numbers with the language's decimal mark."""
from __future__ import annotations

import pytest

from board.ui_text import Labels
from pipeline.articles import ArticleError, read_article
from pipeline.build import build
from pipeline.decode import DecodeError, read_bytes_limited


def test_an_article_over_its_time_budget_is_reported_in_german(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "lang.txt").write_text("---\ntitle: Lang\npublished: 2023-06-16\n---\n"
                                     + "Am Montag telefonierte Olaf Scholz mit Emmanuel Macron. " * 50, encoding="utf-8")
    monkeypatch.setenv("ZEITLEISTE_ARTICLE_SECONDS", "0")
    _, report = build([folder], tmp_path / "events.parquet", cache=False, workers=1)
    (problem,) = report.problems
    assert problem == "lang: could not be processed (took longer than 0 s; skipped)"   # the command line's
    assert Labels("de").message(problem) == "lang: konnte nicht verarbeitet werden (dauerte länger als 0 s; übersprungen)"


def test_the_systems_reason_is_said_in_german(tmp_path):
    folder = tmp_path / "ordner.txt"
    folder.mkdir()   # a folder named like an article
    with pytest.raises(ArticleError) as caught:
        read_article(folder)
    said = caught.value.args[0]
    assert said == "ordner.txt: cannot be read (Is a directory)"
    assert Labels("de").message(said) == "ordner.txt: kann nicht gelesen werden (ist ein Ordner)"
    assert Labels("en").message(said) == "ordner.txt: cannot be read (Is a directory)"


def test_sizes_take_the_languages_decimal_mark(tmp_path):
    path = tmp_path / "gross.txt"
    path.write_bytes(b"x" * (3 * 2**20 // 2))   # 1.5 MiB
    with pytest.raises(DecodeError) as caught:
        read_bytes_limited(path, 2**20)
    said = caught.value.args[0]
    assert said == "gross.txt: 1.5 MB is larger than the limit of 1 MB"
    assert Labels("de").message(said) == "gross.txt: 1,5 MB, größer als die Grenze von 1 MB"
    assert Labels("en").message(said) == "gross.txt: 1.5 MB is larger than the limit of 1 MB"
