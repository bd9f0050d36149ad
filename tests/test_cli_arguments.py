"""Typos on the command line stop the build with a clear error (exit 2) and never wipe the table."""
import subprocess
import sys

import pytest

from pipeline.table import read_table

from conftest import REPO, SEED


def run(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def built(tmp_path):
    """An articles folder with the seed and a table of its events beside it."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "events.parquet"
    assert run("build", "--articles", str(articles), "--out", str(out), "--quiet").returncode == 0
    return articles, out


@pytest.mark.parametrize("args, named", [
    (["--articles", "{tmp}/artciles"], "artciles"),
    (["--chunk-size", "-5", "--no-cache"], "-5"),
    (["--chunk-size", "0"], "'0'"),
    (["--workers", "0"], "'0'"),
    (["--scheduler", "garbage://x"], "garbage://x"),
    (["--scheduler", ""], "''"),
])
def test_bad_argument_is_named_and_the_table_kept(built, args, named):
    articles, out = built
    before = out.read_bytes()
    args = [a.replace("{tmp}", str(articles.parent)) for a in args]
    if "--articles" not in args:
        args = ["--articles", str(articles)] + args
    proc = run("build", *args, "--out", str(out), "--quiet")
    assert proc.returncode == 2, proc.stderr
    assert named in proc.stderr and "Traceback" not in proc.stderr
    assert out.read_bytes() == before


def test_an_empty_input_does_not_replace_a_table_unless_asked(built):
    articles, out = built
    empty = articles.parent / "empty"
    empty.mkdir()
    proc = run("build", "--articles", str(empty), "--out", str(out), "--quiet")
    assert proc.returncode == 2 and "--allow-empty" in proc.stderr and "Traceback" not in proc.stderr
    assert len(read_table(out)) == 7
    proc = run("build", "--articles", str(empty), "--out", str(out), "--quiet", "--allow-empty")
    assert proc.returncode == 0, proc.stderr
    assert len(read_table(out)) == 0
