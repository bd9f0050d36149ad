"""The page says what it does with odd input (reversed dates, an actor that matches nothing), its table starts with
what a reader looks for, and its counts are sorted by size (AppTest on the hand-made seed table)."""
import json

from streamlit.testing.v1 import AppTest

from conftest import REPO

APP = str(REPO / "dashboard.py")


def page(query=None):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    return at.run()


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


def test_table_starts_with_date_type_participants_and_sentence(data_dir):
    at = page()
    assert not at.exception
    assert list(at.dataframe(key="table").value.columns[:4]) == ["Datum", "Ereignistyp", "Akteure", "Belegsatz"]
    at = page({"lang": "en"})
    assert list(at.dataframe(key="table").value.columns[:4]) == ["Date", "Event type", "Actors", "Evidence sentence"]


def test_reversed_dates_say_so(data_dir):
    at = page({"from": "2022-12-01", "to": "2022-03-01"})
    assert not at.exception
    assert any("„von“ (01.12.2022) liegt nach „bis“ (01.03.2022)" in w for w in warnings(at))
    at = page({"from": "2022-03-01", "to": "2022-12-01"})
    assert not warnings(at)
    at = page({"from": "2022-12-01", "to": "2022-03-01", "lang": "en"})
    assert any("“from” (2022-12-01) is after “to” (2022-03-01)" in w for w in warnings(at))


def test_a_typed_actor_that_matches_nothing_says_so(data_dir):
    at = page({"actor": "Quasimodo"})
    assert not at.exception
    assert at.markdown[0].value == "0 von 7 Ereignissen"
    assert any("Kein Akteur passt zu „Quasimodo“" in w for w in warnings(at))
    # an alias or part of a name is no such case
    at = page({"actor": "Schoigu"})
    assert not warnings(at) and at.markdown[0].value == "2 von 7 Ereignissen"
    at = page({"actor": ["Schoigu", "Quasimodo"], "lang": "en"})
    assert [w for w in warnings(at) if "Quasimodo" in w] == ["No actor matches “Quasimodo”; check the spelling "
                                                              "or choose a name from the list."]


def test_counts_are_sorted_by_size(data_dir):
    at = page({"view": "counts"})
    assert not at.exception
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    bars = spec["encoding"]["y"]  # horizontal bars: the types on the y axis, the most events on top
    assert bars["field"] == "Ereignistyp" and bars["sort"] == {"field": "Anzahl", "order": "descending"}
    counts = at.dataframe[0].value
    types = [c for c in counts.columns if c != "Σ"]
    totals = [int(counts[c].sum()) for c in types]
    assert totals == sorted(totals, reverse=True) and types[0] == "Telefonat"
    assert list(counts["Σ"]) == sorted(counts["Σ"], reverse=True)
