"""Catalogue versions: draft → review → published, immutable, compared; national items read-only."""

import pytest
from django.core.exceptions import ValidationError

from core.catalogue import services
from core.catalogue.models import Matter
from core.domain.errors import DomainError
from tenants.models import Region
from tests.factories import catalogue_matter, demo_matter

pytestmark = pytest.mark.django_db

DOG = "340113101000"  # 养犬登记, a local 安徽 item
FOOD = "000131106000"  # 食品经营许可, national


def test_publishing_makes_the_version_current_and_immutable():
    matter = catalogue_matter(DOG)
    version = matter.current_version
    assert (version.number, version.state, matter.is_national) == (1, "published", False)
    version.name = "改名"
    with pytest.raises(ValidationError, match="已发布的事项版本不可修改"):
        version.save()


def test_new_version_goes_through_review_and_can_be_compared():
    matter = catalogue_matter(DOG)
    draft = services.start_version(matter, user="anhui_admin")
    assert (draft.number, draft.state) == (2, "draft")
    assert services.start_version(matter) == draft  # one open draft per matter
    services.update_draft(
        draft,
        {
            "statutory_limit": {"value": 5, "unit": "工作日", "note": ""},
            "change_note": "法定时限缩短",
        },
    )
    services.submit_version(draft, user="anhui_admin")
    assert draft.state == "review"
    services.publish_version(draft, user="reviewer")
    matter.refresh_from_db()
    assert matter.current_version == draft and draft.reviewed_by == "reviewer"
    rows = {
        r["element"]: r for r in services.compare_versions(matter.versions.get(number=1), draft)
    }
    assert rows["statutory_limit"]["changed"] and rows["statutory_limit"]["label"] == "法定办结时限"
    assert rows["statutory_limit"]["b"] == {"value": 5, "unit": "工作日", "note": ""}
    assert [r["element"] for r in rows.values() if r["changed"]] == ["statutory_limit"]


def test_rejected_version_returns_to_the_editor():
    draft = services.start_version(catalogue_matter(DOG))
    services.update_draft(draft, {"change_note": "更新依据"})
    services.submit_version(draft)
    services.reject_version(draft, user="reviewer", note="依据需更新")
    assert (draft.state, draft.review_note, draft.change_note) == (
        "rejected",
        "依据需更新",
        "更新依据",
    )
    services.update_draft(draft, {"description": "已更新"})
    assert draft.state == "draft"


def test_national_items_are_read_only():
    matter = catalogue_matter(FOOD)
    assert matter.is_national
    with pytest.raises(DomainError, match="国家目录事项为只读"):
        services.start_version(matter)
    assert services.start_version(matter, allow_national=True).number == 2


def test_submit_refuses_invalid_elements_naming_each_field():
    draft = services.start_version(catalogue_matter(DOG))
    services.update_draft(
        draft,
        {"levels": ["9"], "legal_basis": [], "materials": [{"name": "申请表", "kind": "扫描件"}]},
    )
    with pytest.raises(DomainError) as excinfo:
        services.submit_version(draft)
    assert [(p.field, p.message) for p in excinfo.value.problems] == [
        ("levels[0]", "行使层级代码“9”无效（1–7）"),
        ("legal_basis", "设定依据至少一条（法律法规名称、条款号、条款内容）"),
        ("materials[0].kind", "材料类型“扫描件”无效，可选：原件、复印件、原件和复印件"),
        ("change_note", "请填写变更说明：本版本改了什么、为什么改"),
    ]


def test_sub_item_needs_its_main_item_and_codes_are_validated():
    anhui = Region.objects.get(slug="anhui")
    data = demo_matter("000131127001")
    with pytest.raises(DomainError, match="子项 000131127001 的主项 00013112700Y 不存在"):
        services.create_matter(anhui, "000131127001", data, national=True)
    with pytest.raises(DomainError, match="基本编码第3–4位 01 与事项类型 07 不一致"):
        services.create_matter(anhui, "000104002000", {**data, "type": "07"}, national=True)
    sub = catalogue_matter("000131127001")
    assert sub.parent.basic_code == "00013112700Y"
    assert Matter.objects.get(basic_code="00013112700Y").children.get() == sub


def test_local_items_carry_the_province_prefix():
    anhui = Region.objects.get(slug="anhui")
    with pytest.raises(
        DomainError, match="地方事项基本编码应以本省代码 34 开头（00 为国家目录事项）"
    ):
        services.create_matter(anhui, "510113101000", demo_matter(DOG))
