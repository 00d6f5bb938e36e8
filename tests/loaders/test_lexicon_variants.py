"""Spellings the lexicon reads alike: Taiwan's wording of the chain's products (data/matching/regional_variants.csv)
as the mainland's, an English compound with a hyphen as with a space, and product names added this stop."""

from __future__ import annotations

import pytest

from chainkg.loaders.lexicon import shipped_lexicon


@pytest.mark.parametrize(("text", "category"), [
    ("新竹IC設計廠，車規級晶片已通過AEC-Q100", "compute_control_chips"),  # 晶片 = 芯片
    ("澳洲新創，以頻譜掃描技術打造車用光達", "perception_sensors"),  # 光達 = 激光雷达
    ("電動車驅動馬達與馬達控制器，年產十萬套", "drive_motor"),  # 馬達 = 电机
    ("智慧座艙軟體平台，供應車廠", "smart_cockpit"),  # 智慧 = 智能, inside a longer term
    ("車用碳化矽功率模組", "power_semiconductors"),  # 矽 = 硅
])
def test_taiwan_wording_finds_the_category(text, category):
    lex = shipped_lexicon()
    scan = lex.scan(text)
    assert scan.scores and lex.keys[max(scan.scores, key=scan.scores.get)] == category, scan.evidence


def test_a_variant_with_another_meaning_here_is_read_only_inside_a_longer_term():
    # Taiwan's 模擬 is the mainland's 仿真 (simulation); alone, 模拟 here is "analogue": 仿真软件 → 模拟软件 is
    # read, a bare 模拟 is not
    lex = shipped_lexicon()
    assert "cae模拟软体" in {e for ev in lex.scan("汽車CAE模擬軟體與測試服務").evidence.values() for e in ev}
    assert "模拟" not in {e for ev in lex.scan("汽车工业软件CAE仿真软件，兼做模拟量采集").evidence.values() for e in ev}
    # Taiwan's 隔離膜 is the mainland's 隔膜 (the separator): read as the term itself, not as a typo of it; alone it is
    # also a building film, and is not read
    scan = lex.scan("全球規模最大的鋰電池隔離膜製造商之一")
    assert scan.evidence == {lex.keys.index("separator"): ["锂电池隔离膜"]}
    assert not lex.scan("建築用防水隔離膜與屋面卷材").scores


def test_a_motor_housing_is_no_battery_housing():
    # 电机壳体 was one slip from 电池壳体 (a battery housing) for the typo pass
    lex = shipped_lexicon()
    scan = lex.scan("十堰做新能源电机壳体加工的，客户有比亚迪")
    assert [lex.keys[c] for c in scan.scores] == ["drive_motor"], scan.evidence


@pytest.mark.parametrize(("text", "category"), [
    # an English compound reads with a hyphen or a space: "liquid hydrogen", "e-axle"
    ("Equipment supply for a liquid-hydrogen fueling station in Guangdong", "hydrogen_infra"),
    ("Gas springs and e axle dampers for carmakers", "e_drive_assembly"),
    # added in round 18
    ("Extracts lithium from brine by ion exchange, yielding lithium chloride for battery-grade carbonate", "battery_minerals"),
    ("A tier-one plastics supplier will make plastic air-intake manifolds for GM and Ford in Suzhou", "hybrid_ice_powertrain"),
    # the vehicle's parts by system, as the parts-numbering rules group them (source S44); each got no park before
    ("做转向柱的，想找园区", "steering_system"),
    ("汽车门锁生产", "interior_exterior"),
    ("气缸盖和凸轮轴加工", "hybrid_ice_powertrain"),
    ("等速万向节和半轴", "chassis_components"),
    ("Camshafts and cylinder heads machined for engine makers", "hybrid_ice_powertrain"),
    # the Harmonized System's headings for vehicle parts (source S45); each got no category before
    ("Brake drums and brake linings for heavy trucks", "braking_system"),
    ("Anti-roll bars and torsion bars for passenger cars", "chassis_components"),
    ("We make windscreens for buses", "interior_exterior"),
    ("汽车挡风玻璃，年产两百万片", "interior_exterior"),
    ("Steering boxes remanufactured for light trucks", "steering_system"),
    ("给主机厂按节拍送前后桥", "chassis_components"),
    ("车身密封系统和燃油管路", "interior_exterior"),
    ("Thermoplastic body seals for door openings", "interior_exterior"),
    # expressway toll gantries carry the roadside units the toll code's V2X extension builds on (source S46)
    ("高速公路ETC门架系统的集成与运维", "roadside_v2x_infra"),
    # finished-vehicle logistics sits with sales and export (source S47)
    ("做商品车整车物流的，想在港口附近找场地", "auto_aftermarket_finance"),
    ("A pure car carrier operator moving new cars from Asia to Europe", "auto_aftermarket_finance"),
    # parts named by the parts guides' lists by system (source S48)
    ("座椅滑轨和调角器冲压", "interior_exterior"),
    ("节气门体、正时皮带张紧器", "hybrid_ice_powertrain"),
    ("倒车雷达和倒车影像套件", "perception_sensors"),
    ("制动总泵与制动软管", "braking_system"),
    ("A water-cooled permanent-magnet motor paired with an inverter for electric buses", "drive_motor"),
])
def test_a_term_finds_its_category(text, category):
    lex = shipped_lexicon()
    scan = lex.scan(text)
    assert category in {lex.keys[c] for c in scan.scores}, scan.evidence


