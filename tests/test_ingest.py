"""pipeline.ingest: uploads and pasted text into the article store, with bad input and concurrency."""
import datetime as dt
import json
import threading

import pytest

from pipeline.articles import iter_article_files, read_article, title_from_start
from pipeline.ingest import (StoredArticle, article_from_paste, articles_from_upload, ingest_files,
                             store_articles)
from pipeline.store import save_article

from conftest import SEED

SEED_BYTES = SEED.read_bytes()


def stored(folder):
    return [read_article(p) for p in iter_article_files(folder)]


def test_text_file_with_front_matter_is_stored_once(tmp_path):
    shares = []
    report = ingest_files([("artikel.txt", SEED_BYTES)], tmp_path, progress=lambda s, t: shares.append(s))
    assert len(report.saved) == 1 and not report.duplicates and not report.problems
    assert shares == [1.0]
    (article,) = stored(tmp_path)
    assert article.title.startswith("Ukraine-Krieg: US-Verteidigungschef")
    assert article.published == dt.date(2022, 10, 21)
    assert "Sergej Schoigu" in article.body
    # the same content again, under another name: a duplicate, nothing new written
    again = ingest_files([("kopie.md", SEED_BYTES)], tmp_path)
    assert again.duplicates == report.saved and not again.saved
    assert len(stored(tmp_path)) == 1


def test_text_without_front_matter_takes_title_and_given_date(tmp_path):
    body = "Scholz trifft Selenskyj\n\nBundeskanzler Olaf Scholz hat am Montag Wolodymyr Selenskyj getroffen.\n"
    articles, problems = articles_from_upload("notiz.md", body.encode(), published=dt.date(2023, 3, 6))
    assert not problems
    (article,) = articles
    assert article.title == "Scholz trifft Selenskyj" and article.published == dt.date(2023, 3, 6)
    # a date in the front matter wins over the form's default date
    articles, _ = articles_from_upload("a.txt", SEED_BYTES, published=dt.date(2000, 1, 1))
    assert articles[0].published == dt.date(2022, 10, 21)


@pytest.mark.parametrize("name,data,message", [
    ("bericht.pdf", b"%PDF-1.7 ...", "not accepted"),
    ("bericht", b"text", "not accepted"),
    ("bild.txt", b"GIF89a\x00\x01\x00", "binary"),
    ("leer.txt", b"  \n\n", "empty"),
    ("gross.txt", b"x" * 2048, "limit"),
])
def test_bad_uploads_are_reported_not_stored(tmp_path, name, data, message):
    report = ingest_files([(name, data), ("gut.txt", SEED_BYTES)], tmp_path, max_bytes=1024 * 4)
    if name == "gross.txt":
        report = ingest_files([(name, data)], tmp_path, max_bytes=1024)
        assert not report.saved
    else:
        assert len(report.saved) == 1  # the good file of the same upload is kept
    assert len(report.problems) == 1 and message in report.problems[0] and name in report.problems[0]


TEXT_DE = ("Gespräch über Kämpfe\n\nDer Außenminister äußerte sich am Freitag „besorgt“ – "
           "die Lage in Cherson sei ernst.\n")


# A plain .txt without front matter: only a short first line without a sentence end is a heading (the title);
# a first paragraph on one line stays in the text (issue 14, point 2).
PARAGRAPH = ("Die Außenminister der G7 haben am Dienstag in Münster über weitere Hilfen für die Ukraine beraten "
             "und sich auf eine gemeinsame Erklärung zur Energieversorgung im Winter geeinigt.")
SECOND = "Am Mittwoch wollen sie mit Dmytro Kuleba sprechen."


@pytest.mark.parametrize("first, heading", [
    (PARAGRAPH, False),                                            # a paragraph on one line
    ("Die Minister trafen sich in Münster.", False),               # short, but a sentence
    ("Kuleba sagte:", False),                                      # an introduction
    ("„Wir bleiben an Ihrer Seite.“", False),                      # a quotation that ends a sentence
    ("G7-Treffen in Münster: Hilfe für den Winter", True),         # a heading, colon inside
    ("Kommt der Waffenstillstand", True),
    ("Treffen " + "in Münster " * 14, False),                      # 150 characters or more
])
def test_plain_text_keeps_its_first_paragraph_and_only_a_heading_is_the_title(tmp_path, first, heading):
    text = f"{first}\n\n{SECOND}\n"
    report = ingest_files([("notiz.txt", text.encode())], tmp_path, published=dt.date(2022, 11, 8))
    assert not report.problems and len(report.saved) == 1
    (article,) = stored(tmp_path)
    if heading:
        assert article.title == first and article.body.strip() == SECOND
    else:
        assert first.strip() in article.body and SECOND in article.body  # nothing of the text is lost
        assert article.title == title_from_start(first)
    assert report.stored == [StoredArticle(report.saved[0], article.title, dt.date(2022, 11, 8), True)]
    again = ingest_files([("kopie.txt", text.encode())], tmp_path, published=dt.date(2022, 11, 8))
    assert again.stored == [StoredArticle(report.saved[0], article.title, dt.date(2022, 11, 8), False)]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_windows_and_latin1_uploads_are_decoded_like_the_command_line(tmp_path, encoding):
    text = TEXT_DE if encoding != "latin-1" else TEXT_DE.replace("„", '"').replace("“", '"').replace("–", "-")
    report = ingest_files([("notiz.txt", text.encode(encoding))], tmp_path, published=dt.date(2022, 11, 11))
    assert not report.problems and len(report.saved) == 1
    (article,) = stored(tmp_path)
    assert article.title == "Gespräch über Kämpfe"
    assert "Außenminister äußerte" in article.body and "Ã" not in article.body  # no mojibake
    if encoding != "latin-1":
        assert "„besorgt“ –" in article.body


