"""The article list's changes (pipeline.stored_articles): retitle, redate, delete and restore keep every line of
the article, stay inside the folder, and carry the analyst's corrections along."""
import datetime as dt
import json

import pandas as pd
import pytest

from pipeline.articles import content_hash, read_article
from pipeline.ingest import article_from_paste, store_articles
from pipeline.corrections import rekey_corrections
from pipeline.stored_articles import (EditError, article_path, delete, deleted_folder, events_per_article,
                                      list_articles, open_article, redate, restore, retitle)

BODY = ("Die Außenministerin Annalena Baerbock hat am Dienstag in Kiew ihren ukrainischen Amtskollegen "
        "Dmytro Kuleba getroffen.\nBeide sprachen über weitere Hilfe für den Winter.\n")
FRONT = ("---\ntitle: Baerbock in Kiew\npublished: 2023-01-10\nsource: https://example.org/b\n"
         "references: Auswärtiges Amt, Pressemitteilung\n---\n")


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "articles"
    (f / "stapel").mkdir(parents=True)
    (f / "baerbock.txt").write_text(FRONT + BODY, encoding="utf-8")
    (f / "stapel" / "lage.md").write_text("Lagebericht aus Charkiw\n\nIn der Nacht gab es Luftalarm.\n",
                                          encoding="utf-8")
    (f / ".versteckt.txt").write_text("nicht gelesen\n\nText\n", encoding="utf-8")
    return f


def test_list_names_every_article_with_title_date_source_and_events(folder, tmp_path):
    table = tmp_path / "events.parquet"
    pd.DataFrame({"article_id": ["baerbock", "baerbock", "lage"], "merged_id": ["e1", "e2", "e1"]}).to_parquet(
        tmp_path / "mentions.parquet")
    rows = {r.name: r for r in list_articles(folder, table)}
    assert set(rows) == {"baerbock.txt", "stapel/lage.md"}  # hidden files are not read by the build either
    b = rows["baerbock.txt"]
    assert (b.id, b.title, b.published, b.source, b.events) == (
        "baerbock", "Baerbock in Kiew", dt.date(2023, 1, 10), "https://example.org/b", 2)
    assert (rows["stapel/lage.md"].title, rows["stapel/lage.md"].events) == ("Lagebericht aus Charkiw", 1)
    assert events_per_article(tmp_path / "keine.parquet") == {}


def test_retitle_keeps_every_other_line_and_the_text(folder):
    stored = retitle(folder, "baerbock.txt", "  Baerbock trifft\nKuleba  ")
    text = (folder / "baerbock.txt").read_text(encoding="utf-8")
    assert stored.title == "Baerbock trifft Kuleba" and stored.body == BODY
    assert "references: Auswärtiges Amt, Pressemitteilung" in text and "source: https://example.org/b" in text
    assert text.endswith(BODY) and text.count("title:") == 1


def test_redate_a_plain_file_keeps_its_heading_as_the_title(folder):
    before = open_article(folder, "stapel/lage.md")
    stored = redate(folder, "stapel/lage.md", dt.date(2024, 3, 2))
    assert (stored.title, stored.body, stored.published) == (before.title, before.body, dt.date(2024, 3, 2))
    assert redate(folder, "stapel/lage.md", None).published is None


def test_empty_title_is_refused_and_the_file_unchanged(folder):
    before = (folder / "baerbock.txt").read_bytes()
    with pytest.raises(EditError) as err:
        retitle(folder, "baerbock.txt", "   ")
    assert err.value.args[0].code == "title_empty"
    assert (folder / "baerbock.txt").read_bytes() == before


@pytest.mark.parametrize("name", ["../geheim.txt", "/etc/passwd", "stapel/../../geheim.txt", ".versteckt.txt",
                                  "baerbock.parquet", "", "stapel", "fehlt.txt"])
