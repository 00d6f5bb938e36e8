"""The chain taxonomy loads, and every kind of inconsistency fails with one line naming file and entry."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from chainkg.errors import SchemaError
from chainkg.loaders.taxonomy import TAXONOMY_DIR, load_taxonomy, read_taxonomy


@pytest.fixture
def tax_dir(tmp_path: Path) -> Path:
    """A private copy of the shipped taxonomy to corrupt."""
    return Path(shutil.copytree(TAXONOMY_DIR, tmp_path / "taxonomy"))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_taxonomy_covers_the_whole_chain():
    tax = load_taxonomy()
    assert 35 <= len(tax.categories) <= 50
    assert {c.position for c in tax.categories.values()} == {"upstream", "midstream", "downstream"}
    # every position has segments, and the segments the issue names are there
    for cid in ("cathode_materials", "power_semiconductors", "battery_cell", "fuel_cell_system", "drive_motor",
                "thermal_management", "steering_system", "perception_sensors", "vehicle_os_toolchain",
                "charging_swapping", "battery_recycling", "testing_certification", "roadside_v2x_infra"):
        assert cid in tax.categories
    # every category and group cites at least one source id (or J), and sources resolve
    for c in tax.categories.values():
        assert c.sources and all(s == "J" or s in tax.sources for s in c.sources), c.id
    # the groups form one tree under the root
    roots = [g.id for g in tax.groups.values() if not g.parent]
    assert roots == ["icv_nev_chain"]
    assert all(tax.group_chain(c.group)[-1] == "icv_nev_chain" for c in tax.categories.values())


def test_every_canonical_direction_of_the_loader_is_mapped():
    """data/directions.csv (the loader's canonical directions) and directions.toml agree."""
    tax = load_taxonomy()
    with (TAXONOMY_DIR.parent / "directions.csv").open(encoding="utf-8") as fp:
        rows = list(csv.DictReader(fp))
    assert len(rows) == 19
    for row in rows:
        mapping = tax.direction(row["name"])
        assert mapping is not None, row["name"]
        assert mapping.umbrella == (row["umbrella"] == "1"), row["name"]


def test_umbrella_directions_map_to_several_categories_at_reduced_weight():
    tax = load_taxonomy()
    for name in ("传统零部件升级", "智能网联新能源汽车高端核心零部件"):
        m = tax.direction(name)
        assert m.umbrella and len(m.categories) >= 4
        assert all(w < 1.0 for _, w in m.categories)
    # chips are inputs, not 零部件: the umbrella does not cover them
    core = dict(tax.direction("高端核心零部件").categories)
    assert "power_semiconductors" not in core


def test_direction_lookup_ignores_width_and_brackets():
    tax = load_taxonomy()
    assert tax.direction("环境感知系统（雷达、摄像头等）").name == "环境感知系统"
    assert tax.direction("制动转向系统").name == "转向制动系统"
    assert tax.direction("面包烘焙") is None


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("categories.toml", 'group = "traction_battery"', 'group = "no_such_group"',
         "categories.toml: category 'battery_cell': unknown group 'no_such_group'"),
        ("categories.toml", 'position = "upstream"', 'position = "sideways"',
         "categories.toml: category 'battery_minerals': position 'sideways': expected one of upstream"),
        ("categories.toml", 'sources = ["S17", "S24", "S31", "J"]', 'sources = ["S99"]',
         "categories.toml: category 'battery_minerals': unknown source 'S99'"),
        ("categories.toml", '"锂辉石"', '"电芯"',
         "categories.toml: category 'battery_cell': alias '电芯' is also an alias of 'battery_minerals'"),
        ("categories.toml", 'id = "cathode_materials"', 'id = "battery_minerals"',
         "categories.toml: category 'battery_minerals': duplicate id"),
        ("groups.toml", 'parent = "icv_nev_chain"\nsources = ["S17", "S19"]',
         'parent = "battery_materials"\nsources = ["S17", "S19"]',
         "groups.toml: group 'materials_chips': cycle in PART_OF: materials_chips → battery_materials → materials_chips"),
        ("groups.toml", 'parent = "power_electric"\nsources = ["S3", "S4", "S15"]',
         'parent = "powertrain"\nsources = ["S3", "S4", "S15"]',
         "groups.toml: group 'traction_battery': unknown parent group 'powertrain'"),
        ("supplies.csv", "cathode_materials,battery_cell,S17", "cathode_materials,battery_cel,S17",
         "supplies.csv: line 5: unknown category 'battery_cel'"),
        ("supplies.csv", "separator,battery_cell,S17,", "separator,battery_cell,,",
         "supplies.csv: line 8: empty source (give S-ids or J for judgement)"),
        ("directions.toml", 'categories = ["vehicle_cloud_platform"]', 'categories = []',
         "directions.toml: direction '智能车云': maps to no category"),
        ("directions.toml", 'categories = ["in_vehicle_apps"]', 'categories = ["in_car_apps"]',
         "directions.toml: direction '车载应用软件': unknown category 'in_car_apps'"),
        ("directions.toml", 'aliases = ["制动转向系统"]', 'aliases = ["智能座舱"]',
         "directions.toml: direction '转向制动系统': name '智能座舱' is already used by direction '智能座舱'"),
        ("directions.toml", 'source = "S30 (应用软件)"', 'source = "应用软件"',
         "directions.toml: direction '车载应用软件': source '应用软件' names no source id"),
        ("sources.toml", "[S1]\ntitle", "[S1]\ntitle = \"unterminated\nx", "sources.toml: not valid TOML"),
        ("sources.toml", "[S2]\ntitle", "[S2]\ntitle = 2\nx", "sources.toml: S2: field 'title' must be a string"),
    ],
)
def test_inconsistent_taxonomy_names_file_and_entry(tax_dir, file, old, new, expected):
    replace(tax_dir / file, old, new)
    with pytest.raises(SchemaError) as err:
        read_taxonomy(tax_dir)
    message = str(err.value)
    assert "\n" not in message
    assert str(tax_dir / file) in message
    assert expected in message


def test_missing_file_is_named(tax_dir):
    (tax_dir / "supplies.csv").unlink()
    with pytest.raises(SchemaError, match=r"supplies\.csv: file not found"):
        read_taxonomy(tax_dir)
