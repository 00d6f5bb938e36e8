"""The main business wins: customers' products, what a product is for, and operators and service
firms are told apart from the firm's own product (texts written for this test, not from the corpus)."""

from __future__ import annotations

import pytest

from chainkg.graph.build import build_graph
from chainkg.queries.match import match_profile


@pytest.fixture(scope="module")
def G():
    return build_graph()


@pytest.mark.parametrize(("text", "category", "kind"), [
    # an operator serving trucks is a swapping operator, not a truck maker
    ("公司在高速沿线建设重卡换电站，为重卡车队提供换电服务", "charging_swapping", None),
    # 锂离子电池电解液: the battery says what the electrolyte is for
    ("主营锂离子电池电解液，年产能20万吨", "electrolyte", "chain-adjacent"),
    ("公司从事退役动力电池的回收拆解与梯次利用", "battery_recycling", "chain-adjacent"),
    ("第三方检测机构，为整车厂提供电池安全检测与认证服务", "testing_certification", "chain-adjacent"),
    ("We make NdFeB magnets and supply them to traction motor makers", "motor_materials", "chain-adjacent"),
    # tyres are not the chassis control that 智能车控（底盘） targets
    ("子午线轮胎生产，配套乘用车和载重车", "tyres_wheels", "chain-adjacent"),
    # steel disc wheels are the road wheels of HS 8708.70 (钢制车轮), whoever the customers are
    ("Manufactures steel disc wheels for automobiles; passenger-car and commercial vehicle OEMs are its clients",
     "tyres_wheels", None),
    # the gearbox's kinds (S54): a forge with a CVT parts line makes powertrain parts
    ("日本鍛造廠，子公司設有CVT零件加工線", "hybrid_ice_powertrain", None),
    # a weak word after a term is no head: this firm sells charging piles (a 经营范围 item)
    ("充电桩销售", "charging_swapping", None),
    # "for" before a count is a capacity, not what the product is for
    ("The Chengdu plant is sized for 1.4 million ABS units a year", "braking_system", None),
    # the small motors that move the body's parts are body accessories, not the traction motor (S52)
    ("Tier-2 supplier of car-seat motors and window lift motors", "interior_exterior", None),
    ("汽车零部件企业，生产电动尾门、电吸门等智能开闭系统", "interior_exterior", None),
    # 车载 and 车用 say what 汽车 says; Taiwan writes 軟體 for 软件
    ("合肥的軟體公司，以車載基礎軟體為主力產品，故障能快速定位", "vehicle_os_toolchain", None),
    # two terms that overlap (快充|充电桩) and Taiwan's 充電點 (S53)
    ("西班牙的初创公司，做240kW超快充电桩", "charging_swapping", None),
    ("將在連鎖超市停車場布建600座快充設備，目前在六國營運約2,000個充電點", "charging_swapping", None),
])
def test_the_firms_own_product_leads(G, text, category, kind):
    r = match_profile(G, text, top=3)
    assert r.categories[0].id == category, [c.id for c in r.categories]
    if kind is not None:
        assert r.results[0].kind == kind, r.results[0]


