"""The command line on the shipped seed article, run as a user would run it."""
import csv
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline.table import COLUMNS, read_table

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "articles" / "2022-10-21_austin-schoigu-telefonat.txt"

EXPECTED = {  # (date, end, event_type, actors) of DESIGN.md's worked example
    ("2022-02-24", "2022-02-24", "war_start", "Russland; Ukraine"),
    ("2022-05-13", "2022-05-13", "call", "Lloyd Austin; Sergej Schoigu"),
    ("2022-05-19", "2022-05-19", "call", "Mark Milley; Waleri Gerassimow"),
    ("2022-10-06", "2022-10-06", "statement", "Joe Biden"),
    ("2022-10-21", "2022-10-21", "call", "Lloyd Austin; Sergej Schoigu"),
    ("2022-11-11", "2022-11-20", "summit", "G20"),
}


def run(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_extract_prints_the_seven_seed_events():
    proc = run("extract", str(SEED), "--published", "2022-10-21", "--csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert list(rows[0].keys())[:len(COLUMNS)] == COLUMNS
    assert len(rows) == 7
    got = {(r["date"], r["end"], r["event_type"], "; ".join(sorted(r["actors"].split("; ")))) for r in rows}
    assert EXPECTED <= got
    week = [r for r in rows if r["date"] == "2022-10-10"]
    assert len(week) == 1 and week[0]["end"] == "2022-10-16" and week[0]["precision"] == "week"
    assert {"Wladimir Putin", "Joe Biden"} <= set(week[0]["actors"].split("; "))
    summit = next(r for r in rows if r["event_type"] == "summit")
    assert summit["status"] == "planned" and summit["timex"] == "2022-11 MID"


def test_extract_table_view_is_readable():
    proc = run("extract", str(SEED))
    assert proc.returncode == 0, proc.stderr
    assert "Sergej Schoigu" in proc.stdout and "2022-11-11" in proc.stdout


def test_extract_rejects_a_bad_date_option():
    proc = run("extract", str(SEED), "--published", "21.10.2022")
    assert proc.returncode != 0 and "ISO date" in proc.stderr


def test_build_writes_the_table(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "events.parquet"
    proc = run("build", "--articles", str(articles), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    df = read_table(out)
    assert len(df) == 7
    assert list(df.columns[:len(COLUMNS)]) == COLUMNS
    assert (df["article_id"] == SEED.stem).all()
    assert df["event_id"].is_unique
    # the same input gives the same ids on a second run
    out2 = tmp_path / "again.parquet"
    assert run("build", "--articles", str(articles), "--out", str(out2)).returncode == 0
    pd.testing.assert_series_equal(read_table(out2)["event_id"], df["event_id"])
