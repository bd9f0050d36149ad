"""Bad input gives a clear message naming the article; the rest of the batch goes on."""
import datetime as dt

import pytest

from pipeline.articles import ArticleError, read_article
from pipeline.bulk import articles_from_csv, articles_from_jsonl

GERMAN = "Der Minister telefonierte am 13. Mai mit seinem Kollegen über die Lage in der Ukraine.\n"


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_empty_file(tmp_path):
    with pytest.raises(ArticleError, match="leer|empty"):
        read_article(write(tmp_path, "leer.txt", b""))


def test_only_front_matter(tmp_path):
    with pytest.raises(ArticleError, match="fm: only front matter"):
        read_article(write(tmp_path, "fm.txt", b"---\ntitle: X\npublished: 2022-10-21\n---\n\n"))


def test_a_single_line_without_front_matter_is_the_text_not_only_a_title(tmp_path):
    from pipeline.events import extract_events

    line = ("Bundeskanzler Olaf Scholz hat am Donnerstag mit dem französischen Präsidenten Emmanuel Macron "
            "über weitere Hilfe für die Ukraine telefoniert.")
    a = read_article(write(tmp_path, "eine-zeile.txt", line.encode()), published=dt.date(2023, 3, 10))
    assert a.body.strip() == line and a.title.endswith("…") and len(a.title) <= 80
    events = extract_events(a)
    assert [(e.date, e.event_type) for e in events] == [(dt.date(2023, 3, 9), "call")]


def test_invalid_and_future_dates_warn_and_keep(tmp_path):
    a = read_article(write(tmp_path, "bad.txt", f"---\ntitle: T\npublished: gestern\n---\n{GERMAN}".encode()))
    assert a.published is None and any("bad: invalid publication date" in w for w in a.warnings)
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    a = read_article(write(tmp_path, "fut.txt", f"---\ntitle: T\npublished: {future}\n---\n{GERMAN}".encode()))
    assert a.published.isoformat() == future and any("future" in w for w in a.warnings)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_decode_without_mojibake(tmp_path, encoding):
    text = "Selenskyj äußerte sich über Gespräche in Österreich.\n"
    a = read_article(write(tmp_path, "alt.txt", ("Titel\n" + text).encode(encoding)))
    assert a.body == text


def test_cp1252_quotes(tmp_path):
    text = "Er sagte: „Wir verhandeln nicht“ – am 13. Mai.\n"
    assert read_article(write(tmp_path, "q.txt", ("T\n" + text).encode("cp1252"))).body == text


def test_utf8_bom(tmp_path):
    a = read_article(write(tmp_path, "bom.txt", b"\xef\xbb\xbf---\ntitle: Mit BOM\n---\n" + GERMAN.encode()))
    assert a.title == "Mit BOM" and a.body == GERMAN


def test_html_pasted_as_text(tmp_path):
    page = ("<html><body><h1>Telefonat</h1><p>Der Minister telefonierte am 13.&nbsp;Mai mit dem "
            "Kollegen.</p><script>var x = 1;</script><p>Die Lage bleibt <b>angespannt</b>.</p></body></html>")
    a = read_article(write(tmp_path, "page.txt", page.encode()))
    assert "<" not in a.body and "var x" not in a.body
    assert "telefonierte am 13.\xa0Mai mit dem Kollegen." in a.body and "angespannt" in a.body


def test_binary_junk_refused(tmp_path):
    with pytest.raises(ArticleError, match="junk.txt: binary"):
        read_article(write(tmp_path, "junk.txt", bytes(range(256)) * 40))


def test_size_limit_message(tmp_path, monkeypatch):
    import pipeline.decode as decode
    monkeypatch.setattr(decode, "MAX_BYTES", 1000)
    monkeypatch.setattr(decode.decode_bytes, "__defaults__", (1000,))
    with pytest.raises(ArticleError, match="big.txt: .*larger than the limit"):
        read_article(write(tmp_path, "big.txt", GERMAN.encode() * 100))


def test_english_and_french_warn(tmp_path):
    en = "The minister said on Friday that the talks with the delegation of Ukraine will go on.\n"
    fr = "Le ministre a dit que les négociations avec la délégation de l'Ukraine est dans une impasse.\n"
    for name, text in (("en.txt", en), ("fr.txt", fr)):
        a = read_article(write(tmp_path, name, ("T\n" + text).encode()))
        assert any("does not look German" in w for w in a.warnings)
    a = read_article(write(tmp_path, "de.txt", ("T\n" + GERMAN).encode()))
    assert not a.warnings


def test_malformed_jsonl_rows_skipped_good_kept():
    text = ('{"id": "a", "text": "' + GERMAN.strip() + '"}\n{broken\n[1,2]\n'
            '{"id": "b", "text": ""}\n{"id": "c", "published": "2022-13-45", "text": "Der Text ist da."}\n')
    arts, problems = articles_from_jsonl(text, "in.jsonl")
    assert [a.id for a in arts] == ["a", "c"]
    assert any("line 2: not valid JSON" in p for p in problems)
    assert any("line 3: not a JSON object" in p for p in problems)
    assert any("line 4: no text" in p for p in problems)
    assert any("c" in p and "invalid publication date" in p for p in problems)


def test_malformed_csv_rows_skipped_good_kept():
    text = "id,title,published,source,text\na,T,2022-10-21,s,Der Text.\nb,T,2022-10-21,s,x,zuviel\nc,T,,s,\n"
    arts, problems = articles_from_csv(text, "in.csv")
    assert [a.id for a in arts] == ["a"]
    assert any("more cells" in p for p in problems) and any("no text" in p for p in problems)