def test_names_outside_the_folder_or_of_other_files_are_refused(folder, tmp_path, name):
    (tmp_path / "geheim.txt").write_text("geheim\n\nText\n", encoding="utf-8")
    with pytest.raises(EditError):
        article_path(folder, name)
    with pytest.raises(EditError):
        delete(folder, name)
    assert (tmp_path / "geheim.txt").exists()


def test_a_symlink_out_of_the_folder_is_refused(folder, tmp_path):
    (tmp_path / "geheim.txt").write_text("geheim\n\nText\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(tmp_path / "geheim.txt")
    with pytest.raises(EditError):
        retitle(folder, "link.txt", "Neuer Titel")
    assert (tmp_path / "geheim.txt").read_text(encoding="utf-8") == "geheim\n\nText\n"


def test_delete_moves_aside_and_restore_brings_it_back(folder):
    before = (folder / "stapel" / "lage.md").read_bytes()
    moved = delete(folder, "stapel/lage.md")
    assert not (folder / "stapel" / "lage.md").exists() and moved.read_bytes() == before
    assert deleted_folder(folder) in moved.parents and folder.resolve() not in moved.parents
    assert [r.name for r in list_articles(folder)] == ["baerbock.txt"]
    assert restore(folder, moved) == "stapel/lage.md"
    assert (folder / "stapel" / "lage.md").read_bytes() == before


def test_restore_never_overwrites_an_article_stored_again(folder):
    moved = delete(folder, "baerbock.txt")
    (folder / "baerbock.txt").write_text(FRONT + "Ein anderer Text.\n", encoding="utf-8")
    with pytest.raises(EditError) as err:
        restore(folder, moved)
    assert err.value.args[0].code == "restore_taken" and moved.exists()
    with pytest.raises(EditError):
        restore(folder, folder / "baerbock.txt")  # not a deleted article


def test_corrections_follow_the_article_to_its_new_hash(folder, tmp_path):
    old = read_article(folder / "baerbock.txt").content_hash
    corrections = tmp_path / "corrections.jsonl"
    lines = [{"id": "a", "action": "confirm", "key": {"article": old, "start": 30, "end": 42, "type": "meeting"}},
             {"id": "b", "action": "merge", "key": {"article": "anderer", "start": 1, "end": 2, "type": "call"},
              "change": {"with": {"article": old, "start": 30, "end": 42, "type": "meeting"}}},
             {"id": "c", "action": "confirm", "key": {"article": "anderer", "start": 5, "end": 9, "type": "call"}}]
    raw = [json.dumps(x, ensure_ascii=False) for x in lines] + ["{kaputt"]
    corrections.write_text("\n".join(raw) + "\n", encoding="utf-8")
    stored = retitle(folder, "baerbock.txt", "Baerbock trifft Kuleba in Kiew", corrections)
    new = stored.content_hash
    assert new != old and new == content_hash(stored.title, BODY, dt.date(2023, 1, 10))
    out = corrections.read_text(encoding="utf-8").split("\n")
    assert json.loads(out[0])["key"]["article"] == new
    assert json.loads(out[1])["change"]["with"]["article"] == new
    assert out[2] == raw[2] and out[3] == "{kaputt"  # untouched lines stay byte for byte
    assert rekey_corrections(tmp_path / "keine.jsonl", old, new) == 0


def test_an_upload_of_the_old_content_does_not_overwrite_the_renamed_file(tmp_path):
    folder = tmp_path / "articles"
    article, _ = article_from_paste("Selenskyj in Bachmut", "Präsident Selenskyj hat am Dienstag Bachmut "
                                    "besucht.\n", dt.date(2022, 12, 20))
    (path,) = store_articles([article], folder).saved
    retitle(folder, path.name, "Selenskyj besucht die Front")
    again = store_articles([article], folder)  # the old content is new again: stored beside it
    assert len(again.saved) == 1 and again.saved[0] != path
    assert read_article(path).title == "Selenskyj besucht die Front"
    assert read_article(again.saved[0]).title == "Selenskyj in Bachmut"
