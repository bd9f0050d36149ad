"""No article can take the table down: one bad JSONL/CSV row costs only that row."""
from pipeline.articles import content_hash
from pipeline.bulk import articles_from_jsonl

ERSTE = '{"id": "erste", "title": "Gipfel in Brüssel", "text": "Die Außenminister trafen sich am 3. März in Brüssel."}'
LETZTE = '{"id": "letzte", "title": "Reise nach Kiew", "text": "Der Kanzler reiste am Montag nach Kiew."}'


def _read_around(bad_row: str):
    return articles_from_jsonl("\n".join([ERSTE, bad_row, LETZTE]) + "\n", "nachrichten.jsonl")


def test_deeply_nested_row_costs_only_its_row():
    arts, problems = _read_around("[" * 100_000)
    assert [a.id for a in arts] == ["erste", "letzte"]
    assert any(p.startswith("nachrichten.jsonl line 2: ") and "nested" in p for p in problems)


def test_lone_surrogate_in_title_costs_only_its_row():
    arts, problems = _read_around('{"id": "kaputt", "title": "Stra\\ud800e gesperrt", '
                                  '"text": "Die Straße bleibt bis Freitag gesperrt."}')
    assert [a.id for a in arts] == ["erste", "letzte"]
    assert [a.content_hash for a in arts]  # the hash of every kept article can be made
    assert any(p.startswith("nachrichten.jsonl line 2: ") and "surrogate" in p for p in problems)


def test_five_thousand_digit_date_costs_only_its_row():
    arts, problems = _read_around('{"id": "zahl", "published": ' + "7" * 5000
                                  + ', "text": "Der Bundestag stimmte am Donnerstag ab."}')
    assert [a.id for a in arts] == ["erste", "letzte"]
    assert any(p.startswith("nachrichten.jsonl line 2: ") and "digits" in p for p in problems)


def test_content_hash_never_raises_on_a_lone_surrogate():
    assert content_hash("Stra\ud800e", "Die Straße ist gesperrt.", None) != content_hash("Strae", "Die Straße ist gesperrt.", None)
