"""The publish rules and catalogue validation use the province's own 服务对象 list."""

import pytest

from core.catalogue.validation import check_version_elements
from core.domain import audience
from core.listings import rules
from tenants.models import Region
from tests.factories import demo_matter

pytestmark = pytest.mark.django_db

PLATFORM_CODES = {
    "1": {"label": "自然人", "national": "1"},
    "5": {"label": "非法人企业", "national": "6"},
    "6": {"label": "行政机关", "national": "5"},
    "9": {"label": "其他组织", "national": "6"},
}


@pytest.fixture
def anhui_uses_platform_codes():
    anhui = Region.objects.get(slug="anhui")
    anhui.applied_config = {**(anhui.applied_config or {}), "service_objects": PLATFORM_CODES}
    anhui.save(update_fields=["applied_config"])
    audience.clear_cache()
    yield anhui.code
    audience.clear_cache()


def test_catalogue_validation_accepts_the_provinces_codes_only(anhui_uses_platform_codes):
    data = {**demo_matter("000131106000"), "service_objects": ["9"]}
    assert not [p for p in check_version_elements(data, "000131106000", anhui_uses_platform_codes)
                if p.field.startswith("service_objects")]  # fmt: skip
    national = [p.message for p in check_version_elements(data, "000131106000")]
    assert any(m.startswith("服务对象代码“9”无效（可选：1 自然人") for m in national)


def test_the_audience_rule_follows_the_provinces_mapping(anhui_uses_platform_codes):
    catalogue = {"service_objects": ["9"], "themes": {"person": ["090"]}}
    only_audience = {rule.id: rule.id == "audience_theme" for rule in rules.RULES}
    found = rules.check({}, catalogue, only_audience, anhui_uses_platform_codes)
    assert [p.message for p in found] == ["服务对象为法人或其他组织，不应设置自然人主题"]
    assert rules.check({}, catalogue, only_audience, "") == []  # "9" means nothing nationally
