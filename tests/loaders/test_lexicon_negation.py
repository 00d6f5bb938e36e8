"""What a firm says it does not make ([negation] in data/matching/matcher.toml), and the chain's
production equipment, which is another industry's product ([foreign])."""

from __future__ import annotations

import pytest

from chainkg.loaders.lexicon import shipped_lexicon


@pytest.fixture(scope="module")
def lex():
    return shipped_lexicon()


def cats(lex, text: str) -> list[str]:
    scan = lex.scan(text)
    return [lex.keys[c] for c, _ in sorted(scan.scores.items(), key=lambda kv: -kv[1])]


def test_a_business_given_up_is_no_evidence(lex):
    # the same words without the negation are a truck maker's
    assert "commercial_special_nev" in cats(lex, "图森未来，做自动驾驶卡车车队")
    assert cats(lex, "图森未来改名了，不做自动驾驶卡车车队了，转去做AI游戏和动画") == []


def test_the_negation_ends_with_its_clause(lex):
    # what comes after the clause is the firm's own product again
    assert cats(lex, "不再生产燃油车发动机，现在主营电池包PACK") == ["battery_pack_bms"]
    assert cats(lex, "The group no longer builds buses; it now makes battery packs") == ["battery_pack_bms"]


def test_a_disclaimer_wins_over_a_customer_word(lex):
    assert cats(lex, "苏州某机械公司，本身不做汽车零件，做轮胎机械的") == []


@pytest.mark.parametrize("text", ["锂电设备厂，做电芯装配线和模组线", "专业生产锂电池生产设备", "tire machinery for tyre plants",
                                  # welding equipment: its buyers' batteries were read as its product
                                  "專做精密雷射焊接機與焊接自動化設備。客戶有動力電池廠和車廠",
                                  "Maker of laser welding equipment. Its buyers are EV battery plants and carmakers"])
def test_chain_equipment_makers_are_outside_the_chain(lex, text):
    assert cats(lex, text) == []


def test_a_cell_maker_is_still_a_cell_maker(lex):
    assert cats(lex, "专业生产锂电池电芯")[0] == "battery_cell"
    # equipment named for a vehicle is the vehicle's (a charging pile is the charging category's own product)
    assert cats(lex, "新能源汽车充电设备研发制造")[0] == "charging_swapping"


def test_a_forklift_maker_saying_fuel_cell_three_times_is_still_a_forklift_maker(lex):
    text = "某叉车集团介绍氢燃料电池工业车辆的发展：已推出氢燃料电池叉车、锂电叉车，氢燃料电池产品获评年度氢车"
    assert cats(lex, text) == []
    # a truck is a vehicle: the same words with one are the chain's
    assert cats(lex, "推出氢燃料电池叉车和氢燃料电池重卡")[0] == "fuel_cell_system"


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_an_english_disclaimer_with_either_apostrophe(lex, apostrophe):
    assert cats(lex, f"The firm doesn{apostrophe}t make lidar for cars, it sells pet food") == []


def test_an_officers_question_is_not_the_firms_product(lex):
    # the vehicle words of the question gave a drone-radar maker the semantic tier's sensor category
    assert cats(lex, "美国一家公司，做无人机用的微波雷达避障模块，面向农业植保，想问能不能按智能网联汽车的传感器项目引进") == []
    # what the firm makes, before the question, is still read
    assert cats(lex, "做车用毫米波雷达的，想问问有没有对口的园区") == ["perception_sensors"]
    # … and so does one asking whether the firm belongs to the chain: the car it names is the officer's doubt
    # (the semantic tier read these as chassis parts)
    assert cats(lex, "做风电轴承和光伏精密传动，最近在无锡扩产，这种算汽车零部件吗") == []
    assert cats(lex, "风电主轴轴承、光伏跟踪精密传动，算不算汽车链") == []


def test_what_a_firm_started_out_making_is_not_what_it_makes(lex):
    # the phone part it started with made the text another industry's, and its car parts went unread
    text = "这家公司起家于手机天线，近几年量产车载毫米波雷达"
    assert cats(lex, text) == ["perception_sensors"]
    # an origin in the chain is no evidence either: what it makes now is read
    assert cats(lex, "Started out making car radios, the firm now sells only pet food") == []


def test_a_multi_market_firms_later_car_business_is_read(lex):
    # another industry's product first, the car product in a later sentence beside a vehicle word
    assert cats(lex, "公司以笔记本电脑结构件起家，占营收八成；车用毫米波雷达已获两家车企定点。") == ["perception_sensors"]
    # without the vehicle word in its clause the later term stays the other industry's
    assert cats(lex, "公司以笔记本电脑结构件起家，占营收八成；毫米波雷达已获两家定点。") == []
    assert cats(lex, "公司以笔记本电脑结构件起家，占营收八成。毫米波雷达在研，汽车业务尚小。") == []


def test_who_the_equipment_is_sold_to_is_a_customer(lex):
    # 卖给 / 賣給 names buyers: their batteries, beside a vehicle word in a later sentence, are not the
    # welding-machine maker's own car business
    assert cats(lex, "專做雷射焊接機。設備賣給動力電池、汽車製造與家電工廠") == []


def test_an_electric_motorcycle_is_not_an_electric_motor(lex):
    # the alias "electric motor" took the phrase's first words and hid the motorcycle (another industry's)
    assert cats(lex, "Thai maker of electric motorcycles and their battery packs") == []
    assert cats(lex, "Thai firm making electric motors for buses") == ["drive_motor"]


def test_a_term_whose_use_is_another_industrys_product_is_that_products(lex):
    # "packs for … ferries": the packs are the ferries' (as 电动自行车铅酸动力电池 is an e-bike's battery), though
    # the same sentence says the ferries carry cars
    text = ("Corvus, maker of battery systems for ships, will supply air-cooled ESS packs for five new all-electric "
            "ferries, each carrying 50 cars.")
    assert cats(lex, text) == []
    assert cats(lex, "Maker of battery packs for electric buses and trucks") == ["battery_pack_bms"]
    # … unless the vehicle is among the uses
    assert cats(lex, "电池包用于船舶") == []
    assert cats(lex, "电池包用于汽车和船舶") == ["battery_pack_bms"]


def test_a_consumer_grade_battery_is_another_industrys(lex):
    # GB 31241 covers the Li-ion batteries of portable electronics: a consumer-grade sodium-ion line is not the car's
    assert cats(lex, "落地年产5GWh消费级钠离子电池产业园，建设钠离子电池及Pack生产线") == []
    assert cats(lex, "落地年产5GWh动力钠离子电池产业园，建设钠离子电池及Pack生产线")[0] in ("battery_cell", "battery_pack_bms")
