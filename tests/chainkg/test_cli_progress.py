"""The batch progress bar as a user sees it in a terminal: rows done, rows/s and an ETA."""

from __future__ import annotations

import csv
import os
import pty
import re
import select
import subprocess
import sys
import time


def test_the_batch_bar_shows_rows_per_second_and_an_eta(tmp_path):
    src = tmp_path / "list.csv"
    with src.open("w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp)
        w.writerow(["id", "text"])
        texts = ["重庆某某科技有限公司，主营磷酸铁锂电芯及电池包PACK", "A bakery in Chongqing", "做车载激光雷达的，想找园区"]
        w.writerows((i, f"{texts[i % 3]} {i}") for i in range(60_000))
    out = tmp_path / "ranked.jsonl"
    # a pseudo-terminal: rich draws the bar only on a terminal
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "chainkg", "match", "--file", str(src), "--column", "text",
                             "--out", str(out), "-j", "1"], stdin=subprocess.DEVNULL, stdout=follower,
                            stderr=follower, env={**os.environ, "COLUMNS": "160", "CHAINKG_NO_CACHE": "1"})
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=60)
    os.close(leader)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", seen.decode("utf-8", "replace"))
    assert proc.returncode == 0, text[-2000:]
    # while it runs: done/total rows, a measured rate and the time left
    bar = re.search(r"matching .*?(\d+)/60000 +([\d,]+) rows/s +ETA +(\d+:\d\d:\d\d)", text)
    assert bar, text[-2000:]
    assert int(bar.group(2).replace(",", "")) > 0
    assert f"{out}: 60000 rows" in text
    assert sum(1 for _ in out.open(encoding="utf-8")) == 60000
