"""Issue 15, the back end of the review: corrections kept in corrections.jsonl beside the table, keyed by the
article's content hash, the date expression's span and the event type, and re-applied by every build."""
from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.articles import read_article
from pipeline.build import build
from pipeline.corrections import (CorrectionsError, corrections_path_for, for_row, for_sentence, read_corrections,
                                  read_corrections_strict, record, rejected_path_for)
from board.export import read_csv_export, to_csv_bytes, to_json_bytes, to_timelinejs_frame
from pipeline.table import COLUMNS, read_table

from conftest import REPO

TELEFONAT = """---
title: Scholz spricht mit Selenskyj über Munition
published: 2023-03-10
source: https://example.org/scholz-selenskyj
---
Bundeskanzler Olaf Scholz hat am Donnerstag mit dem ukrainischen Präsidenten Wolodymyr Selenskyj telefoniert. \
Beide sprachen über weitere Lieferungen von Artilleriemunition.

Am 2. März hatte sich Scholz bereits in Washington mit US-Präsident Joe Biden getroffen. Die Außenminister \
der G7 wollen am 18. April in Japan zusammenkommen.
"""
# another agency's note of the same call; its id sorts first, so it represents the merged row
KURZMELDUNG = """---
title: Kanzler telefoniert mit Kiew
published: 2023-03-09
source: https://example.org/kurzmeldung-kiew
---
Bundeskanzler Olaf Scholz hat am Donnerstag mit Präsident Wolodymyr Selenskyj telefoniert, teilte ein \
Regierungssprecher in Berlin mit. Über Einzelheiten des Gesprächs wurde zunächst nichts bekannt.
"""
HILFSPAKET = """---
title: Neues Hilfspaket für die Ukraine
published: 2023-05-20
source: https://example.org/hilfspaket
---
Die Bundesregierung hat am Freitag ein weiteres Hilfspaket für die Ukraine beschlossen. Verteidigungsminister \
Boris Pistorius kündigte an, am 1. Juni nach Kiew zu reisen.
"""
MISSED = "Beide sprachen über weitere Lieferungen von Artilleriemunition."
STATES = {"machine", "confirmed", "corrected", "added"}


@pytest.fixture
def folder(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "2023-03-10_telefonat.txt").write_text(TELEFONAT, encoding="utf-8")
    return tmp_path


def _build(folder: Path):
    return build([folder / "articles"], folder / "events.parquet", workers=1, cache=False)


def _row(df: pd.DataFrame, text: str, event_type: str | None = None) -> dict:
    hits = df[df["sentence"].str.contains(text, regex=False)]
    if event_type:
        hits = hits[hits["event_type"] == event_type]
    assert len(hits) == 1, (text, df[["event_type", "sentence"]])
    return hits.iloc[0].to_dict()


def _three_corrections(folder: Path) -> None:
    """Reject the meeting, correct the call's date, add the missed sentence as a call."""
    events, _ = _build(folder)
    path = corrections_path_for(folder / "events.parquet")
    record(path, for_row("reject", _row(events, "in Washington"), note="Treffen war am 3. März"))
    record(path, for_row("correct", _row(events, "am Donnerstag", "call"), {"date": "2023-03-08"},
                         note="laut Kanzleramt am Mittwoch"))
    article = read_article(folder / "articles" / "2023-03-10_telefonat.txt")
    record(path, for_sentence(MISSED, "2023-03-09", "call", actors=["Scholz", "Selenskyj"], article=article))


def _assert_three(events: pd.DataFrame, rejected: pd.DataFrame) -> None:
    assert not events["evidence"].str.contains("in Washington").any()
    assert list(rejected["review"]) == ["rejected"] and "in Washington" in rejected["sentence"].iloc[0]
    call = _row(events, "am Donnerstag", "call")
    assert call["review"] == "corrected" and str(call["date"].date()) == "2023-03-08"
    added = _row(events, MISSED)
    assert added["review"] == "added" and added["event_type"] == "call"
    assert str(added["date"].date()) == "2023-03-09"
    assert set(added["actors"]) == {"Olaf Scholz", "Wolodymyr Selenskyj"}   # the gazetteer's names
    assert set(events["review"]) <= STATES