def test_a_nul_byte_in_one_bulk_row_costs_only_that_row(tmp_path):
    rows = [{"id": f"n{i}", "title": f"Meldung {i}", "published": "2023-01-05",
             "text": f"Olaf Scholz telefonierte am Donnerstag mit Emmanuel Macron ({i})."} for i in range(3)]
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in rows]
    lines[1] = lines[1].replace(b"(1)", b"(\x00)")  # a raw NUL inside a JSON string
    report = ingest_files([("nul.jsonl", b"\n".join(lines))], tmp_path)
    assert len(report.saved) == 2
    assert len(report.problems) == 1 and "nul.jsonl line 2" in report.problems[0]
    csv_bytes = ("id,title,published,source,text\n"
                 "c1,Eins,2023-01-05,,Olaf Scholz traf am Montag Joe Biden.\n"
                 "c2,Zwei,2023-01-05,,Kaputt \x00 hier.\n"
                 "c3,Drei,2023-01-05,,Annalena Baerbock reiste am Dienstag nach Kiew.\n").encode("cp1252")
    report = ingest_files([("nul.csv", csv_bytes)], tmp_path)
    titles = sorted(read_article(p).title for p in report.saved)
    assert titles == ["Drei", "Eins"]
    assert len(report.problems) == 1 and "nul.csv line 3" in report.problems[0] and "NUL" in report.problems[0]


def test_binary_junk_named_jsonl_is_still_refused(tmp_path):
    junk = bytes(range(256)) * 40
    report = ingest_files([("junk.jsonl", junk)], tmp_path)
    assert not report.saved and len(report.problems) == 1 and "binary" in report.problems[0]


def test_jsonl_and_csv_bulk_with_a_bad_line(tmp_path):
    good = {"id": "a1", "title": "Lawrow in Ankara", "published": "2023-01-05", "source": "https://example.org/a1",
            "text": "Der russische Außenminister Sergej Lawrow ist am Donnerstag in Ankara eingetroffen."}
    lines = [json.dumps(good, ensure_ascii=False), "{kaputt", json.dumps({**good, "id": "a2", "title": "Zweiter"})]
    report = ingest_files([("batch.jsonl", "\n".join(lines).encode())], tmp_path)
    assert len(report.saved) == 2
    assert len(report.problems) == 1 and "line 2" in report.problems[0]
    csv_text = ("id,title,published,source,text\n"
                "b1,Kuleba in Brüssel,2023-02-01,,\"Dmytro Kuleba traf am Mittwoch in Brüssel Josep Borrell.\"\n"
                "b2,ohne Text,2023-02-01,,\n")
    report = ingest_files([("batch.csv", csv_text.encode("utf-8-sig"))], tmp_path)
    assert len(report.saved) == 1 and "no text" in report.problems[0]
    titles = sorted(a.title for a in stored(tmp_path))
    assert titles == ["Kuleba in Brüssel", "Lawrow in Ankara", "Zweiter"]


def test_path_in_an_upload_name_stays_inside_the_folder(tmp_path):
    folder = tmp_path / "articles"
    report = ingest_files([("../../etc/evil.txt", b"Titel\n\nText am 3. Mai 2022.")], folder)
    (path,) = report.saved
    assert path.parent == folder
    assert not (tmp_path / "etc").exists()


def test_paste(tmp_path):
    article, problem = article_from_paste("  Putin  spricht ", "Putin sprach am Dienstag.\n", dt.date(2023, 2, 21),
                                          " https://example.org/p ")
    assert problem is None and article.title == "Putin spricht" and article.source == "https://example.org/p"
    report = store_articles([article], tmp_path)
    (back,) = stored(tmp_path)
    assert back.title == "Putin spricht" and back.published == dt.date(2023, 2, 21)
    assert report.saved
    assert article_from_paste("Titel", "  \n", None) == (None, "text is required")


def test_paste_without_title_keeps_the_text_and_names_it_by_its_start(tmp_path):
    text = ("Olaf Scholz ist am Montag überraschend nach Kiew gereist.\n"
            "Dort traf er Präsident Wolodymyr Selenskyj.\n")
    article, problem = article_from_paste("", text, dt.date(2022, 6, 13))
    assert problem is None and article.body == text.rstrip("\n")
    assert article.title == "Olaf Scholz ist am Montag überraschend nach Kiew gereist."
    assert article.id == "Olaf-Scholz-ist-am-Montag-überraschend-nach-Kiew-gereist"
    # a heading line names the article, the rest is the text
    article, _ = article_from_paste(" ", "Scholz in Kiew\n\n" + text, dt.date(2022, 6, 13))
    assert (article.title, article.body) == ("Scholz in Kiew", text.rstrip("\n"))


