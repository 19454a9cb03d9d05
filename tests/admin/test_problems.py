"""Domain problems land on the field (or table cell) they name; the rest are returned."""

import pytest
from django_tenants.utils import schema_context

from core.catalogue.admin.display import format_value
from core.catalogue.admin.problems import attach_problems, split_path
from core.domain.errors import Problem
from core.listings.admin.forms import ALIASES, ItemForm
from tenants.models import Region
from tests.factories import local_values

pytestmark = pytest.mark.django_db


def test_split_path():
    assert split_path("fee.items[0].name") == ["fee", "items", 0, "name"]
    assert split_path("steps[2].limit.unit") == ["steps", 2, "limit", "unit"]


def test_problems_are_attached_to_fields_and_cells():
    with schema_context("shushan"):
        region = Region.objects.get(slug="shushan")
        form = ItemForm(elements=local_values("shushan", "000131106000"), region=region)
        unplaced = attach_problems(form, [
            Problem("consult_phone", "咨询电话必填"),
            Problem("promised_limit", "承诺办结时限超过法定办结时限"),
            Problem("fee.items[0].name", "收费项目名称必填"),
            Problem("materials[1].name", "材料名称必填"),
            Problem("steps[0].limit.unit", "时限单位无效"),
            Problem("base_version", "目录事项已取消"),
        ], ALIASES)  # fmt: skip
    assert [p.field for p in unplaced] == ["base_version"]
    assert form.errors["consult_phone"] == ["咨询电话必填"]
    assert form.errors["promised_limit_value"] == ["承诺办结时限超过法定办结时限"]
    fee_items = form.errors["fee_items"].as_data()[0].as_json_data()
    assert fee_items == {
        "blockErrors": {0: {"blockErrors": {"name": {"messages": ["收费项目名称必填"]}}}}
    }
    steps = form.errors["steps"].as_data()[0].as_json_data()
    assert steps["blockErrors"][0]["blockErrors"]["limit"] == {
        "blockErrors": {"unit": {"messages": ["时限单位无效"]}}
    }
    materials = form.errors["materials"].as_data()[0].as_json_data()
    assert materials["blockErrors"][1]["blockErrors"]["name"]["messages"] == ["材料名称必填"]


def test_values_read_as_text():
    assert format_value("promised_limit", {"value": 0, "unit": "工作日"}) == "即办"
    assert format_value("levels", ["3", "4"]) == "3 市级、4 县级"
    assert format_value("visits", 0) == "0次"
    assert format_value("aliases", ["开饭店", "开餐馆"]) == "开饭店、开餐馆"
    fee = {"charged": True, "basis": "价格文件", "items": [{"name": "工本费", "standard": "10元"}]}
    assert format_value("fee", fee) == "收费（依据：价格文件）\n工本费 标准：10元"