def test_review_columns_come_last_and_a_fresh_build_is_all_machine(folder):
    events, report = _build(folder)
    assert list(events.columns[:len(COLUMNS)]) == COLUMNS
    assert list(events.columns[-5:]) == ["sources", "n_sources", "date_conflict", "review", "review_key"]
    assert set(events["review"]) == {"machine"}
    assert not any("corrections" in line for line in report.summary().splitlines())
    assert not rejected_path_for(folder / "events.parquet").exists()


def test_corrections_survive_a_full_rebuild(folder):
    _three_corrections(folder)
    for _ in range(2):
        events, report = _build(folder)
        _assert_three(read_table(folder / "events.parquet"), read_table(folder / "rejected.parquet"))
        assert "3 of 3 corrections applied (1 reject, 1 correct, 1 add), 0 not found; 1 rejected events left out" \
            in report.summary()


def test_corrections_survive_a_rebuild_after_adding_other_articles(folder):
    _three_corrections(folder)
    (folder / "articles" / "2023-03-09_kurzmeldung.txt").write_text(KURZMELDUNG, encoding="utf-8")
    (folder / "articles" / "2023-05-20_hilfspaket.txt").write_text(HILFSPAKET, encoding="utf-8")
    events, report = _build(folder)
    _assert_three(events, read_table(folder / "rejected.parquet"))
    # the call is now told by two articles and represented by the other one; the correction keyed to the
    # first article's mention still reaches the merged row
    call = _row(events, "am Donnerstag", "call")
    assert call["n_sources"] == 2 and call["article_id"] == "2023-03-09_kurzmeldung"
    assert call["review"] == "corrected"
    assert set(events[events["article_id"] == "2023-05-20_hilfspaket"]["review"]) == {"machine"}
    assert "0 not found" in report.summary()