def _article_text(n):
    return (f"---\ntitle: Meldung {n}\npublished: 2023-01-{n % 28 + 1:02d}\nsource: \n---\n"
            f"Meldung Nummer {n}: Wolodymyr Selenskyj sprach am Montag mit Emmanuel Macron.\n").encode()


def test_two_sessions_uploading_at_once_keep_both(tmp_path):
    barrier = threading.Barrier(2)
    reports = {}

    def session(name, numbers):
        files = [(f"{name}-{n}.txt", _article_text(n)) for n in numbers]
        barrier.wait()
        reports[name] = ingest_files(files, tmp_path)

    # both upload article 0: it must be stored once and reported once as a duplicate
    threads = [threading.Thread(target=session, args=("a", [0, 1, 2, 3, 4, 5])),
               threading.Thread(target=session, args=("b", [0, 6, 7, 8, 9, 10]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    titles = sorted(a.title for a in stored(tmp_path))
    assert titles == sorted(f"Meldung {n}" for n in range(11))
    saved = len(reports["a"].saved) + len(reports["b"].saved)
    dups = len(reports["a"].duplicates) + len(reports["b"].duplicates)
    assert (saved, dups) == (11, 1)
    assert not list(tmp_path.glob(".*.tmp"))  # no half-written files left behind


def test_save_article_from_many_threads_with_the_same_stale_known(tmp_path):
    articles, _ = articles_from_upload("x.txt", _article_text(99))
    known = {}
    results = []
    barrier = threading.Barrier(6)

    def worker():
        barrier.wait()
        results.append(save_article(articles[0], tmp_path, dict(known)))

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(created for _, created in results) == [False] * 5 + [True]
    assert len(list(iter_article_files(tmp_path))) == 1


def _kuleba(n):
    return (f"---\ntitle: Treffen {n}\npublished: 2023-02-{n % 27 + 1:02d}\nsource: https://example.org/t{n}\n---\n"
            f"Der ukrainische Außenminister Dmytro Kuleba hat am Montag in Brüssel NATO-Generalsekretär "
            f"Jens Stoltenberg getroffen. Es war ihr Treffen Nummer {n}.\n").encode()


def test_rebuild_after_upload_reports_progress_per_article_and_uses_the_cache(tmp_path):
    from pipeline.ingest import rebuild_table
    from pipeline.table import read_table

    folder, table = tmp_path / "articles", tmp_path / "events.parquet"
    report = ingest_files([(f"t{n}.txt", _kuleba(n)) for n in range(4)], folder)
    calls = []
    events, build = rebuild_table(folder, table, report.saved, progress=lambda s, t: calls.append((s, t)),
                                  steps=2)
    assert [round(s, 2) for s, _ in calls] == [0.5, 1.0]  # two chunks of two articles
    assert build.articles == 4 and build.cached == 4  # the build found every article extracted already
    assert _table_sources(read_table(table)) == [f"https://example.org/t{n}" for n in range(4)]
    assert len(events) >= 1


def _table_sources(df):
    """Sources behind the rows (a merged row lists the source of every article it was reported in)."""
    return sorted({a for xs in df["sources"] for a in xs} | set(df["source"]))


def _upload_and_rebuild(folder, table, numbers, barrier):
    """One browser session: upload its articles, then rebuild the table (as the page does)."""
    from pipeline.ingest import rebuild_table

    files = [(f"s{n}.txt", _kuleba(n)) for n in numbers]
    barrier.wait(timeout=60)
    report = ingest_files(files, folder)
    rebuild_table(folder, table, report.saved)
    return len(report.saved), len(report.duplicates)


def test_two_processes_uploading_and_rebuilding_at_once_keep_both(tmp_path):
    """Two server processes (two sessions) upload at the same moment, one article in common; the table
    ends up with every article, the common one once, and no half-written files."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.table import read_table

    folder, table = tmp_path / "articles", tmp_path / "events.parquet"
    ctx = mp.get_context("spawn")
    with ctx.Manager() as manager, ProcessPoolExecutor(2, mp_context=ctx) as pool:
        barrier = manager.Barrier(2)
        a = pool.submit(_upload_and_rebuild, folder, table, [0, 1, 2], barrier)
        b = pool.submit(_upload_and_rebuild, folder, table, [2, 3, 4], barrier)
        (saved_a, dup_a), (saved_b, dup_b) = a.result(timeout=300), b.result(timeout=300)
    assert (saved_a + saved_b, dup_a + dup_b) == (5, 1)
    titles = sorted(a.title for a in stored(folder))
    assert titles == [f"Treffen {n}" for n in range(5)]
    assert _table_sources(read_table(table)) == [f"https://example.org/t{n}" for n in range(5)]
    assert not list(folder.glob(".*.tmp")) and not list(tmp_path.glob(".*.tmp"))
