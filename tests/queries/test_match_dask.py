"""The matcher on a Dask cluster of 2 worker processes started here gives the bytes of a local run:
CSV and Parquet in, JSONL / CSV / Parquet out, through the CLI's --dask and the DataFrame function."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from chainkg.graph.build import build_graph  # noqa: E402
from chainkg.queries.match_batch import match_file  # noqa: E402
from chainkg.queries.match_dask import match_dataframe, match_file_dask  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_match_corpus import profiles  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      worker_dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def G():
    return build_graph()


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    texts = profiles(3000, seed=31)
    texts[7] = ""
    path = tmp_path_factory.mktemp("dask") / "companies.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp)
        w.writerow(["编号", "经营范围"])
        w.writerows((f"c{i}", t) for i, t in enumerate(texts))
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_dask_gives_the_local_output(cluster, G, table, tmp_path, suffix):
    local = tmp_path / f"local{suffix}"
    remote = tmp_path / f"dask{suffix}"
    a = match_file(G, table, local, column="经营范围", id_column="编号", workers=1)
    seen: list[int] = []
    b = match_file_dask(G, table, remote, address=cluster.scheduler_address, column="经营范围", id_column="编号",
                        blocksize=100_000, progress=seen.append)
    assert a == b and a["rows"] == 3000
    assert len(seen) >= 3  # several partitions, each matched on a worker
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(local).equals(pq.read_table(remote))
    else:
        assert local.read_bytes() == remote.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([local.name, remote.name])


def test_parquet_in_and_the_dataframe_function(cluster, G, table, tmp_path):
    import dask.dataframe as dd
    import pandas as pd
    import pyarrow.parquet as pq

    pdf = pd.read_csv(table, dtype=str, keep_default_na=False)
    src = tmp_path / "in.parquet"
    pdf.to_parquet(src, row_group_size=700)
    match_file(G, table, tmp_path / "local.jsonl", column="经营范围", workers=1)
    match_file_dask(G, src, tmp_path / "dask.jsonl", address=cluster.scheduler_address, column="经营范围")
    assert (tmp_path / "local.jsonl").read_bytes() == (tmp_path / "dask.jsonl").read_bytes()
    match_file(G, table, tmp_path / "local.parquet", column="经营范围", id_column="编号", workers=1)
    expected = pq.read_table(tmp_path / "local.parquet").to_pandas()
    here = match_dataframe(G, pdf, column="经营范围", id_column="编号")
    pd.testing.assert_frame_equal(here, expected)
    with distributed.Client(cluster.scheduler_address):
        lazy = match_dataframe(G, dd.from_pandas(pdf, npartitions=3), column="经营范围", id_column="编号")
        there = lazy.compute().reset_index(drop=True)
    # dask turns text columns into Arrow strings: the same values
    pd.testing.assert_frame_equal(there, expected, check_dtype=False)
    assert there.astype(object).fillna("NA").values.tolist() == expected.astype(object).fillna("NA").values.tolist()


def test_cli_dask_option(cluster, table, tmp_path):
    from typer.testing import CliRunner

    from chainkg.cli import app

    out = tmp_path / "x.jsonl"
    res = CliRunner().invoke(app, ["match", "--file", str(table), "--column", "经营范围", "--id-column", "编号",
                                   "--out", str(out), "--dask", cluster.scheduler_address])
    assert res.exit_code == 0, res.output
    local = tmp_path / "local.jsonl"
    match_file(build_graph(), table, local, column="经营范围", id_column="编号", workers=1)
    assert out.read_bytes() == local.read_bytes()
