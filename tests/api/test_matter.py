"""matter(basicCode): the published catalogue item and where it is live; nothing unpublished."""

import pytest

from core.catalogue import services as catalogue
from core.published.models import PublishedGuide
from tests.api.conftest import FOOD_LICENCE
from tests.factories import catalogue_matter, listing_entry, published_entry

pytestmark = pytest.mark.django_db


def test_matter_lists_only_regions_with_a_live_guide(gql):
    published_entry("shushan", FOOD_LICENCE)
    listing_entry("yaohai", FOOD_LICENCE)  # claimed by 瑶海, never published
    body = gql("hefei").operation("Matter", basicCode=FOOD_LICENCE)
    matter = body["data"]["matter"]
    assert (matter["name"], matter["version"], matter["status"]) == ("食品经营许可", 1, "在用")
    assert matter["type"] == {"code": "01", "label": "行政许可"}
    assert matter["regions"] == [
        {"code": "340104", "name": "蜀山区", "slug": "shushan", "level": "COUNTY"}
    ]
    assert [g["region"]["code"] for g in matter["guides"]] == ["340104"]


def test_claimed_but_unpublished_entry_has_no_guide(gql):
    item = listing_entry("yaohai", FOOD_LICENCE)
    data = gql("yaohai")("query($c: String!) { guide(implementationCode: $c) { name } }",
                         c=item.implementation_code)  # fmt: skip
    assert data == {"guide": None}


def test_withdrawn_guide_disappears(gql, food_guide):
    PublishedGuide.objects.filter(implementation_code=food_guide.implementation_code).delete()
    data = gql("shushan")("query($c: String!) { guide(implementationCode: $c) { name } }",
                          c=food_guide.implementation_code)  # fmt: skip
    assert data == {"guide": None}


def test_a_matter_without_a_published_version_is_null(gql):
    from core.catalogue.models import Matter
    from tenants.models import Region

    catalogue_matter(FOOD_LICENCE)  # published v1 exists
    draft = catalogue.create_matter(
        Region.objects.get(slug="anhui"), "340131999000",
        {**_demo(FOOD_LICENCE), "name": "未发布的事项"}, national=False,
    )  # fmt: skip
    assert Matter.objects.get(pk=draft.pk).current_version is None
    assert gql("shushan")('{ matter(basicCode: "340131999000") { name } }') == {"matter": None}


def test_a_draft_version_does_not_leak(gql):
    matter = catalogue_matter(FOOD_LICENCE)
    draft = catalogue.start_version(matter, allow_national=True)
    catalogue.update_draft(draft, {"name": "草稿中的新名称"})
    data = gql("shushan")(f'{{ matter(basicCode: "{FOOD_LICENCE}") {{ name version }} }}')
    assert data == {"matter": {"name": "食品经营许可", "version": 1}}


def _demo(code):
    from tests.factories import demo_matter

    data = demo_matter(code)
    data.pop("basic_code", None)
    return data