@pytest.mark.parametrize("text", [
    "一亿像素手机摄像头模组，出货量全球前五",  # a phone camera module
    "Solid-state marine radar for fishing boats and yachts",
    "扫地机器人，激光雷打导航",  # a robot vacuum's LiDAR, misspelt
    # industries of other GB/T 4754 divisions: metro traction, lifts, the power grid
    "轨道交通牵引用永磁同步电机和IGBT模块",
    "电梯曳引机用永磁同步电机，年产十万台",
    "We build lithium-ion battery racks for railway signalling and substations",
    "自行车及零配件批发",  # SAMR's scope wording for bicycles
    "组串式光伏逆变器和光伏电池片，户用为主",  # solar's products stay another industry's
    "电动自行车铅酸动力电池老牌厂，想再上一条蓄电池线",  # an e-bike's traction battery
    "Forklift traction batteries, lithium iron phosphate, 24V to 80V",
    # an electrical bus is no bus: an ESS battery-management maker whose stacks join the DC bus through bus bars
    "High-voltage BMS for energy storage systems: switchgear with fuses and bus bars joins each stack to the DC bus",
    "Compact mid-drive motor for light e-MTBs, 50 Nm, with a 360 Wh downtube battery",
    "Lithium-ion battery packs for light electric vehicles are half of revenue; storage packs a fifth",
    "Autonomous Haulage System to run on more than 100 quarry trucks for a building-materials group",
    "做公共自行车的，运营收入占七成，号称第一家上市的共享单车企业",  # 共享单车|企业 is no 车企
    "武陟的工业制动器企业，产品发往全国，保住传统制动器优势",  # cranes' and hoists' brakes (GB/T 4754 343)
    "临沂的电动自行车整车厂，主做外贸，接OEM/ODM和贴牌",  # OEM / ODM is contract manufacturing, not a carmaker
    "发电用磷酸型燃料电池，热电联供，已在医院和数据中心装机",  # a power station's fuel cell (US DOE's comparison)
    "Solid oxide fuel cells for on-site power at factories and hospitals",
    "做电动垂直起降载人机的初创公司，电池包自己组装，想在园区落地",  # an eVTOL's battery pack
    "做扁线驱动电机整套生产设备的，不是车用零件，今年订单两亿",  # the motor maker's line builder
    "科创板的芯片测试机厂商，测模拟和数模混合芯片，下一步做SoC和大功率器件测试，找地方扩产",  # the chips are its customers
    # a spacecraft's power: GB/T 4754 class 3742, whatever its "vehicles" are
    "Makes gallium-arsenide cells and power sources for spacecraft and other aerospace vehicles",
])
def test_another_industrys_product_gets_no_direct_park(G, text):
    r = match_profile(G, text, top=3)
    assert not any(x.kind == "direct" for x in r.results), r.results[:1]


@pytest.mark.parametrize(("text", "category"), [
    # markets a multi-market supplier names beside the car are not another industry's product
    ("高精度GNSS芯片与卫星导航定位模组，产品进入车企自动驾驶项目", "hd_map_positioning"),
    ("电机+控制为核心，工业电驱动与机器人组件之外，新能源交通电驱动是新业务", "e_drive_assembly"),
    ("Battery-grade lithium hydroxide for Li-ion cells, plus lithium metal for aerospace alloys", "battery_minerals"),
    # solar and wind as industries: a mine that also runs wind farms, a plant next to a neighbour's solar project
    ("锂辉石矿今年产出锂精矿12万吨，公司另有风电和垃圾发电业务", "battery_minerals"),
    ("人造石墨负极材料项目投产，同一园区的光伏项目也已开工", "anode_materials"),
    # the industries a supplier serves: 建材, 核电, consumer electronics
    ("工业电源厂，服务于冶金、建材等传统行业以及核电；子公司做充电桩与充电站", "charging_swapping"),
    ("GaN power transistors, fabless; four products on sale in consumer electronics; power electronics next", "power_semiconductors"),
])
def test_a_market_named_beside_the_chain_does_not_make_it_foreign(G, text, category):
    r = match_profile(G, text, top=3)
    assert r.categories and r.categories[0].id == category, [c.id for c in r.categories]


@pytest.mark.parametrize("text", ["SiC power modules for 800V traction inverters", "碳化硅功率模块，用于3万台电驱逆变器"])
def test_a_rating_or_a_count_of_the_customers_products_is_still_their_use(G, text):
    # only "for <count> million / units" is a capacity; here the inverters are what the modules go into
    r = match_profile(G, text, top=3)
    assert [c.id for c in r.categories] == ["power_semiconductors"], [c.id for c in r.categories]


@pytest.mark.parametrize("text", ["湿法隔膜，已向多家电池企业批量供货", "湿法隔膜，客户包括3家电池企业"])
def test_a_count_of_firms_is_not_home_appliances(G, text):
    # 多家 / 3家 count the customers; read as 家电 (home appliances) the separator maker became another industry's
    r = match_profile(G, text, top=3)
    assert r.categories and r.categories[0].id == "separator", [c.id for c in r.categories]
    assert r.results and r.results[0].kind != "none"


def test_the_traction_battery_is_the_cars(G):
    # GB/T 19596 defines the traction battery as the electric vehicle's: an appliance named beside it does not
    # make the firm another industry's
    r = match_profile(G, "精密冲压起家，电机铁心多供家电，现在动力锂电池结构件和电池外壳是增长主力", top=3)
    assert r.results and r.results[0].kind == "direct"
    assert {"battery_cell", "battery_pack_bms"} & {c.id for c in r.categories}


