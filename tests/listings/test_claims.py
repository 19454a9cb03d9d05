"""Claims and entries: level checks, implementation codes, workflow, versions, isolation."""

import pytest
from django_tenants.utils import schema_context

from core.catalogue.models import Claim
from core.domain.errors import DomainError
from core.listings import services
from core.listings.models import ImplementationItem
from tenants.models import Department
from tests.factories import catalogue_matter, listing_entry, published_entry

pytestmark = pytest.mark.django_db

FOOD = "000131106000"  # 食品经营许可, county level only in the demo catalogue


def department(slug, short_name="市场监管局"):
    return Department.objects.get(region__slug=slug, short_name=short_name)


def test_claim_derives_the_implementation_code_and_registers_it_publicly():
    matter = catalogue_matter(FOOD)
    scjg = department("shushan")
    with schema_context("shushan"):
        item = services.claim_matter(matter, scjg, "4")
    assert item.implementation_code == f"{scjg.uscc}4{FOOD}"
    claim = Claim.objects.get()
    assert (claim.region.slug, claim.implementation_code, claim.level) == (
        "shushan",
        item.implementation_code,
        "4",
    )
    assert item.base_version == matter.current_version
    assert (
        item.promised_limit == matter.current_version.statutory_limit
    )  # defaults from the catalogue
    assert item.materials == matter.current_version.materials


@pytest.mark.parametrize(
    ("level", "message"),
    [
        ("5", "行使层级 5 不在该事项允许的层级内（4 县级）"),
        ("3", "行使层级 3 不在该事项允许的层级内（4 县级）"),
    ],
)
def test_claim_level_must_be_allowed(level, message):
    matter = catalogue_matter(FOOD)
    with schema_context("shushan"), pytest.raises(DomainError) as excinfo:
        services.claim_matter(matter, department("shushan"), level)
    assert [(p.field, p.message) for p in excinfo.value.problems] == [("level", message)]


def test_cannot_claim_twice_or_with_another_regions_department():
    matter = catalogue_matter(FOOD)
    with schema_context("shushan"):
        services.claim_matter(matter, department("shushan"), "4")
        with pytest.raises(DomainError, match="市场监管局已按层级 4 认领该事项"):
            services.claim_matter(matter, department("shushan"), "4")
        with pytest.raises(DomainError, match="部门“合肥市瑶海区市场监督管理局”不属于蜀山区"):
            services.claim_matter(matter, department("yaohai"), "4")


def test_submit_lists_every_rule_violation_then_publish_versions_increase():
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"):
        services.update_item(
            item,
            {"consult_phone": "", "promised_limit": {"value": 30, "unit": "工作日", "note": ""}},
        )
        with pytest.raises(DomainError) as excinfo:
            services.submit_item(item, user="clerk")
        assert [p.field for p in excinfo.value.problems] == ["promised_limit", "consult_phone"]
        services.update_item(
            item,
            {
                "consult_phone": "0551-65301100",
                "promised_limit": {"value": 5, "unit": "工作日", "note": ""},
            },
        )
        services.submit_item(item, user="clerk")
        with pytest.raises(DomainError, match="事项正在审核中"):
            services.update_item(item, {"hours": "全天"})
        first = services.publish_item(item, user="reviewer")
        services.update_item(item, {"hours": "周一至周五 9:00-17:00"})
        assert item.state == "draft" and item.live_version == first  # still live until republished
        services.submit_item(item)
        second = services.publish_item(item)
        assert (first.number, second.number) == (1, 2)
        rows = [r for r in services.compare_item_versions(first, second) if r["changed"]]
        assert [(r["group"], r["element"], r["a"], r["b"]) for r in rows] == [
            ("local", "hours", "", "周一至周五 9:00-17:00")
        ]


def test_fixed_elements_cannot_be_edited_locally():
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"), pytest.raises(DomainError) as excinfo:
        services.update_item(item, {"name": "开饭店许可", "windows": ["main/Z99"]})
    assert [(p.field, p.message) for p in excinfo.value.problems] == [
        ("name", "不是可由市县填写的清单要素（固定要素以目录为准）")
    ]


def test_unknown_window_and_foreign_service_point_are_rejected():
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"), pytest.raises(DomainError) as excinfo:
        services.update_item(item, {"windows": ["main/Z99"], "service_points": ["340102001"]})
    assert [(p.field, p.message) for p in excinfo.value.problems] == [
        ("windows[0]", "窗口“main/Z99”不存在（格式：大厅标识/窗口编号）"),
        ("service_points[0]", "便民服务点“340102001”不属于本区划"),
    ]


def test_reorganisation_changes_the_code_and_keeps_history():
    item = listing_entry("shushan", FOOD)
    old = item.implementation_code
    with schema_context("shushan"):
        new = services.change_implementer(
            item, department=department("shushan", "数据资源局"), reason="职能划转"
        )
        history = item.code_history.get()
    assert (history.old_code, history.new_code, history.reason) == (old, new, "职能划转")
    assert Claim.objects.get().implementation_code == new


def test_a_county_cannot_read_or_edit_another_countys_entries():
    published_entry("shushan", FOOD)
    with schema_context("yaohai"):
        assert ImplementationItem.objects.count() == 0
    with schema_context("shushan"):
        assert ImplementationItem.objects.count() == 1
        item = ImplementationItem.objects.get()
    with schema_context("yaohai"):
        # The same primary key means nothing in another schema: no row to update.
        assert ImplementationItem.objects.filter(pk=item.pk).update(hours="x") == 0
