"""The Dask path gives the identical table to the local path."""
import pandas as pd


import distributed  # noqa: E402

from pipeline.build import build  # noqa: E402

from test_build_fake import fake_extract  # noqa: E402
from test_build_pipeline import many  # noqa: E402


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
