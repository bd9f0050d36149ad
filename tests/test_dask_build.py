"""The Dask path gives the identical table to the local path; a cluster that cannot run the build says so."""
import dask
import distributed
import pandas as pd
import pytest

from pipeline.build import build
from pipeline.parallel import ClusterError, check_workers

from test_build_fake import fake_extract
from test_build_pipeline import CALL, article, many


def test_dask_cluster_equals_local(tmp_path):
    arts = tmp_path / "a"
    many(arts, 60)
    local, _ = build(arts, tmp_path / "l" / "events.parquet", func=fake_extract, workers=1, cache=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        remote, report = build(arts, tmp_path / "d" / "events.parquet", func=fake_extract,
                               scheduler=client, chunk_size=7, cache=False)
        by_address, _ = build(arts, tmp_path / "e" / "events.parquet", func=fake_extract,
                              scheduler=cluster.scheduler_address, chunk_size=11, cache=False)
    pd.testing.assert_frame_equal(local, remote)
    pd.testing.assert_frame_equal(local, by_address)
    assert report.articles == 60 and not report.problems


def test_worker_processes_get_the_articles_shipped(tmp_path):
    """A worker in its own process (as on another machine): the articles and the step travel pickled
    with the tasks, and the table is the local one, including a merge across two articles."""
    arts = tmp_path / "a"
    many(arts, 40)
    article(arts, "merged.txt", CALL, source="https://zeit.example/y")
    article(arts, "merged2.txt", CALL.replace("Austin telefonierte", "Der Minister sprach"),
            source="https://spiegel.example/x")
    local, _ = build(arts, tmp_path / "l" / "events.parquet", func=fake_extract, workers=1, cache=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster:
        remote, report = build(arts, tmp_path / "d" / "events.parquet", func=fake_extract,
                               scheduler=cluster.scheduler_address, chunk_size=9)
    pd.testing.assert_frame_equal(local, remote)
    assert report.articles == 42 and not report.problems
    assert (remote[remote.sentence.str.startswith("Austin telefonierte")].n_sources == 2).all()


def test_workers_with_other_rules_are_refused():
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert check_workers(client) == 1  # same code in the same process
        with pytest.raises(ClusterError, match="other pipeline code or rule files"):
            check_workers(client, expected="not-this-key")


def test_cli_unreachable_scheduler_is_a_clear_error(tmp_path, capsys, monkeypatch):
    import pipeline.build as b
    from pipeline.__main__ import main

    real = b.build
    monkeypatch.setattr("pipeline.__main__.build", lambda *args, **kw: real(*args, **dict(kw, func=fake_extract)))

    arts = tmp_path / "a"
    article(arts, "a.txt", CALL)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(["build", "--articles", str(arts), "--out", str(tmp_path / "events.parquet"), "--quiet",
                     "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2 and "error:" in capsys.readouterr().err
    assert not (tmp_path / "events.parquet").exists()


def test_dask_equals_local_with_the_real_extractor(tmp_path):
    """The default per-article step (pipeline.events) through Dask: the same table as the local build."""
    import shutil

    from conftest import SEED

    arts = tmp_path / "a"
    arts.mkdir()
    shutil.copy(SEED, arts / SEED.name)
    article(arts, "zeit.txt", "Der russische Verteidigungsminister Sergej Schoigu und sein US-Kollege Lloyd Austin "
            "haben am 21. Oktober miteinander telefoniert, wie beide Ministerien bestätigten.",
            published="2022-10-22", source="https://zeit.example/pentagon-moskau")
    local, _ = build(arts, tmp_path / "l" / "events.parquet", workers=1, cache=False)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        remote, report = build(arts, tmp_path / "d" / "events.parquet", scheduler=cluster.scheduler_address,
                               chunk_size=1, cache=False)
    pd.testing.assert_frame_equal(local, remote)
    assert report.articles == 2 and len(local) >= 7 and (local.n_sources == 2).sum() == 1
