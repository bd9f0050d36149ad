"""An article id from JSONL/CSV or an upload never leads to a file outside the articles folder."""
import os

from pipeline.bulk import articles_from_csv, articles_from_jsonl
from pipeline.ingest import articles_from_upload
from pipeline.store import article_file

TEXT = "Die Bundesregierung beschloss am Mittwoch neue Hilfen für die Ukraine."


def _is_safe(article_id: str) -> bool:
    return "/" not in article_id and "\\" not in article_id and not article_id.startswith(".")


def test_jsonl_id_with_dot_dot_becomes_a_safe_slug():
    arts, problems = articles_from_jsonl('{"id": "../../geheim", "text": "' + TEXT + '"}\n', "in.jsonl")
    assert [a.id for a in arts] == ["geheim"]
    assert any("in.jsonl line 1" in p and "'../../geheim'" in p for p in problems)


def test_csv_id_with_absolute_path_becomes_a_safe_slug():
    arts, _ = articles_from_csv(f"id,text\n/etc/passwörter,{TEXT}\n..\\\\..\\\\boot,{TEXT} Noch einmal.\n", "in.csv")
    assert [a.id for a in arts] == ["etc-passwörter", "boot"] and all(_is_safe(a.id) for a in arts)


def test_upload_of_jsonl_sanitises_ids():
    data = ('{"id": "../../../home/geheim", "text": "' + TEXT + '"}\n').encode()
    arts, _ = articles_from_upload("hochgeladen.jsonl", data)
    assert [a.id for a in arts] == ["home-geheim"]


def test_article_file_stays_inside_the_folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (tmp_path / "geheim.txt").write_text("Das Passwort lautet Sommer2024.", encoding="utf-8")
    (folder / "bericht.txt").write_text(TEXT, encoding="utf-8")
    assert article_file(folder, "bericht") == (folder / "bericht.txt").resolve()
    assert article_file(folder, "../geheim") is None
    assert article_file(folder, str(tmp_path / "geheim")) is None


def test_symlink_out_of_the_folder_is_not_followed(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (tmp_path / "geheim.md").write_text("Das Passwort lautet Sommer2024.", encoding="utf-8")
    os.symlink(tmp_path / "geheim.md", folder / "verweis.md")
    assert article_file(folder, "verweis") is None


def test_article_in_a_subfolder_is_found_but_never_outside_the_folder(tmp_path):
    folder = tmp_path / "articles"
    (folder / "batch003").mkdir(parents=True)
    (folder / "batch003" / "meldung-17.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "draussen").mkdir()
    (tmp_path / "draussen" / "geheim.txt").write_text("Das Passwort lautet Sommer2024.", encoding="utf-8")
    os.symlink(tmp_path / "draussen", folder / "verweisordner")
    os.symlink(tmp_path / "draussen" / "geheim.txt", folder / "batch003" / "umweg.txt")
    assert article_file(folder, "meldung-17") == (folder / "batch003" / "meldung-17.txt").resolve()
    assert article_file(folder, "geheim") is None       # only through the symlinked folder
    assert article_file(folder, "umweg") is None        # a symlink out of the folder
    assert article_file(folder, "batch003/meldung-17") is None and article_file(folder, "*") is None
