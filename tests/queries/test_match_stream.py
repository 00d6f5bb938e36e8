"""Batch files on one machine: chunked reading gives the rows of the whole-file reader, the streamed
output is byte for byte the answers of one-at-a-time matching whatever the workers and chunks, and
Ctrl-C leaves no output, no temporary file and no worker behind."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chainkg.errors import InputError
from chainkg.graph.build import build_graph
from chainkg.loaders.companies import open_company_table, read_company_table
from chainkg.queries.match import match_profile
from chainkg.queries.match_batch import match_file

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from bench_match_corpus import profiles  # noqa: E402


@pytest.fixture(scope="module")
def G():
    return build_graph()


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    """6,000 real-style profiles (so the tuned automaton and the pool are used), with empty texts,
    a blank line and a fully blank row."""
    texts = profiles(6000, seed=19)
    texts[5] = texts[4000] = ""
    path = tmp_path_factory.mktemp("stream") / "companies.csv"
    with path.open("w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp)
        w.writerow(["编号", "经营范围"])
        for i, t in enumerate(texts):
            w.writerow([f"c{i}", t])
            if i == 100:
                fp.write("\r\n")
                w.writerow(["", ""])
    return path


def _expected_jsonl(G, path: Path) -> bytes:
    lines = []
    for row in read_company_table(path, column="经营范围", id_column="编号"):
        if row.text.strip():
            r = match_profile(G, row.text, top=3)
            d = {"id": row.id, **r.as_dict(), "note": r.note}
        else:
            d = {"id": row.id, "query": row.text, "categories": [], "results": [], "note": "空白文本，无法匹配"}
        lines.append(json.dumps(d, ensure_ascii=False) + "\n")
    return "".join(lines).encode()


@pytest.mark.parametrize(("workers", "chunk"), [(1, 5000), (2, 700), (3, 5000)])
def test_streamed_jsonl_is_one_at_a_time_matching(G, table, tmp_path, workers, chunk):
    out = tmp_path / "out.jsonl"
    counts = match_file(G, table, out, column="经营范围", id_column="编号", workers=workers, chunk=chunk)
    assert counts["rows"] == 6000
    assert out.read_bytes() == _expected_jsonl(G, table)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_streamed_tables_are_the_same_whatever_the_workers(G, table, tmp_path, suffix):
    one = match_file(G, table, tmp_path / f"one{suffix}", column="经营范围", workers=1)
    two = match_file(G, table, tmp_path / f"two{suffix}", column="经营范围", workers=2, chunk=1500)
    assert one == two
    if suffix == ".csv":
        assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        a, b = pq.read_table(tmp_path / "one.parquet"), pq.read_table(tmp_path / "two.parquet")
        assert a.equals(b) and a.num_rows == 6000
    else:
        from openpyxl import load_workbook

        rows = [list(load_workbook(tmp_path / f"{n}.xlsx", read_only=True).worksheets[0].iter_rows(values_only=True))
                for n in ("one", "two")]
        assert rows[0] == rows[1] and len(rows[0]) == 6001


@pytest.mark.parametrize(("content", "encoding"), [
    ("id;经营范围;x\r\nc1;动力电池;\r\n\r\n;;\r\nc2;\"激光\n雷达\";y\r\nc3; 电芯 ;\r\n", "utf-8-sig"),
    ("\n\n编号,名称,产品\nc1,甲,电芯\n,,\nc2,乙,\"雷达\r\n系统\"\rc3,丙,SiC\n", "gb18030"),
])
@pytest.mark.parametrize("chunk", [1, 2, 100])
def test_chunks_are_the_rows_of_the_whole_file_reader(tmp_path, content, encoding, chunk):
    p = tmp_path / "t.csv"
    p.write_bytes(content.encode(encoding) if encoding != "utf-8-sig" else b"\xef\xbb\xbf" + content.encode())
    for column, id_column in [(None, None), (None, "编号" if encoding == "gb18030" else "id"), ("x", None)]:
        try:
            whole = read_company_table(p, column=column, id_column=id_column)
        except InputError as err:  # the same error, before any chunk
            with pytest.raises(InputError) as streamed:
                open_company_table(p, column=column, id_column=id_column, chunk=chunk)
            assert str(streamed.value) == str(err)
            continue
        chunks = list(open_company_table(p, column=column, id_column=id_column, chunk=chunk).chunks())
        assert [r for c in chunks for r in c] == whole
        assert all(0 < len(c) <= chunk for c in chunks)


def test_parquet_in_gives_the_rows_of_the_csv(G, table, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = read_company_table(table, column="经营范围", id_column="编号")
    pq.write_table(pa.table({"编号": [r.id for r in rows], "经营范围": [r.text for r in rows]}), tmp_path / "in.parquet",
                   row_group_size=1000)
    match_file(G, tmp_path / "in.parquet", tmp_path / "a.jsonl", column="经营范围", id_column="编号", workers=2)
    match_file(G, table, tmp_path / "b.jsonl", column="经营范围", id_column="编号", workers=1)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


def test_ctrl_c_leaves_no_output_no_temp_file_no_worker(tmp_path):
    texts = profiles(2000, seed=29)
    src = tmp_path / "big.csv"
    with src.open("w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp)
        w.writerow(["id", "text"])
        w.writerows((i, texts[i % len(texts)] + str(i)) for i in range(400_000))
    out = tmp_path / "x.jsonl"
    # as in a terminal: SIGINT at its default (a background job of a non-interactive shell — CI started
    # with & — inherits it ignored, and Python then never turns it into KeyboardInterrupt)
    proc = subprocess.Popen([sys.executable, "-m", "chainkg", "match", "--file", str(src), "--column", "text",
                             "--out", str(out), "-j", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "CHAINKG_NO_CACHE": "1"},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    workers: list[int] = []
    # wait until it writes: a temporary output exists and has grown
    while time.monotonic() < deadline:
        temps = [p for p in tmp_path.iterdir() if p.name.startswith(".x.jsonl.")]
        if temps and temps[0].stat().st_size > 0:
            workers = _children(proc.pid)
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the batch never started writing")
    assert len(workers) >= 2
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # hung: leave no process behind to load the machine
        for pid in workers + [proc.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the batch did not end within 60 s of Ctrl-C")
    assert proc.returncode == 130, err
    assert "Traceback" not in err.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]
    time.sleep(0.2)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()
             and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()]
    assert alive == []