def test_a_count_of_orders_is_not_a_laptop(G):
    # 单笔 counts the order; read as 笔电 (Taiwan's laptop) it made a bus maker another industry's
    r = match_profile(G, "印度电动大巴制造商拿下550辆纯电动大巴订单，为当地最大单笔电动巴士订单", top=3)
    assert r.categories and r.categories[0].id == "commercial_special_nev", [c.id for c in r.categories]


@pytest.mark.parametrize(("text", "category"), [
    ("上海工厂量产电驱总成和电机控制器", "e_drive_assembly"),  # 上海|工厂 read as 海工, offshore engineering
    ("全系列车型标配线控制动", "braking_system"),  # 全系列|车型 read as 列车, trains
    ("长安防撞梁供应商，热成型钢", "lightweight_materials"),  # 长安|防撞梁 read as 安防, security
    ("多种业务并举，主营锂电池隔膜", "separator"),  # 多种|业务 read as 种业, seeds
])
def test_another_industrys_product_is_not_read_across_two_words(G, text, category):
    r = match_profile(G, text, top=3)
    assert r.categories and r.categories[0].id == category, [c.id for c in r.categories]


@pytest.mark.parametrize("text", ["A tier-one supplier of exhaust systems, opening a plant in Wuhan",
                                  "Tier1 exhaust systems supplier looking for a site"])
def test_a_tier_one_supplier_is_the_cars(G, text):
    # carmakers call their direct suppliers tier one, however it is spelt ("tier 1" already was vehicle context):
    # without it, exhaust systems alone are a weak word and got no park
    r = match_profile(G, text, top=3)
    assert r.categories and r.categories[0].id == "hybrid_ice_powertrain", [c.id for c in r.categories]


def test_a_customers_product_does_not_silence_the_firms_own_words(G):
    # 商用车 after 配套 is the customer: it used to count as the strong evidence that keeps weak words (逆变器, 电机)
    # from naming any other category, so the firm's own products vanished and only the customer's was left
    r = match_profile(G, "做逆变器和电机，配套商用车", top=3)
    assert r.categories and r.categories[0].id == "motor_controller", [c.id for c in r.categories]
    assert "drive_motor" in {c.id for c in r.categories}


def test_the_firms_own_product_is_read_by_meaning_where_only_its_customers_are_named(G):
    # the two cars follow 用于 and are the customers; the motor and inverter are weak words. The customers'
    # cars, too faint on their own, used to be the text's only evidence, so the firm got no park at all
    r = match_profile(G, "自研电机与逆变器集成为一体化动力模块，主要用于电动轿车和轻型厢式货车", top=3)
    assert r.categories, "no category"
    assert r.categories[0].id in {"drive_motor", "e_drive_assembly", "motor_controller"}, [c.id for c in r.categories]


@pytest.mark.parametrize("text", ["产品主要用于新能源汽车电池包", "Parts for electric vehicle battery packs"])
def test_a_meaning_that_only_repeats_the_customers_gives_their_words_as_the_reason(G, text):
    # the semantic tier reads the customers' battery pack as the meaning of these texts: the named words are
    # the clearer reason for the same category
    r = match_profile(G, text, top=3)
    assert r.categories and r.categories[0].id == "battery_pack_bms", [c.id for c in r.categories]
    assert not any(e.startswith("语义") for e in r.categories[0].evidence), r.categories[0].evidence


def test_a_typo_too_faint_far_into_a_long_text_is_confirmed_by_the_meaning(G):
    # 挡风玻离 (for 挡风玻璃) is the only product word, at the end of a long text: too faint to be evidence alone,
    # it had stopped the semantic tier from reading the text, and the firm got no park
    text = ("一家总部在英国的连锁服务集团，母公司在比利时，业务遍及三十多个国家，员工两万五千多人，旗下在英国、欧洲、"
            "美国和澳洲各有品牌，门店两千四百家，另有上门服务车一万辆，年营收三十一亿欧元，提供二十四小时上门服务，"
            "专为私家车主修补和更换挡风玻离")
    r = match_profile(G, text, top=3)
    assert r.categories and r.categories[0].id == "interior_exterior", [c.id for c in r.categories]
    assert r.categories[0].evidence[0] == "挡风玻离≈挡风玻璃", r.categories[0].evidence


