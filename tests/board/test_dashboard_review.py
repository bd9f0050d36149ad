"""The review in the page (issue 15), with AppTest on a copy of two German articles built by the real pipeline:
confirm, reject (and undo), correct, merge and add from the evidence panel; the review filter and its URL state;
the review queue and its keyboard shortcuts; two sessions at once; a damaged corrections file; an old table."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
import streamlit.testing.v1.app_test as app_test_module

from board.export import read_csv_export
from pipeline.corrections import read_corrections_strict
from pipeline.table import read_table

from conftest import REPO
from review_articles import CALL, HILFE_ID, MEETING, MISSED, NATO, TRAIN, built_data

APP = str(REPO / "dashboard.py")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return built_data(tmp_path_factory.mktemp("page-review") / "data", REPO)


@pytest.fixture
def data(template, tmp_path, monkeypatch):
    folder = shutil.copytree(template, tmp_path / "data")
    monkeypatch.setenv("ZEITLEISTE_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def media(monkeypatch):
    storage = MemoryMediaFileStorage("/mock/media")
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", lambda *a, **k: storage)
    return storage


def event_id(data, part) -> str:
    df = read_table(data / "events.parquet")
    hits = df[df["sentence"].str.contains(part, regex=False)]
    assert len(hits) == 1, part
    return hits.iloc[0]["event_id"]


def page(picked=None, query=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(query or {})
    if picked:
        at.session_state["picked"] = picked
    return at.run()


def count_line(at) -> str:
    return at.markdown[0].value


def states(data) -> dict[str, str]:
    df = read_table(data / "events.parquet")
    return {s: r for s, r in zip(df["sentence"], df["review"])}


def state_of(data, part) -> str:
    hits = [r for s, r in states(data).items() if part in s]
    assert len(hits) == 1, part
    return hits[0]


def event_table(at):
    """The event table (its key changes after each review action, so the browser drops its selection)."""
    (table,) = [d for d in at.dataframe if str(d.key).startswith("table")]
    return table


def card(at) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_reject_from_the_evidence_panel_then_undo(data):
    train = event_id(data, TRAIN)
    at = page(train)
    assert not at.exception and count_line(at) == "6 von 6 Ereignissen"
    assert 'data-review="machine"' in card(at)
    at.button(key=f"rv_reject_{train}").click().run()
    assert not at.exception
    assert count_line(at) == "5 von 5 Ereignissen"
    assert any("Gespeichert (verworfen)" in s.value for s in at.success)
    assert TRAIN not in " ".join(read_table(data / "events.parquet")["sentence"])
    table = event_table(at).value
    assert len(table) == 5 and TRAIN not in " ".join(table["Belegsatz"])
    # listed as rejected, with an undo
    assert any(e.label == "Verworfene Ereignisse (1)" for e in at.expander)
    rejected = [d.value for d in at.dataframe if not str(d.key).startswith("table")]
    assert len(rejected) == 1 and TRAIN in " ".join(rejected[0]["Belegsatz"])
    assert set(rejected[0]["Prüfung"]) == {"verworfen"}
    at.button(key="rv_undo_go").click().run()
    assert not at.exception and count_line(at) == "6 von 6 Ereignissen"
    assert state_of(data, TRAIN) == "confirmed"
    assert [c.action for c in read_corrections_strict(data / "corrections.jsonl")] == ["reject", "confirm"]


def test_correct_the_date_type_and_participants_in_the_form(data):
    meeting = event_id(data, MEETING)
    at = page(meeting)
    prefix = f"rv_fix_{meeting}"
    assert at.date_input(key=f"{prefix}_date").value == dt.date(2023, 4, 13)
    assert at.selectbox(key=f"{prefix}_type").value == "meeting"
    at.button(key=f"{prefix}_go").click().run()                   # nothing changed: said, nothing written
    assert any(w.value == "Nichts geändert." for w in at.warning)
    assert not (data / "corrections.jsonl").exists()
    at.date_input(key=f"{prefix}_date").set_value(dt.date(2023, 4, 12)).run()
    at.selectbox(key=f"{prefix}_type").set_value("negotiation").run()
    at.multiselect(key=f"{prefix}_actors").set_value(["Annalena Baerbock", "Dmytro Kuleba",
                                                      "Wolodymyr Selenskyj"]).run()
    at.text_input(key=f"rv_note_{meeting}").set_value("laut Auswärtigem Amt schon am Mittwoch").run()
    at.button(key=f"{prefix}_go").click().run()
    assert not at.exception
    df = read_table(data / "events.parquet")
    row = df[df["sentence"].str.contains(MEETING, regex=False)].iloc[0]
    assert (str(row["date"].date()), str(row["end"].date()), row["precision"]) == ("2023-04-12", "2023-04-12", "day")
    assert row["event_type"] == "negotiation" and row["review"] == "corrected"
    assert "Wolodymyr Selenskyj" in row["actors"]
    (c,) = read_corrections_strict(data / "corrections.jsonl")
    assert c.note == "laut Auswärtigem Amt schon am Mittwoch" and c.old["date"] == "2023-04-13"
    # the table and the evidence card show the state
    table = event_table(at).value
    assert "korrigiert" in set(table["Prüfung"])
    assert 'data-review="corrected"' in card(at)
    # an end before the date is refused with the page's words
    at.date_input(key=f"{prefix}_end").set_value(dt.date(2023, 4, 1)).run()
    at.selectbox(key=f"{prefix}_precision").set_value("range").run()
    at.button(key=f"{prefix}_go").click().run()
    assert any("liegt vor dem Datum" in w.value for w in at.warning)
    assert len(read_corrections_strict(data / "corrections.jsonl")) == 1


def test_add_a_missed_event_from_a_sentence_of_a_stored_article(data, media):
    at = page()
    at.selectbox(key="rv_add_article").set_value(HILFE_ID).run()
    sentences = at.selectbox(key=f"rv_add_sentence_{HILFE_ID}").options
    assert MISSED in sentences
    at.selectbox(key=f"rv_add_sentence_{HILFE_ID}").set_value(MISSED).run()
    at.button(key="rv_add_go").click().run()                       # no type, no date yet
    assert any(w.value == "Bitte einen Ereignistyp wählen." for w in at.warning)
    at.selectbox(key="rv_add_type").set_value("statement").run()
    at.button(key="rv_add_go").click().run()
    assert any(w.value == "Bitte ein Datum angeben." for w in at.warning)
    assert not (data / "corrections.jsonl").exists()
    at.date_input(key="rv_add_date").set_value(dt.date(2023, 4, 18)).run()
    at.multiselect(key="rv_add_actors").set_value(["Selenskyj"]).run()
    at.button(key="rv_add_go").click().run()
    assert not at.exception and count_line(at) == "7 von 7 Ereignissen"
    assert state_of(data, MISSED) == "added"
    df = read_table(data / "events.parquet")
    added = df[df["review"] == "added"].iloc[0]
    assert added["actors"] == ["Wolodymyr Selenskyj"] and added["article_id"] == HILFE_ID
    # the form is empty again for the next one
    assert at.selectbox(key="rv_add_article").value == ""
    # a typed sentence whose date the page finds itself
    at.text_area(key="rv_add_typed").set_value("Am 20. April 2023 telefonierte Scholz mit Selenskyj.").run()
    assert at.date_input(key="rv_add_date").value == dt.date(2023, 4, 20)
    assert at.text_input(key="rv_add_date_text").value == "20. April 2023"
    at.selectbox(key="rv_add_type").set_value("call").run()
    at.button(key="rv_add_go").click().run()
    assert count_line(at) == "8 von 8 Ereignissen"
    back = read_csv_export(at.download_button(key="dl_download_csv").proto.url and
                           media.get_file(at.download_button(key="dl_download_csv").proto.url.rsplit("/", 1)[1]).content)
    assert sorted(back["review"]) == ["added", "added"] + ["machine"] * 6
    assert "Analyst" in set(back["source"])


def test_merge_two_rows_and_split_them_again_from_the_panel(data):
    """Baerbock's arrival by night train is part of her visit: one event."""
    train = event_id(data, TRAIN)
    at = page(train)
    box = at.selectbox(key=f"rv_merge_{train}")
    # the events near its date, formatted as text: date, type, participants, article and sentence
    assert box.options[0].startswith("13.04.2023 · Treffen · Annalena Baerbock, Dmytro Kuleba")
    box.select_index(0).run()
    at.button(key=f"rv_merge_{train}_go").click().run()
    assert not at.exception and count_line(at) == "5 von 5 Ereignissen"
    df = read_table(data / "events.parquet")
    merged = df[df["evidence"].str.contains("Nachtzug", regex=False)].iloc[0]
    assert "Kuleba" in merged["evidence"] and merged["review"] == "corrected"
    (c,) = read_corrections_strict(data / "corrections.jsonl")
    assert c.action == "merge" and c.change["with"]["type"] == "meeting"
    # split the wrong merge again: the merged event offers its two reports
    at = page(merged["event_id"])
    split = at.selectbox(key=f"rv_split_{merged['event_id']}")
    assert len(split.options) == 2
    train_report = [i for i, o in enumerate(split.options) if "Nachtzug" in o]
    split.select_index(train_report[0]).run()
    at.button(key=f"rv_split_{merged['event_id']}_go").click().run()
    assert not at.exception and count_line(at) == "6 von 6 Ereignissen"
    assert [c.action for c in read_corrections_strict(data / "corrections.jsonl")] == ["merge", "split"]
    assert state_of(data, TRAIN) == "corrected" and state_of(data, MEETING) == "corrected"


