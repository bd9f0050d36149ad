"""Sentence splitting: German abbreviations and dates stay inside; offsets point into the text."""
import pytest

from pipeline.sentences import split_sentences

SEED = open("data/articles/2022-10-21_austin-schoigu-telefonat.txt", encoding="utf-8").read()


def texts(s):
    return [x.text for x in split_sentences(s)]


@pytest.mark.parametrize("text", [
    "Das letzte Gespräch fand am 13. Mai statt.",
    "Die Resolution Nr. 5 wurde angenommen.",
    "Es geht z. B. um Munition und Panzer.",
    "Er traf am 13. Mai Vertreter der Nr. 5 und z. B. Dr. Müller in Kiew.",
    "Er nannte bzw. Wiederholte Gründe.",
])
def test_no_break_inside(text):
    assert texts(text) == [text]


def test_clear_ends_split_and_offsets_hold():
    body = "Titel ohne Punkt\nAm 13. Mai sprach er. Nr. 5 ist z. B. wichtig. Das ist gut! Wirklich? Ja.\n"
    got = split_sentences(body)
    assert [s.text for s in got] == ["Titel ohne Punkt", "Am 13. Mai sprach er.", "Nr. 5 ist z. B. wichtig.",
                                     "Das ist gut!", "Wirklich?", "Ja."]
    assert all(body[s.start:s.end] == s.text for s in got)


def test_seed_article_sentences_are_verbatim_and_ordered():
    got = split_sentences(SEED)
    assert all(SEED[s.start:s.end] == s.text for s in got)
    assert [s.start for s in got] == sorted(s.start for s in got)
    assert any(s.text.startswith("Das letzte Gespräch der beiden Minister fand am 13. Mai statt") for s in got)


@pytest.mark.parametrize("text", ["\x1f24. Februar", "Am\x1c13. Mai sprach er. Dann\x1e2. Juni kam er."])
def test_separator_controls_do_not_crash_pysbd(text):
    """Found by the fuzz test: pysbd's list rules call int() on '\\x1f24'; offsets must still hold."""
    got = split_sentences(text)
    assert got and all(text[s.start:s.end] == s.text and s.text == s.text.strip() for s in got)


def test_capitalised_word_ends_sentence_abbreviations_do_not():
    body = ("Die Lage in Europa bleibt angespannt. Die Gespräche gehen weiter. Prof. Müller kam am 13. Mai "
            "nach Kiew. Er traf u. a. die Vertreter der Nr. 5 in der Sitzung. Der Kanzler sagte etwas.")
    assert texts(body) == ["Die Lage in Europa bleibt angespannt.", "Die Gespräche gehen weiter.",
                           "Prof. Müller kam am 13. Mai nach Kiew.",
                           "Er traf u. a. die Vertreter der Nr. 5 in der Sitzung.", "Der Kanzler sagte etwas."]


def test_day_ranges_and_day_lists_stay_in_their_sentence():
    """pysbd reads "21." after "am" as a list number; the pieces are joined again."""
    body = ("Beim Gipfel am 21. und 22. März beraten die Minister. Am 3., 4. und 5. Mai tagt der Rat. "
            "Danach ist Pause.")
    assert texts(body) == ["Beim Gipfel am 21. und 22. März beraten die Minister.",
                           "Am 3., 4. und 5. Mai tagt der Rat.", "Danach ist Pause."]


def test_a_line_without_clear_sentence_ends_is_cut_into_bounded_pieces():
    from pipeline.sentences import MAX_SENTENCE_CHARS
    body = "Str. " * 5000
    got = split_sentences(body)
    assert got and all(len(s.text) <= MAX_SENTENCE_CHARS for s in got)
    assert all(body[s.start:s.end] == s.text for s in got)
