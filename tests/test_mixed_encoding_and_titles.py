"""A UTF-8 file with one Windows-1252 byte keeps its UTF-8; a bulk row without a title keeps its whole text."""
from pipeline.articles import read_article
from pipeline.bulk import articles_from_csv, articles_from_jsonl, read_bulk_file
from pipeline.decode import decode_bytes
from pipeline.ingest import articles_from_upload

UTF8_LINES = "Die Straße nach Köln bleibt gesperrt.\nDer Bürgermeister äußerte sich am Montag.\n".encode()
CP1252_LINE = "Die Brücke über den Fluß wird geprüft.\n".encode("cp1252")


def test_one_cp1252_byte_in_utf8_keeps_the_utf8_and_warns(tmp_path):
    path = tmp_path / "gemischt.txt"
    path.write_bytes(b"Sperrung in K\xc3\xb6ln\n" + UTF8_LINES + "Ein Gru\xdf an alle.\n".encode("cp1252"))
    a = read_article(path)
    assert "Die Straße nach Köln" in a.body and "Ein Gruß an alle." in a.body and "Ã" not in a.body
    assert a.warnings == ("gemischt.txt: 1 byte(s) not valid UTF-8 (first on line 4); "
                          "read as Windows-1252, the rest as UTF-8",)


def test_a_cp1252_line_in_utf8_jsonl_is_repaired_and_named(tmp_path):
    path = tmp_path / "meldungen.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Die Stra\xc3\x9fe in M\xc3\xbcnchen ist frei."}\n'
                     b'{"id": "b", "text": "Die Br\xfccke ist frei."}\n')
    articles, problems = read_bulk_file(path)
    assert [a.body for a in articles] == ["Die Straße in München ist frei.", "Die Brücke ist frei."]
    assert problems[0].startswith("meldungen.jsonl: 1 byte(s) not valid UTF-8 (first on line 2)")


def test_upload_with_a_stray_byte_warns():
    articles, problems = articles_from_upload("bericht.txt", UTF8_LINES + CP1252_LINE)
    assert "äußerte" in articles[0].body and "Fluß wird geprüft" in articles[0].body
    assert any(p.startswith("bericht.txt: 4 byte(s) not valid UTF-8 (first on line 3)") for p in problems)


def test_whole_cp1252_file_is_still_read_as_cp1252_without_warning():
    warnings = []
    text = decode_bytes(CP1252_LINE + "Die Straße nach Köln bleibt gesperrt.\n".encode("cp1252"), "alt.txt",
                        warnings=warnings)
    assert text.startswith("Die Brücke über den Fluß") and "Straße nach Köln" in text and warnings == []


def test_jsonl_row_without_title_keeps_its_first_line():
    text = "Der Kanzler reiste am Montag nach Paris.\nDort traf er am Dienstag den Präsidenten."
    arts, _ = articles_from_jsonl('{"id": "reise", "text": "' + text.replace("\n", "\\n") + '"}\n', "in.jsonl")
    assert arts[0].body == text and arts[0].title == "Der Kanzler reiste am Montag nach Paris."


def test_csv_row_without_title_keeps_its_first_line_and_a_long_one_is_cut():
    first = ("Nach wochenlangen Verhandlungen haben sich die Außenminister der Europäischen Union am Donnerstag "
             "auf neue Sanktionen geeinigt")
    arts, _ = articles_from_csv(f'id,text\nsanktionen,"{first}\nDie Maßnahmen gelten ab Mai."\n', "in.csv")
    assert arts[0].body == f"{first}\nDie Maßnahmen gelten ab Mai."
    assert arts[0].title.endswith(" …") and len(arts[0].title) <= 80 and first.startswith(arts[0].title[:-2])


def test_row_with_a_title_keeps_it():
    arts, _ = articles_from_jsonl('{"id": "t", "title": "Treffen in Rom", "text": "Erste Zeile\\nZweite."}\n')
    assert (arts[0].title, arts[0].body) == ("Treffen in Rom", "Erste Zeile\nZweite.")


# Point 8, third bullet: a tie (or more stray bytes than valid UTF-8) no longer turns the whole file into
# Windows-1252; every valid UTF-8 sequence stays UTF-8 and only the stray bytes are read as cp1252.

def test_a_tie_of_valid_utf8_and_stray_bytes_keeps_the_utf8(tmp_path):
    path = tmp_path / "fussweg.txt"  # one 'ü' in UTF-8 (C3 BC), one 'ß' from Windows-1252 (DF)
    path.write_bytes("Die Brücke bleibt offen.\n".encode() + "Nur der Fußweg wird gesperrt.\n".encode("cp1252"))
    a = read_article(path)
    # a first line that ends a sentence is text, not a heading: the body keeps it, its start names the article
    assert (a.title, a.body) == ("Die Brücke bleibt offen.", "Die Brücke bleibt offen.\nNur der Fußweg wird gesperrt.\n")
    assert a.warnings == ("fussweg.txt: 1 byte(s) not valid UTF-8 (first on line 2); "
                          "read as Windows-1252, the rest as UTF-8",)


def test_more_stray_bytes_than_utf8_still_keeps_the_utf8():
    warnings = []
    raw = "Der Bürgermeister".encode() + " grüßte die Gäste.".encode("cp1252")
    assert decode_bytes(raw, "gruss.txt", warnings=warnings) == "Der Bürgermeister grüßte die Gäste."
    assert warnings == ["gruss.txt: 3 byte(s) not valid UTF-8 (first on line 1); "
                        "read as Windows-1252, the rest as UTF-8"]


def test_a_tie_in_a_jsonl_row_names_the_file_and_keeps_both_rows(tmp_path):
    path = tmp_path / "wetter.jsonl"
    path.write_bytes('{"id": "sturm", "text": "Über Nacht zog ein Sturm auf."}\n'.encode()
                     + '{"id": "regen", "text": "Morgens fiel Regen."}\n'.encode("cp1252")
                     + '{"id": "hitze", "text": "Die Hitze ließ nach."}\n'.encode("cp1252"))
    articles, problems = read_bulk_file(path)
    assert [a.body for a in articles] == ["Über Nacht zog ein Sturm auf.", "Morgens fiel Regen.",
                                          "Die Hitze ließ nach."]
    assert problems[0].startswith("wetter.jsonl: 1 byte(s) not valid UTF-8 (first on line 3)")


def test_a_cp1252_quote_after_sz_is_not_taken_for_utf8():
    """'ß“' in Windows-1252 is DF 93, valid UTF-8 for a lone NKo letter: by chance, so it stays cp1252."""
    warnings = []
    text = decode_bytes("„Das Treffen war ein Genuß“, sagte die Ministerin.\n".encode("cp1252"), "zitat.txt",
                        warnings=warnings)
    assert text == "„Das Treffen war ein Genuß“, sagte die Ministerin.\n" and warnings == []
    mixed = "Grüße aus Köln.\n".encode() + "„Ein Genuß“, hieß es.\n".encode("cp1252")
    assert decode_bytes(mixed, "gemischt.txt") == "Grüße aus Köln.\n„Ein Genuß“, hieß es.\n"


def test_words_in_other_scripts_stay_utf8_next_to_a_stray_byte():
    raw = "Der Sender נגב und Радио berichteten".encode() + " über den Vorfall.".encode("cp1252")
    assert decode_bytes(raw, "quellen.txt") == "Der Sender נגב und Радио berichteten über den Vorfall."
