"""Load on `chainkg serve`: N requests from C concurrent clients over loopback; p50/p95 latency.

Run: python benchmarks/bench_serve.py [--requests 200] [--clients 20] [--url http://127.0.0.1:PORT]

Without --url it starts `chainkg serve` on a free loopback port, waits for it, runs the load and
stops it (by its PID). The mix: 70% `POST /api/match` (profiles of different lengths), 15% the
server-rendered match page `/match?text=…`, 15% `GET /api/districts`. Each client keeps one
connection open (as a browser would). Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parent.parent
PROFILES = [
    "重庆某某科技有限公司，主营磷酸铁锂电芯及电池包PACK；一般项目：技术开发；货物进出口",
    "碳化硅SiC MOSFET功率器件",
    "激光雷达与毫米波雷达研发制造",
    "氢燃料电池电堆及膜电极",
    "汽车座椅、内饰件及仪表板总成的设计与生产；模具制造；货物进出口；技术服务、技术开发、技术咨询",
    "Manufacturer of traction motors and motor controllers (inverters) for electric vehicles",
    "面包烘焙连锁店",
    "一般项目：软件开发；信息系统集成服务；车联网平台、自动驾驶算法软件；数据处理和存储支持服务",
]


def _request(k: int) -> tuple[str, str, bytes | None, dict[str, str]]:
    text = PROFILES[k % len(PROFILES)]
    if k % 20 in (3, 9, 15):
        return "GET", "/api/districts", None, {}
    if k % 20 in (5, 11, 17):
        return "GET", f"/match?text={quote(text)}&top=5", None, {}
    body = json.dumps({"text": text, "top": 5}, ensure_ascii=False).encode("utf-8")
    return "POST", "/api/match", body, {"Content-Type": "application/json"}


def load(base: str, requests: int = 200, clients: int = 20, timeout: float = 30.0) -> list[tuple[int, float]]:
    """Send ``requests`` requests from ``clients`` threads; (status, seconds) per request (status 0 = failed)."""
    parts = urlsplit(base)
    assert parts.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    counter = iter(range(requests))

    def client() -> None:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        while True:
            with lock:
                k = next(counter, None)
            if k is None:
                break
            method, path, body, headers = _request(k)
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
                status = 0
            with lock:
                results.append((status, time.perf_counter() - t0))
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, *args: str, env: dict[str, str] | None = None, log: Path | None = None) -> subprocess.Popen:
    """`chainkg serve` on 127.0.0.1:port; returns once it answers /healthz (or raises)."""
    env = env if env is not None else {k: v for k, v in os.environ.items() if k != "CHAINKG_TOKEN"}
    out = log.open("wb") if log else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "-m", "chainkg", "serve", "--port", str(port), *args],
                            stdout=out, stderr=subprocess.STDOUT if log else subprocess.DEVNULL, env=env, cwd=REPO)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chainkg serve exited with {proc.returncode}" + (f": {log.read_text()}" if log else ""))
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 303):
                return proc
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError("chainkg serve did not answer within 90 s")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop the server by its PID (SIGTERM, then SIGKILL after 10 s)."""
    if proc.poll() is None:
        os.kill(proc.pid, 15)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, 9)
            proc.wait(5)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--url", help="a running server (loopback); default: start one")
    ap.add_argument("--rounds", type=int, default=3, help="repeat the load; each round reported")
    args = ap.parse_args()
    proc = None
    base = args.url
    if base is None:
        port = free_port()
        proc = start_server(port)
        base = f"http://127.0.0.1:{port}"
    try:
        load(base, 40, 4)  # warm-up: first-use caches
        for r in range(args.rounds):
            t0 = time.perf_counter()
            res = load(base, args.requests, args.clients)
            wall = time.perf_counter() - t0
            ok = sum(1 for s, _ in res if s == 200)
            ms = [t * 1000 for _, t in res]
            print(f"round {r + 1}: {ok}/{len(res)} ok, {args.clients} clients, p50 {statistics.median(ms):.1f} ms, "
                  f"p95 {percentile(ms, 95):.1f} ms, max {max(ms):.1f} ms, {len(res) / wall:.0f} req/s")
    finally:
        if proc is not None:
            stop_server(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