def test_the_meaning_is_read_with_the_typos_spelt_right(G):
    # "charing" is one slip from the weak word "charging": too faint alone, and the semantic tier knew no
    # "charing" — read as "charging", the text is a charging firm's
    r = match_profile(G, "home EV charing start-up, just raised £4.8m", top=3)
    assert r.categories and r.categories[0].id == "charging_swapping", [c.id for c in r.categories]
    assert r.categories[0].evidence[0] == "charing≈charging", r.categories[0].evidence



@pytest.mark.parametrize("text", [
    "专做汽车焊装自动化生产线，客户有长安、吉利和北汽福田",
    "A German plant engineer that earns most of its revenue from carmakers, selling them paint shops and painting robots",
])
def test_a_maker_of_the_chains_production_lines_is_outside_it(G, text):
    # the carmakers it sells its lines to stand in its first sentence: they are customers, the lines its product
    # ([foreign] equipment); the first text was read as body parts (焊装), the second as a car dealer by meaning
    r = match_profile(G, text, top=3)
    assert not r.results, r.results[:1]


@pytest.mark.parametrize(("text", "category"), [
    ("公司拥有多条全自动化生产线，主营汽车座椅骨架和滑轨", "interior_exterior"),
    ("The plant has installed automated lines for EV battery packs it makes for carmakers", "battery_cell"),
])
def test_a_firms_own_production_lines_are_not_its_product(G, text, category):
    # 拥有 / "has installed" before the lines make them the firm's plant ([foreign] own_equipment)
    r = match_profile(G, text, top=3)
    assert r.categories and r.categories[0].id == category, [c.id for c in r.categories]


def test_a_chip_for_set_top_boxes_and_ssds_is_not_the_chains(G):
    # 机顶盒 and 固态硬盘 (GB/T 4754-2017 3953, 3912) are other industries' products: the chips for them got the chain's
    # compute-chip parks (chain-adjacent) before
    r = match_profile(G, "做机顶盒芯片和固态硬盘主控芯片的设计公司，想了解落地政策", top=3)
    assert not r.results, r.results[:1]


@pytest.mark.parametrize("text", ["做冷藏车的，想找园区", "专业生产自卸车和半挂车", "Maker of motorhomes and minibuses",
                                  "消防车、救护车改装",
                                  # a plural in -es is no "s" plural: listed whole
                                  "The Hue plant built 650 city buses this year"])
def test_the_standard_vehicle_types_are_commercial_and_special_vehicles(G, text):
    # GB/T 3730.1's and GB/T 17350's vehicle types (data/taxonomy/sources.toml S49) found no category before
    r = match_profile(G, text)
    assert r.categories and r.categories[0].id == "commercial_special_nev"
    assert r.results and r.results[0].kind == "direct"


def test_a_fleet_is_of_road_vehicles(G):
    # 车队 (a fleet) names the road vehicles that 车辆 alone does not (trains and forklifts are 车辆 too)
    r = match_profile(G, "做车队管理telematics的，车辆联网数据上云平台", top=3)
    assert r.results and r.results[0].kind == "direct", r.note


@pytest.mark.parametrize("text", ["做电动摩托车的，整车出口东南亚，也给汽车厂做些配件",
                                  "工业机器人本体和焊接工作站，主要卖给汽车厂",
                                  "手机快充芯片为主，客户主要是手机品牌，汽车只占1%"])
def test_the_meaning_does_not_place_another_industrys_firm_in_the_chain(G, text):
    # another industry's product beside a vehicle word and no product of the chain: the semantic tier is not asked
    # (it would read a motorcycle maker as a drive-motor maker, a robot maker as an engine maker)
    r = match_profile(G, text, top=3)
    assert r.results == []
    # and the note says why: the other industry's product it names
    assert r.note.startswith("文本所述为其他行业的产品（") and "no product of the chain" in r.note_en


def test_a_text_of_no_chain_word_and_no_other_industry_gets_the_plain_note(G):
    r = match_profile(G, "连锁面包店，门店遍布全市", top=3)
    assert r.results == [] and r.note == "文本中没有产业链证据（无匹配环节），不推荐园区"
