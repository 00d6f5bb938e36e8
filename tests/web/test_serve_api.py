"""`chainkg serve` over HTTP (the real server, see conftest.py): the API answers equal the CLI's
`--json`, batch files equal `chainkg match --file`, bad input is a one-line 4xx and the server keeps
serving, the token and the loopback default, escaping and headers, and a bounded load."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from chainkg.cli import app
from tests.web.conftest import MAX_ROWS, REPO, UPLOAD_MB, Client, bench

BLIND = REPO / "tests" / "queries" / "fixtures" / "profiles_blind.csv"
PROFILES = [
    "重庆某某科技有限公司，主营磷酸铁锂电芯及电池包PACK；一般项目：技术开发；货物进出口",
    "碳化硅SiC MOSFET功率器件",
    "We design and manufacture hairpin permanent-magnet synchronous traction motors for passenger EVs.",
    "面包烘焙连锁店",
    "主營激光雷達 <b>及</b> 毫米波雷達",
]


def cli_json(*args: str):
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def works(client: Client) -> None:
    """The server still answers a good request."""
    r = client.post_json("/api/match", {"text": "激光雷达", "top": 1})
    assert r.status == 200 and r.json()["results"][0]["district"] == "渝北区"


@pytest.mark.parametrize("text", PROFILES)
@pytest.mark.parametrize("top", [1, 5])
def test_api_match_is_exactly_the_cli_json(client, text, top):
    r = client.post_json("/api/match", {"text": text, "top": top})
    assert r.status == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json() == cli_json("match", text, "--top", str(top))


def test_api_match_in_english_equals_the_cli(client):
    r = client.post_json("/api/match", {"text": PROFILES[0], "top": 3, "lang": "en"})
    assert r.json() == cli_json("match", PROFILES[0], "--top", "3", "--lang", "en")


@pytest.mark.parametrize(("path", "args"), [
    ("/api/districts", ["districts"]),
    ("/api/districts/" + quote("璧山"), ["district", "璧山"]),
    ("/api/districts/Bishan", ["district", "Bishan"]),
    ("/api/overlaps", ["overlaps"]),
    ("/api/overlaps?level=category&top=0", ["overlaps", "--level", "category", "--top", "0"]),
    ("/api/overlaps?lang=en&top=5", ["overlaps", "--lang", "en", "--top", "5"]),
    ("/api/gaps", ["gaps"]),
    ("/api/gaps?lang=en", ["gaps", "--lang", "en"]),
    ("/api/collab", ["collab"]),
    ("/api/collab?district=" + quote("璧山") + "&max_km=40", ["collab", "璧山", "--max-km", "40"]),
    ("/api/collab?kind=supply&top=5", ["collab", "--kind", "supply", "--top", "5"]),
])
def test_api_listings_are_exactly_the_cli_json(client, path, args):
    r = client.get(path)
    assert r.status == 200, r.text
    assert r.json() == cli_json(*args)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_api_batch_returns_the_file_match_file_writes(client, tmp_path, fmt):
    r = client.post_form("/api/batch", {"column": "text", "id_column": "id", "format": fmt},
                         {"file": ("blind.csv", BLIND.read_bytes())})
    assert r.status == 200, r.text
    assert "blind-ranked." + fmt in r.headers["content-disposition"]
    out = tmp_path / f"cli.{fmt}"
    result = CliRunner().invoke(app, ["match", "--file", str(BLIND), "--column", "text", "--id-column", "id",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    if fmt == "xlsx":
        from openpyxl import load_workbook

        got = tmp_path / "got.xlsx"
        got.write_bytes(r.body)
        rows = [list(load_workbook(p, read_only=True).worksheets[0].iter_rows(values_only=True)) for p in (got, out)]
        assert rows[0] == rows[1] and len(rows[0]) == 31
    else:
        assert r.body == out.read_bytes()


def test_bad_input_is_one_line_4xx_and_the_server_keeps_serving(client):
    cases = [
        (client.post_json("/api/match", {"text": "   "}), 400, "empty text"),
        (client.post_json("/api/match", {"top": 3}), 422, "text"),
        (client.post_json("/api/match", {"text": "x", "top": 0}), 422, "top"),
        (client.request("POST", "/api/match", b"{not json", {"Content-Type": "application/json"}), 422, ""),
        (client.post_json("/api/match", {"text": "电池" * 20_000}), 413, "too long"),
        (client.post_form("/api/batch", {"column": "text"}, {"file": ("list.xlsx", b"id,text\n1,battery\n")}), 400, "XLSX"),
        (client.post_form("/api/batch", {"column": "text"}, {"file": ("notes.txt", b"hello")}), 400, "not a table"),
        (client.post_form("/api/batch", {"column": "经营范围"}, {"file": ("blind.csv", BLIND.read_bytes())}), 400, "no column"),
        (client.post_form("/api/batch", {}, {"file": ("blind.csv", BLIND.read_bytes())}), 400, "no column"),
        (client.post_form("/api/batch", {"column": "text", "format": "pdf"}, {"file": ("blind.csv", BLIND.read_bytes())}), 400, "format"),
        (client.post_form("/api/batch", {"column": "text"}, {"file": ("empty.csv", b"")}), 400, "empty"),
        (client.post_form("/api/batch", {"column": "text"}), 400, "no file"),
        (client.post_form("/api/batch", {"column": "text"},
                          {"file": ("big.csv", b"id,text\n" + b"1,battery cells\n" * (UPLOAD_MB * 70_000))}), 413, "too large"),
        (client.post_form("/api/batch", {"column": "text"},
                          {"file": ("rows.csv", b"id,text\n" + b"".join(b"%d,battery\n" % i for i in range(MAX_ROWS + 1)))}), 400, "limit"),
        (client.get("/api/districts/" + quote("九龙区")), 404, "did you mean: 九龙坡区"),
        (client.get("/api/collab?kind=both"), 422, "kind"),
        (client.get("/api/overlaps?lang=fr"), 422, "lang"),
        (client.get("/api/no-such"), 404, ""),
    ]
    for reply, status, words in cases:
        assert reply.status == status, (status, reply.text)
        error = reply.json()["error"]
        assert words.lower() in error.lower() and "\n" not in error and error.strip()
        works(client)


def test_pages_show_errors_in_the_page(client):
    r = client.get("/match?text=")
    assert r.status == 400 and 'class="error"' in r.text and "empty text" in r.text
    r = client.get("/districts/" + quote("九龙区"))
    assert r.status == 404 and "九龙坡区" in r.text and "<html" in r.text
    r = client.post_form("/batch", {}, {"file": ("fake.xlsx", b"id,text\n1,x\n")})
    assert r.status == 400 and "not an XLSX workbook" in r.text and 'class="error"' in r.text
    works(client)


def test_every_page_answers_in_chinese_and_english(client):
    for path in ("/", "/match?text=" + quote(PROFILES[0]), "/batch", "/districts", "/districts/" + quote("璧山"),
                 "/planning", "/planning?focus=" + quote("璧山"), "/graph", "/graph?focus=" + quote("璧山"), "/report", "/api"):
        zh = client.get(path)
        en = client.get(path + ("&" if "?" in path else "?") + "lang=en")
        assert zh.status == en.status == 200, path
        assert 'lang="zh-CN"' in zh.text and 'lang="en"' in en.text
    assert "Ranked parks" in client.get("/match?lang=en&text=" + quote(PROFILES[0])).text
    assert client.get("/graph/view").text.startswith("<!DOCTYPE html>")


def test_report_zip_and_files(client, tmp_path):
    import zipfile

    r = client.get("/report/download")
    assert r.status == 200 and r.headers["content-type"] == "application/zip"
    (tmp_path / "r.zip").write_bytes(r.body)
    names = zipfile.ZipFile(tmp_path / "r.zip").namelist()
    assert {"chainkg-report/index.html", "chainkg-report/chainkg-report.xlsx", "chainkg-report/panorama.png"} <= set(names)
    assert client.get("/report/view/zh/index.html").status == 200
    assert client.get("/report/view/zh/..%2Fpyproject.toml").status == 404
    assert client.get("/report/view/zh/.chainkg-report").status == 404


def test_user_text_is_escaped(client):
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">电池包PACK'
    r = client.get("/match?text=" + quote(evil))
    assert r.status == 200
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text


def test_headers_allow_no_outside_origin(client):
    for path in ("/", "/planning", "/graph/view", "/api/districts", "/static/app.js", "/report/view/zh/index.html"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "http" not in csp and "*" not in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"
    for path in ("/", "/planning", "/graph/view", "/report/view/zh/index.html", "/report/view/zh/graph.html", "/api"):
        page = client.get(path).text
        assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I), path
    assert client.get("/docs").status == 404 and client.get("/redoc").status == 404
    spec = client.get("/openapi.json").json()
    assert {"/api/match", "/api/batch", "/api/districts", "/api/overlaps", "/api/gaps", "/api/collab"} <= set(spec["paths"])


def test_a_host_beyond_loopback_needs_a_token():
    env = {k: v for k, v in os.environ.items() if k != "CHAINKG_TOKEN"}
    for extra_env, words in (({}, "set CHAINKG_TOKEN"), ({"CHAINKG_TOKEN": "short"}, "too short")):
        out = subprocess.run([sys.executable, "-m", "chainkg", "serve", "--host", "0.0.0.0", "--port", "9"],
                             capture_output=True, text=True, env={**env, **extra_env}, timeout=60, cwd=REPO)
        assert out.returncode == 2, out
        assert len(out.stderr.strip().splitlines()) == 1 and words in out.stderr
        assert "short" not in out.stderr.replace("too short", "")  # the token itself is never shown


def test_a_token_guards_every_page_and_the_api(tmp_path):
    b = bench()
    token = "s3cret-token-for-the-test-0123456789"
    port = b.free_port()
    log = tmp_path / "serve.log"
    proc = b.start_server(port, env={**os.environ, "CHAINKG_TOKEN": token, "CHAINKG_CACHE_DIR": str(tmp_path)}, log=log)
    try:
        c = Client(f"http://127.0.0.1:{port}")
        r = c.get("/api/districts")
        assert r.status == 401 and "token" in r.json()["error"]
        assert c.get("/api/districts", Authorization="Bearer wrong-token-xxxxxxxxxxxx").status == 401
        assert c.get("/api/districts", Authorization=f"Bearer {token}").status == 200
        r = c.get("/districts")
        assert r.status == 303 and r.headers["location"].startswith("/login?next=")
        assert c.post_form("/login", {"token": "nope", "next": "/districts"}).status == 401
        r = c.post_form("/login", {"token": token, "next": "https://evil.example/"})
        assert r.status == 303 and r.headers["location"] == "/"
        cookie = r.headers["set-cookie"].split(";")[0]
        assert token not in cookie and "httponly" in r.headers["set-cookie"].lower()
        assert c.get("/districts", Cookie=cookie).status == 200
        assert c.post_json("/api/match", {"text": "激光雷达"}, Cookie=cookie).status == 200
    finally:
        b.stop_server(proc)
    assert token not in log.read_text(encoding="utf-8")


def test_load_200_requests_from_20_clients_all_succeed(server):
    results = bench().load(server, requests=200, clients=20)
    assert len(results) == 200
    assert [s for s, _ in results if s != 200] == []


def test_cli_refuses_a_busy_port(server):
    port = server.rsplit(":", 1)[1]
    env = {k: v for k, v in os.environ.items() if k != "CHAINKG_TOKEN"}
    out = subprocess.run([sys.executable, "-m", "chainkg", "serve", "--port", port], capture_output=True, text=True,
                         env=env, timeout=60, cwd=REPO)
    assert out.returncode == 2 and "cannot listen" in out.stderr and len(out.stderr.strip().splitlines()) == 1




@pytest.mark.parametrize("path", ["/api/batch", "/batch"])
def test_a_streamed_upload_past_the_limit_is_refused_in_flight(server, client, path):
    """No Content-Length (chunked): the guard counts the bytes as they arrive, refuses with 413 once
    past the limit, and reads the rest away so the client sees the answer, not a reset."""
    import http.client
    from urllib.parse import urlsplit

    def body():
        yield b'--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nid,text\r\n'
        for _ in range(UPLOAD_MB * 110):
            yield b"1,battery cells and packs\n" * 400  # ≈10 kB a chunk
        yield b"\r\n--XX--\r\n"

    url = urlsplit(server)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    conn.request("POST", path, body=body(), encode_chunked=True,
                 headers={"Content-Type": "multipart/form-data; boundary=XX", "Transfer-Encoding": "chunked"})
    reply = conn.getresponse()
    text = reply.read().decode("utf-8")
    conn.close()
    assert reply.status == 413 and "too large" in text
    works(client)
