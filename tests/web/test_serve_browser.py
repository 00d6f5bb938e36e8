"""`chainkg serve` in Debian's Chromium (Playwright, the shared ``browser`` fixture): type a profile
and see the battery districts, upload a list and download the ranked file, hostile text shown as
text, a fake .xlsx refused with the next request fine, every request to 127.0.0.1 only. Screenshots
of the match and planning pages go to ``$CHAINKG_SCREENSHOTS`` (default: the test's tmp folder)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest



BATTERY = "重庆某某新能源科技有限公司，主营磷酸铁锂电芯及电池包PACK；一般项目：技术开发；货物进出口"
BATTERY_DISTRICTS = {"璧山区", "涪陵区", "长寿区", "铜梁区", "南川区", "万盛经开区", "两江新区"}


@pytest.fixture
def page(browser, server):
    """A fresh tab that records every request, console error and dialog."""
    p = browser.new_page()
    p.seen = {"requests": [], "errors": [], "dialogs": []}
    p.on("request", lambda r: p.seen["requests"].append(r.url))
    p.on("console", lambda m: p.seen["errors"].append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: p.seen["errors"].append(str(e)))

    def on_dialog(d):  # noqa: ANN001, ANN202
        p.seen["dialogs"].append(d.message)
        d.dismiss()

    p.on("dialog", on_dialog)
    yield p
    local = [u for u in p.seen["requests"] if not u.startswith(server + "/")]
    p.close()
    assert local == [], f"requests left 127.0.0.1: {local}"


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CHAINKG_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_type_a_profile_and_see_the_battery_districts(page, server, tmp_path):
    page.goto(server + "/")
    page.fill("#text", BATTERY)  # type-ahead: no submit, no reload
    page.wait_for_selector("table.parks tbody tr")
    districts = page.eval_on_selector_all("table.parks tbody tr td:nth-child(2)", "els => els.map(e => e.textContent.trim())")
    assert len(districts) == 5 and set(districts) <= BATTERY_DISTRICTS
    marks = page.eval_on_selector_all(".profile mark", "els => els.map(e => e.textContent)")
    assert "磷酸铁锂电芯" in marks and "电池包" in " ".join(marks)
    assert "/match?" in page.url  # the address can be shared
    page.screenshot(path=str(shots(tmp_path) / "match.png"), full_page=True)
    page.click("text=English")
    page.wait_for_selector("table.parks")
    assert "Ranked parks" in page.inner_text("main")
    assert page.seen["errors"] == []


def test_the_match_page_works_without_javascript(page, server):
    page.route("**/static/app.js", lambda route: route.abort())  # as if scripts were off
    page.goto(server + "/")
    page.fill("#text", BATTERY)
    page.click("button[type=submit]")
    page.wait_for_selector("table.parks")
    assert page.url.startswith(server + "/match?text=")
    page.seen["errors"].clear()


def test_upload_a_list_and_download_the_ranked_file(page, server, tmp_path):
    src = tmp_path / "企业名单.csv"
    with src.open("w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp)
        w.writerow(["编号", "企业名称", "经营范围"])
        for k in range(1, 121):
            w.writerow([f"c{k:03d}", f"企业{k}", BATTERY if k % 3 else "面包烘焙连锁店"])
    page.goto(server + "/batch")
    page.set_input_files("#file", str(src))
    page.click("button[type=submit]")
    page.wait_for_selector("select#column")
    assert page.input_value("select#column") == "经营范围" and page.input_value("select#id_column") == "编号"
    page.select_option("select#format", "csv")
    page.click("button[type=submit]")
    page.wait_for_selector("#download", timeout=60_000)
    assert "120" in page.inner_text("p.done")
    with page.expect_download() as info:
        page.click("#download")
    out = tmp_path / "ranked.csv"
    info.value.save_as(out)
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["id"] for r in rows] == [f"c{k:03d}" for k in range(1, 121)]
    assert all(r["district_1"] in BATTERY_DISTRICTS for r in rows if r["query"] == BATTERY)
    assert all(r["district_1"] == "" and r["note"] for r in rows if r["query"] != BATTERY)
    page.goto(page.url.split("/batch/")[0] + "/batch/" + page.url.split("/batch/")[1].split("?")[0])
    assert "error" in page.inner_html("main")  # removed once downloaded


def test_hostile_text_is_shown_as_text(page, server):
    evil = '<script>alert("x")</script><img src=x onerror="alert(1)"> 电池包PACK'
    page.goto(server + "/")
    page.fill("#text", evil)
    page.wait_for_selector("table.parks")
    page.wait_for_timeout(300)
    assert page.seen["dialogs"] == []
    assert '<script>alert("x")</script>' in page.inner_text(".profile")
    assert page.eval_on_selector_all("#results img, #results script", "els => els.length") == 0
    page.goto(server + "/match?text=" + __import__("urllib.parse").parse.quote(evil))
    page.wait_for_timeout(300)
    assert page.seen["dialogs"] == []


def test_a_fake_xlsx_is_refused_and_the_next_request_works(page, server, tmp_path):
    fake = tmp_path / "companies.xlsx"
    fake.write_text("编号,经营范围\n1,动力电池\n", encoding="utf-8")
    page.goto(server + "/batch")
    page.set_input_files("#file", str(fake))
    with page.expect_response(lambda r: r.url.startswith(server + "/batch") and r.request.method == "POST") as info:
        page.click("button[type=submit]")
    assert 400 <= info.value.status < 500
    assert "not an XLSX workbook" in page.inner_text(".error")
    page.goto(server + "/districts")
    assert page.locator("table tbody tr").count() == 13


def test_planning_page_pictures(page, server, tmp_path):
    page.goto(server + "/planning")
    state = page.evaluate("""() => ({
        boxes: document.querySelectorAll('svg.ckg-panorama [data-category]').length,
        places: document.querySelectorAll('svg.ckg-map [data-district]').length,
        heat: document.querySelectorAll('.heat svg rect').length,
        findings: document.querySelectorAll('ol.findings li').length,
        width: document.querySelector('svg.ckg-panorama').getBoundingClientRect().width,
    })""")
    assert state["boxes"] == 44 and state["places"] >= 13 and state["heat"] >= 13 * 13 and state["findings"] >= 4
    assert state["width"] > 600
    page.screenshot(path=str(shots(tmp_path) / "planning.png"))
    page.goto(server + "/planning?focus=" + "%E7%92%A7%E5%B1%B1")
    assert page.locator("svg.ckg-panorama").count() == 1
    assert page.seen["errors"] == []


def test_graph_and_report_pages_load_locally(page, server):
    page.goto(server + "/graph?focus=%E7%92%A7%E5%B1%B1")
    frame = page.frame_locator("iframe.graph")
    frame.locator("#ckg-meta").wait_for(state="attached")
    page.goto(server + "/report")
    page.frame_locator("iframe.report").locator("h1").wait_for()
    assert page.seen["errors"] == []


