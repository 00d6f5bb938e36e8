"""Another plan's wording: directions no table knows are read by the lexicon, shown in the load
report with their scores, and then count in gaps and overlaps across the two plans."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from chainkg.graph.build import build_graph
from chainkg.loaders import load_sources
from chainkg.loaders.directionmap import map_direction_name
from chainkg.queries.gaps import uncovered_categories
from chainkg.queries.overlaps import duplicated_categories

OTHER_PLAN = ("区县,承载园区,创建类型,创建方向\n"
              "南川区,南川工业园区,专业型,电转向、电制动、车路网联、车身、底盘、内外饰\n"
              "荣昌区,荣昌高新区,专业型,数字化车间\n")


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("plans") / "other-plan.csv"
    p.write_text(OTHER_PLAN, encoding="utf-8")
    return p


@pytest.mark.parametrize(("name", "categories"), [
    ("电转向", ("steering_system",)), ("电制动", ("braking_system",)), ("内外饰", ("interior_exterior",)),
    ("底盘", ("chassis_components",)), ("充换电", ("charging_swapping",)),
])
def test_a_name_in_other_words_maps_to_its_categories(name, categories):
    m = map_direction_name(name)
    assert m.mapped and tuple(k for k, _ in m.categories) == categories and m.score >= 0.6


@pytest.mark.parametrize("name", ["数字化车间", "高端装备", "新型储能", "工业互联网"])
def test_a_name_the_matcher_cannot_read_stays_unmapped_and_says_why(name):
    m = map_direction_name(name)
    assert not m.mapped and m.why
    assert "maps to no category" in m.describe()


@pytest.mark.parametrize(("name", "category"), [("车路网联", "roadside_v2x_infra"), ("氢能", "hydrogen_infra"),
                                                ("智慧交通", "roadside_v2x_infra")])
def test_a_name_with_no_listed_term_is_read_by_meaning_in_part(name, category):
    # 车路网联 is only a near-miss of 车端网联 for the lexicon; its meaning is the roadside
    m = map_direction_name(name)
    assert m.how == "semantic" and m.categories == ((category, 0.5),)
    assert "by meaning" in m.describe()


def test_gaps_and_overlaps_see_through_the_other_wording(plan):
    G = build_graph(load_sources([load_sources().documents[0].path, plan]))
    uncovered = set(uncovered_categories(G)["category"])
    # 内外饰 is targeted by 南川 in the other plan's words: no longer a gap (it is one with the notice alone)
    assert "interior_exterior" in set(uncovered_categories(build_graph())["category"])
    assert "interior_exterior" not in uncovered
    # 电转向 (南川, other plan) and 转向制动系统 (璧山、铜梁, notice) overlap at category level
    dup = duplicated_categories(G)
    steering = dup[dup["category_id"] == "category:steering_system"].iloc[0]
    assert {"南川区", "璧山区", "铜梁区"} <= set(steering["districts"])
    # the unreadable one is kept and reported, never an error
    assert any("数字化车间" in line for line in G.graph["taxonomy_unmapped"])


def test_check_shows_each_mapping_with_its_score(plan):
    out = subprocess.run([sys.executable, "-m", "chainkg", "check", "--source", str(plan), "--json"],
                         capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert out.returncode == 0, out.stderr
    events = {e["message"].split("'")[1]: e for e in json.loads(out.stdout)["events"]
              if e["kind"] in ("direction-mapped", "direction-new")}
    assert events["内外饰"]["kind"] == "direction-mapped" and "interior_exterior" in events["内外饰"]["message"]
    assert "lexicon score 0.90" in events["内外饰"]["message"]
    assert events["数字化车间"]["kind"] == "direction-new"