def test_twenty_megabyte_article_reads_and_builds(tmp_path):
    from pipeline.build import build
    from test_build_fake import fake_extract

    para = ("Die Lage im Osten des Landes bleibt nach Angaben von Beobachtern angespannt. " * 20 + "\n\n")
    body = para * (20_000_000 // len(para) + 1)
    p = tmp_path / "a" / "riesig.txt"
    p.parent.mkdir()
    p.write_text("---\ntitle: Riesig\npublished: 2022-10-21\n---\n" + body +
                 "call|2022-05-13|Lloyd Austin|Ein Satz.\n", encoding="utf-8")
    assert p.stat().st_size > 20_000_000
    df, report = build(p.parent, tmp_path / "events.parquet", func=fake_extract)
    assert report.articles == 1 and len(df) == 1


def test_five_thousand_dates():
    from pipeline.sentences import split_sentences
    from pipeline.timex import recognize

    text = " ".join(f"Am {1 + i % 28}. {['Januar', 'März', 'Mai', 'Juli'][i % 4]} {2000 + i % 25} traf er ihn."
                    for i in range(5000))
    a = read_article_text(text)
    found = recognize(a.body, a.published)
    assert len(found) == 5000 and all(a.body[t.start:t.end] == t.text for t in found)
    assert len(split_sentences(a.body)) == 5000


def read_article_text(body):
    from pipeline.articles import article_from_text
    return article_from_text("---\ntitle: Daten\npublished: 2022-10-21\n---\n" + body, article_id="daten")


def test_duplicate_input_processed_once(tmp_path):
    from pipeline.build import build
    from test_build_fake import fake_extract

    folder = tmp_path / "a"
    folder.mkdir()
    text = "---\ntitle: T\npublished: 2022-10-21\n---\ncall|2022-05-13|Lloyd Austin|Satz.\n"
    (folder / "eins.txt").write_text(text)
    (folder / "zwei.txt").write_text(text)
    df, report = build(folder, tmp_path / "events.parquet", func=fake_extract)
    assert report.articles == 1 and len(df) == 1
    assert "zwei: duplicate of eins; processed once" in report.problems


def test_csv_long_field_stray_and_unclosed_quotes():
    big = "Die Lage bleibt angespannt. " * 10_000  # 280 KB: over csv's default 128 KB field limit
    arts, problems = articles_from_csv(f'id,text\nlang,"{big}"\nb,Der zweite Text.\n', "big.csv")
    assert [a.id for a in arts] == ["lang", "b"] and len(arts[0].body) >= len(big.strip()) and not problems
    arts, problems = articles_from_csv('id,text\na,"x"y\nb,Gut.\n', "stray.csv")
    assert [a.id for a in arts] == ["b"] and problems == [
        "stray.csv line 2: malformed CSV row (',' expected after '\"'); skipped"]
    arts, problems = articles_from_csv('id,text\na,Der Text.\nb,"ohne Ende\nc,Noch einer.\n', "open.csv")
    assert [a.id for a in arts] == ["a"]
    assert problems == ["open.csv line 3: a quoted field is never closed; the rows from here to the end "
                        "of the file are skipped"]


def test_bulk_files_in_legacy_encodings(tmp_path):
    from pipeline.build import BuildReport, load_articles

    text = "Selenskyj äußerte sich über Gespräche in Österreich."
    (tmp_path / "alt.csv").write_bytes(f"id,title,published,source,text\nc,Titel,2022-10-21,,{text}\n"
                                       .encode("cp1252"))
    (tmp_path / "alt.jsonl").write_bytes(('{"id": "j", "published": "2022-10-21", "text": "%s"}\n' % text)
                                         .encode("latin-1"))
    report = BuildReport()
    arts = load_articles(tmp_path, report)
    assert sorted(a.id for a in arts) == ["c", "j"] and all(a.body.strip() == text for a in arts)
    assert not report.problems


def test_missing_date_and_missing_file_reported_batch_goes_on(tmp_path):
    from pipeline.build import build
    from test_build_fake import fake_extract

    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "ohne.txt").write_text("Ohne Datum\ncall|2022-05-13|Lloyd Austin|Satz.\n")
    df, report = build([folder, tmp_path / "fehlt.txt", tmp_path / "fehlt.jsonl"], tmp_path / "events.parquet",
                       func=fake_extract)
    assert report.articles == 1 and len(df) == 1
    assert "ohne: no publication date; relative dates stay unresolved" in report.warnings
    assert any(p.startswith("fehlt.txt: cannot be read") for p in report.problems)
    assert any(p.startswith("fehlt.jsonl: ") and "No such file" in p for p in report.problems)


@pytest.mark.parametrize("damage", [b"", b"PAR1 not really parquet", "half-written temp file"])
def test_empty_foreign_or_half_written_cache_rebuilt(tmp_path, damage):
    from pipeline.build import build, cache_path_for
    from test_build_fake import fake_extract

    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "eins.txt").write_text("---\ntitle: T\npublished: 2022-10-21\n---\ncall|2022-05-13|Lloyd Austin|S.\n")
    out = tmp_path / "events.parquet"
    first, _ = build(folder, out, func=fake_extract)
    cache = cache_path_for(out)
    if isinstance(damage, bytes):
        cache.write_bytes(damage)
    else:  # a build killed while writing leaves its temp file; the real cache is untouched
        (cache.parent / f".{cache.name}.abc.tmp").write_bytes(cache.read_bytes()[:100])
    again, report = build(folder, out, func=fake_extract)
    assert again.equals(first)
    if isinstance(damage, bytes):
        assert report.cached == 0 and any("damaged cache" in w for w in report.warnings)
    else:
        assert report.cached == 1 and not report.warnings