def test_a_correction_whose_article_changed_is_reported_with_its_old_values(folder, capsys):
    _three_corrections(folder)
    path = corrections_path_for(folder / "events.parquet")
    before = path.read_bytes()
    article = folder / "articles" / "2023-03-10_telefonat.txt"
    article.write_text(TELEFONAT.replace("in Washington", "im Weißen Haus"), encoding="utf-8")
    events, report = _build(folder)
    lines = report.summary().splitlines()
    assert "0 of 3 corrections applied, 3 not found; 0 rejected events left out" in lines
    missing = [line for line in lines if "correction not found" in line]
    assert len(missing) == 3
    reject = next(line for line in missing if " reject " in line)
    # the old values: date, type, participants, article and sentence as they were when rejected
    for part in ("2023-03-02 meeting Olaf Scholz; Joe Biden in 2023-03-10_telefonat", "in Washington",
                 "Treffen war am 3. März", "article 2023-03-10_telefonat changed"):
        assert part in reject, reject
    assert any("2023-03-08" in line and "laut Kanzleramt" in line for line in missing)
    assert path.read_bytes() == before                      # kept, for the analyst to redo
    assert set(events["review"]) == {"machine"}
    # the command line prints the same lines
    article.unlink()
    cli = subprocess.run([sys.executable, "-m", "pipeline", "build", "--articles", str(folder / "articles"),
                          "--out", str(folder / "events.parquet"), "--quiet", "--workers", "1", "--no-cache",
                          "--allow-empty"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    assert cli.stderr.count("correction not found") == 3
    assert "article removed" in cli.stderr and "in Washington" in cli.stderr


def test_a_damaged_corrections_file_is_named_and_never_overwritten_with_less(folder):
    _three_corrections(folder)
    path = corrections_path_for(folder / "events.parquet")
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1][:40]                                 # a line cut off, as by a bad merge in git
    damaged = b"\n".join(lines)
    path.write_bytes(damaged)
    with pytest.raises(CorrectionsError, match=r"corrections\.jsonl, line 2: not valid JSON"):
        read_corrections_strict(path)
    events, _ = _build(folder)
    with pytest.raises(CorrectionsError, match=r"corrections\.jsonl, line 2"):
        record(path, for_row("confirm", _row(events, "18. April")))
    assert path.read_bytes() == damaged
    # the build applies the readable lines, names the damaged one and leaves the file alone
    events, report = _build(folder)
    text = report.summary()
    assert "2 of 2 corrections applied" in text
    assert "corrections file damaged: " in text and "corrections.jsonl, line 2: not valid JSON" in text
    assert path.read_bytes() == damaged
    assert "in Washington" in read_table(folder / "rejected.parquet")["sentence"].iloc[0]


@pytest.mark.parametrize("line, problem", [
    (b'{"action": "delete", "key": {}}', "unknown action 'delete'"),
    (b'[1, 2]', "a JSON object expected"),
    (b'{"action": "reject", "key": {"article": "ab", "type": "call"}}', "needs the span"),
    (b'{"action": "correct", "key": {"article": "ab", "start": 1, "end": 4, "type": "call"}, '
     b'"change": {"date": "8. M\xc3\xa4rz"}}', "is not an ISO date"),
    (b'{"action": "correct", "key": {"article": "ab", "start": 1, "end": 4, "type": "call"}, '
     b'"change": {"sentence": "x"}}', "cannot change sentence"),
    (b'{"action": "confirm", "key": \xff}', "not UTF-8"),
    (b"[" * 100_000, "not valid JSON"),
])
def test_each_damage_is_named(tmp_path, line, problem):
    path = tmp_path / "corrections.jsonl"
    path.write_bytes(b"\n" + line + b"\n")
    corrections, problems = read_corrections(path)
    assert corrections == [] and len(problems) == 1
    assert problems[0].startswith(f"{path}, line 2: ") and problem in problems[0], problems[0]


def _writer(args) -> None:
    path, who, n = args
    from pipeline.corrections import make_key, new_correction, record as rec
    for i in range(n):
        rec(path, new_correction("confirm", make_key("ab12cd34ef56ab78", i, i + 5, "call"), note=f"{who}-{i}"))


def test_two_writers_at_once_both_keep_their_corrections(tmp_path):
    path = tmp_path / "corrections.jsonl"
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        pool.map(_writer, [(str(path), "Anna", 25), (str(path), "Ben", 25)])
    notes = [c.note for c in read_corrections_strict(path)]
    assert sorted(notes) == sorted([f"Anna-{i}" for i in range(25)] + [f"Ben-{i}" for i in range(25)])
    assert not list(tmp_path.glob(".corrections.jsonl.*"))   # no temporary file left


def test_two_sessions_of_one_page_process_both_keep_their_corrections(tmp_path):
    """Streamlit runs each browser session as a thread of one process."""
    import threading
    path = tmp_path / "corrections.jsonl"
    threads = [threading.Thread(target=_writer, args=((str(path), who, 25),)) for who in ("Carla", "Dana")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    notes = sorted(c.note for c in read_corrections_strict(path))
    assert notes == sorted([f"Carla-{i}" for i in range(25)] + [f"Dana-{i}" for i in range(25)])


def test_reject_correct_and_add_show_in_the_csv_json_and_timelinejs(folder):
    _three_corrections(folder)
    events, _ = _build(folder)
    back = read_csv_export(to_csv_bytes(events))
    assert list(back.columns[-2:]) == ["review", "review_key"]
    assert not back["sentence"].str.contains("in Washington").any()
    by_sentence = dict(zip(back["sentence"], zip(back["review"], back["date"].astype(str))))
    assert by_sentence[MISSED] == ("added", "2023-03-09")
    call = [v for s, v in by_sentence.items() if "am Donnerstag" in s]
    assert call == [("corrected", "2023-03-08")]
    assert set(back["review"]) == {"machine", "corrected", "added"}
    records = json.loads(to_json_bytes(events))
    assert {r["review"] for r in records} == {"machine", "corrected", "added"}
    texts = dict(zip(events["review"], to_timelinejs_frame(events)["Text"]))
    assert "von Hand ergänzt" in texts["added"] and "korrigiert" in texts["corrected"]
    assert "von Hand" not in texts["machine"]


def test_confirm_reject_again_and_correct_type_participants_status(folder):
    events, _ = _build(folder)
    path = corrections_path_for(folder / "events.parquet")
    summit = _row(events, "18. April")
    record(path, for_row("reject", summit))
    record(path, for_row("confirm", summit, note="doch richtig"))          # a later correction wins
    meeting = _row(events, "in Washington")
    record(path, for_row("correct", meeting, {"event_type": "summit", "actors": ["Scholz", "Biden", "Macron"],
                                              "status": "planned"}))
    record(path, for_row("confirm", meeting))                               # stays corrected
    events, report = _build(folder)
    assert _row(events, "18. April")["review"] == "confirmed"
    meeting = _row(events, "in Washington")
    assert meeting["review"] == "corrected" and meeting["event_type"] == "summit"
    assert meeting["status"] == "planned"
    assert meeting["actors"] == ["Olaf Scholz", "Joe Biden", "Emmanuel Macron"]
    assert "USA" in meeting["countries"] and "Frankreich" in meeting["countries"]
    assert "4 of 4 corrections applied" in report.summary()
    assert not rejected_path_for(folder / "events.parquet").exists()


def test_merge_two_rows_and_split_a_wrong_merge(folder):
    (folder / "articles" / "2023-03-09_kurzmeldung.txt").write_text(KURZMELDUNG, encoding="utf-8")
    events, _ = _build(folder)
    path = corrections_path_for(folder / "events.parquet")
    n = len(events)
    # the analyst holds the Washington meeting and the call for one event (to test the mechanism)
    record(path, for_row("merge", _row(events, "in Washington"), other=_row(events, "18. April")))
    merged, report = _build(folder)
    assert len(merged) == n - 1
    both = _row(merged, "in Washington")
    assert "18. April" in both["evidence"] and both["review"] == "corrected"
    # split the other agency's mention out of the call both articles told
    mentions = pd.read_parquet(folder / "mentions.parquet")
    note = mentions[mentions["article_id"] == "2023-03-09_kurzmeldung"].iloc[0].to_dict()
    record(path, for_row("split", note))
    split, report = _build(folder)
    assert len(split) == n
    calls = split[split["event_type"] == "call"]
    assert sorted(calls["n_sources"]) == [1, 1] and set(calls["review"]) == {"corrected"}
    assert "2 of 2 corrections applied (1 merge, 1 split)" in report.summary()


def test_add_a_typed_sentence_without_an_article_and_correct_it_later(folder):
    path = corrections_path_for(folder / "events.parquet")
    record(path, for_sentence("Am 24. März trafen sich die Außenminister in Brüssel.", "2023-03-24", "meeting",
                              actors=["EU"], date_text="Am 24. März", note="aus dem Radio"))
    events, _ = _build(folder)
    added = _row(events, "Außenminister in Brüssel")
    assert added["review"] == "added" and added["source"] == "Analyst" and added["article_id"] == ""
    record(path, for_row("correct", added, {"date": "2023-03-23"}))
    events, report = _build(folder)
    added = _row(events, "Außenminister in Brüssel")
    assert added["review"] == "added" and str(added["date"].date()) == "2023-03-23"
    assert "2 of 2 corrections applied" in report.summary()


def test_the_command_line_records_corrections(folder):
    _build(folder)
    events = read_table(folder / "events.parquet")
    table = str(folder / "events.parquet")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "pipeline", "review", *args, "--table", table], cwd=REPO,
                              capture_output=True, text=True, timeout=120)

    out = run("reject", _row(events, "in Washington")["event_id"], "--note", "falsch")
    assert out.returncode == 0 and "recorded reject" in out.stderr, out.stderr
    out = run("correct", _row(events, "am Donnerstag", "call")["event_id"], "--date", "2023-03-08")
    assert out.returncode == 0, out.stderr
    out = run("add", "--sentence", MISSED, "--date", "2023-03-09", "--type", "call", "--actors",
              "Scholz; Selenskyj", "--article", "2023-03-10_telefonat", "--articles-dir", str(folder / "articles"))
    assert out.returncode == 0 and "3 corrections in" in out.stderr, out.stderr
    assert run("confirm", "gibt-es-nicht").returncode == 2
    listing = run("list")
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == 3
    events, _ = _build(folder)
    _assert_three(events, read_table(folder / "rejected.parquet"))
