"""The real `chainkg serve` (uvicorn, its own process) on a free loopback port for the test session,
stopped by its PID at the end; plus small HTTP helpers (urllib, loopback only)."""

from __future__ import annotations

import importlib.util
import json
import os
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UPLOAD_MB = 1  # the session server's upload limit: a too-large upload stays cheap to send
MAX_ROWS = 500


def bench():
    """benchmarks/bench_serve.py as a module (start_server, stop_server, free_port, load)."""
    spec = importlib.util.spec_from_file_location("bench_serve", REPO / "benchmarks" / "bench_serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Client:
    """Requests to one server, never following redirects."""

    def __init__(self, base: str) -> None:
        self.base = base

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Reply:
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
                return None

        opener = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with opener.open(req, timeout=60) as resp:
                return Reply(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
        except urllib.error.HTTPError as err:
            return Reply(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())

    def get(self, path: str, **headers: str) -> Reply:
        return self.request("GET", path, headers=headers)

    def post_json(self, path: str, obj, **headers: str) -> Reply:
        return self.request("POST", path, json.dumps(obj, ensure_ascii=False).encode("utf-8"),
                            {"Content-Type": "application/json", **headers})

    def post_form(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> Reply:
        boundary = uuid.uuid4().hex
        parts = []
        for k, v in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        for k, (name, data) in (files or {}).items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                         f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """Base URL of a `chainkg serve` started for the session (no token, upload limit 1 MB, 500 rows)."""
    b = bench()
    port = b.free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {k: v for k, v in os.environ.items() if k != "CHAINKG_TOKEN"}
    env["CHAINKG_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    proc = b.start_server(port, "--max-upload-mb", str(UPLOAD_MB), "--max-rows", str(MAX_ROWS), env=env, log=log)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        b.stop_server(proc)


@pytest.fixture(scope="session")
def client(server) -> Client:
    return Client(server)
