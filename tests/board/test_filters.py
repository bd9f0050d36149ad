"""board.filters on the seed table: actor (names, aliases, surnames), type, status, dates, text."""
import datetime as dt

import pytest

from board.filters import EventIndex, Filters, load_aliases

from conftest import REPO

D = dt.date


@pytest.fixture
def index(seed_frame):
    return EventIndex(seed_frame, {"shoigu": "Sergej Schoigu", "schoigu": "Sergej Schoigu",
                                   "pentagon-chef": "Lloyd Austin"})


def dates(df):
    return [d.date().isoformat() for d in df["date"]]


def test_actor_filter_keeps_the_two_austin_schoigu_calls(index):
    view = index.select(Filters(actors=("Sergej Schoigu",)))
    assert dates(view) == ["2022-05-13", "2022-10-21"]
    assert set(view["event_type"]) == {"call"}


@pytest.mark.parametrize("query", ["Shoigu", "schoigu", "SERGEJ SCHOIGU", "  Sergej   Schoigu "])
def test_actor_filter_accepts_aliases_and_surnames(index, query):
    assert index.resolve_actor(query) == {"Sergej Schoigu"}
    assert dates(index.select(Filters(actors=(query,)))) == ["2022-05-13", "2022-10-21"]


def test_alias_of_an_actor_in_the_gazetteer(index):
    assert dates(index.select(Filters(actors=("Pentagon-Chef",)))) == ["2022-05-13", "2022-10-21"]


def test_several_actors_are_any_of(index):
    view = index.select(Filters(actors=("Sergej Schoigu", "Joe Biden")))
    assert dates(view) == ["2022-05-13", "2022-10-06", "2022-10-10", "2022-10-21"]


def test_unknown_actor_gives_nothing(index):
    assert index.select(Filters(actors=("Angela Merkel",))).empty


def test_date_range_keeps_overlapping_intervals(index):
    # the week 10..16 Oct overlaps 15 Oct..31 Oct; the summit (11..20 Nov) does not
    view = index.select(Filters(start=D(2022, 10, 15), end=D(2022, 10, 31)))
    assert dates(view) == ["2022-10-10", "2022-10-21"]
    assert dates(index.select(Filters(start=D(2022, 11, 15)))) == ["2022-11-11"]
    assert dates(index.select(Filters(end=D(2022, 2, 24)))) == ["2022-02-24"]


def test_type_and_status(index):
    assert dates(index.select(Filters(statuses=("planned",)))) == ["2022-11-11"]
    assert len(index.select(Filters(types=("call",)))) == 3
    assert dates(index.select(Filters(types=("call", "summit"), statuses=("happened",)))) == \
        ["2022-05-13", "2022-05-19", "2022-10-21"]


def test_full_text_search_needs_every_word(index):
    assert dates(index.select(Filters(text="notwendigkeit"))) == ["2022-10-10", "2022-11-11"]
    assert dates(index.select(Filters(text="Gerassimow Milley"))) == ["2022-05-13", "2022-05-19"]
    assert index.select(Filters(text="Gerassimow Biden")).empty


def test_view_keeps_row_labels_of_the_full_table(index):
    view = index.select(Filters(actors=("Joe Biden",)))
    for label, row in view.iterrows():
        assert index.df.loc[label, "event_id"] == row["event_id"]


def test_index_lists_actors_by_frequency_and_bounds(index):
    assert index.actors[:3] == ["Joe Biden", "Lloyd Austin", "Sergej Schoigu"]
    assert index.date_bounds == (D(2022, 2, 24), D(2022, 11, 20))
    assert index.types == ["call", "statement", "summit", "war_start"]


def test_empty_table(seed_frame):
    index = EventIndex(seed_frame.iloc[0:0])
    assert index.actors == [] and index.date_bounds == (None, None)
    assert index.select(Filters(actors=("x",), text="y")).empty


def test_aliases_come_from_the_shipped_gazetteer():
    aliases = load_aliases(REPO / "data" / "actors.yaml")
    assert aliases["shoigu"] == "Sergej Schoigu" and aliases["sergej schoigu"] == "Sergej Schoigu"
    assert aliases["zelensky"] == "Wolodymyr Selenskyj"
    assert aliases["pentagon"] == "USA" and aliases["washington"] == "USA"


def test_gazetteer_file_of_our_schema(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("people:\n  - name: Sergej Schoigu\n    aliases: [Shoigu, Schojgu]\n"
                    "states:\n  - name: Russland\n    aliases: [Moskau, Kreml]\n"
                    "organisations:\n  - {name: NATO, aliases: [Nato]}\n  - [kein, Eintrag]\n", encoding="utf-8")
    aliases = load_aliases(path)
    assert aliases["schojgu"] == "Sergej Schoigu" and aliases["kreml"] == "Russland" and aliases["nato"] == "NATO"


def test_missing_or_broken_gazetteer_is_no_aliases(tmp_path):
    assert load_aliases(tmp_path / "nope.yaml") == {}
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [unclosed\n", encoding="utf-8")
    assert load_aliases(bad) == {}