def test_electronic_components_without_a_vehicle_are_not_the_chains():
    # 电子元器件 and 被动元件 name every electronics maker's parts: alone they gave a military-capacitor maker a park
    lex = shipped_lexicon()
    assert lex.scan("陶瓷电容器、钽电容器等电子元器件的研发与生产").scores == {}
    assert [lex.keys[c] for c in lex.scan("车用被动元件和电子元器件").scores] == ["electronic_components"]


def test_a_car_bumper_is_not_car_insurance():
    # the longest match at 汽车 read 汽车保险 (insurance) and left 杠 behind: a vehicle word with a longer term
    # after it is that term
    lex = shipped_lexicon()
    scan = lex.scan("广安做汽车保险杠注塑和喷涂的厂，想扩产找地")
    assert [lex.keys[c] for c in scan.scores] == ["interior_exterior"], scan.evidence
    assert [lex.keys[c] for c in lex.scan("汽车保险代理与理赔服务").scores] == ["auto_aftermarket_finance"]


def test_tooling_alone_is_not_a_body_part():
    # "tooling" is made for any industry (like 模具): a keyword, evidence only beside a vehicle word
    lex = shipped_lexicon()
    assert lex.scan("Chengdu firm that builds tooling for inspecting power-line towers").scores == {}
    assert lex.scan("Tooling and stamping dies for car body panels").scores


@pytest.mark.parametrize(("text", "category"), [
    ("专业生产汽车电机控制器", "motor_controller"),  # not 汽车电机 (motors) + 控制器
    ("主营汽车轮毂电机", "drive_motor"),  # not 汽车轮毂 (wheels)
    ("主要做汽车空调出风口，给长城配套", "interior_exterior"),  # a vent, not the air-conditioning
    ("汽车轮毂轴承单元", "chassis_components"),  # not 汽车轮毂 (wheels)
])
def test_a_vehicle_word_does_not_hide_the_longer_term_after_it(text, category):
    lex = shipped_lexicon()
    scan = lex.scan(text)
    assert lex.keys[max(scan.scores, key=scan.scores.get)] == category, scan.evidence


@pytest.mark.parametrize(("text", "category"), [
    ("Clutches for cars and trucks", "hybrid_ice_powertrain"),  # clutch + es (without it the meaning reads a truck)
    ("Maker of 650 city buses a year", "commercial_special_nev"),  # bus + es
])
def test_an_english_plural_in_es_still_ends_the_word(text, category):
    lex = shipped_lexicon()
    scan = lex.scan(text)
    assert scan.scores and lex.keys[max(scan.scores, key=scan.scores.get)] == category, scan.evidence
    assert lex.scan("We make clutchesx").scores == {}  # (but not any longer word)