def test_review_filter_and_its_url(data):
    call = event_id(data, CALL)
    at = page(call)
    at.button(key=f"rv_confirm_{call}").click().run()
    at.radio(key="review").set_value("reviewed").run()
    assert count_line(at) == "1 von 6 Ereignissen"
    assert at.query_params.get("review") in ("reviewed", ["reviewed"])
    at = page(query={"review": "needs_review"})
    assert at.radio(key="review").value == "needs_review" and count_line(at) == "5 von 6 Ereignissen"
    at = page(query={"review": "nur geprüfte", "lang": "de"})      # a label in the URL names the key too
    assert at.radio(key="review").value == "reviewed"
    at = page(query={"review": "reviewed", "lang": "en"})
    assert at.markdown[0].value == "1 of 6 events"


def test_the_queue_shows_the_least_sure_first_with_shortcuts(data):
    at = page(query={"view": "review"})
    assert not at.exception
    assert "6 Ereignisse dieser Auswahl sind noch zu prüfen" in " ".join(m.value for m in at.markdown)
    train = event_id(data, TRAIN)                                      # confidence 0.4: first
    assert [b.key for b in at.button if str(b.key).startswith("rv_confirm_")] == [f"rv_confirm_{train}"]
    assert "Nachtzug" in card(at)
    confirm, reject, skip = (at.button(key=f"rv_{a}_{train}") for a in ("confirm", "reject", "skip"))
    assert (confirm.proto.shortcut, reject.proto.shortcut, skip.proto.shortcut) == ("b", "v", "n")
    assert any("Tasten: B bestätigen, V verwerfen, N überspringen" in c.value for c in at.caption)
    skip.click().run()
    # confirm the one shown now: the queue moves on and the skipped one comes back last
    shown = [b.key for b in at.button if str(b.key).startswith("rv_confirm_")]
    assert len(shown) == 1 and shown != [f"rv_confirm_{train}"]
    at.button(key=shown[0]).click().run()
    assert "5 Ereignisse dieser Auswahl sind noch zu prüfen" in " ".join(m.value for m in at.markdown)
    assert list(states(data).values()).count("confirmed") == 1
    at.button(key=[b.key for b in at.button if str(b.key).startswith("rv_reject_")][0]).click().run()
    assert len(read_table(data / "events.parquet")) == 5
    en = page(query={"view": "review", "lang": "en"})
    assert any("Keys: Y confirm, X reject, N skip" in c.value for c in en.caption)


