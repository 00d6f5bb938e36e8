"""`python -m chainkg.graph.localserver falkordb`: the light server a user without Java runs; it prints
its URL and stops its server on SIGTERM/Ctrl-C. (`… neo4j`: tests/graph/test_db_neo4j.py.)"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_localserver_prints_its_url_serves_and_stops(tmp_path) -> None:
    from falkordb import FalkorDB

    proc = subprocess.Popen([sys.executable, "-m", "chainkg.graph.localserver", "falkordb", "--dir", str(tmp_path)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = proc.stdout.readline()
        m = re.match(r"FALKORDB_URL=redis://127\.0\.0\.1:(\d+)$", line)
        assert m, line
        port = int(m.group(1))
        graph = FalkorDB(host="127.0.0.1", port=port).select_graph("t")
        assert graph.query("RETURN 1 + 1").result_set == [[2]]
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(15) == 0
    assert list(tmp_path.glob("falkordb-*.log")), "the server wrote its log into --dir"
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        still_up = True
    except OSError:
        still_up = False
    assert not still_up, "the redis-server was stopped with the wrapper"