def test_two_sessions_reviewing_at_once_both_keep_their_corrections(data):
    """Two analysts open the page on the same table; each acts on the page as it was drawn for them."""
    train, call = event_id(data, TRAIN), event_id(data, CALL)
    anna, ben = page(train), page(call)
    anna.button(key=f"rv_reject_{train}").click().run()
    ben.button(key=f"rv_confirm_{call}").click().run()   # Ben's page still showed Anna's event
    assert not anna.exception and not ben.exception
    assert [c.action for c in read_corrections_strict(data / "corrections.jsonl")] == ["reject", "confirm"]
    assert state_of(data, CALL) == "confirmed" and TRAIN not in " ".join(states(data))
    assert count_line(ben) == "5 von 5 Ereignissen"
    assert count_line(anna.run()) == "5 von 5 Ereignissen"


def test_a_damaged_corrections_file_is_named_and_left_as_it_is(data):
    damaged = b'{"action": "reject", "key": {"article": "ab"\n'
    (data / "corrections.jsonl").write_bytes(damaged)
    nato = event_id(data, NATO)
    at = page(nato)
    at.button(key=f"rv_confirm_{nato}").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("Die Korrektur konnte nicht gespeichert werden" in e and "corrections.jsonl, line 1" in e
               for e in errors), errors
    assert (data / "corrections.jsonl").read_bytes() == damaged
    assert state_of(data, NATO) == "machine"


def test_a_table_built_before_the_review_explains_and_does_not_crash(data_dir):
    """The hand-made seed table has no review keys."""
    table = read_table(data_dir / "events.parquet")
    at = page(table["event_id"].iloc[1])
    assert not at.exception
    assert any("keine Prüfschlüssel" in i.value for i in at.info)
    assert set(event_table(at).value["Prüfung"]) == {"maschinell"}
    at = page(query={"view": "review"})
    assert not at.exception and any("keine Prüfschlüssel" in i.value for i in at.info)
