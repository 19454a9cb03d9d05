"""The province's catalogue in the Wagtail admin: list, matter page, draft → review → published,
comparison, national items read-only, local matters, and the menu only on a province tenant."""

import pytest
from django.urls import reverse

from core.catalogue import services as catalogue
from core.catalogue.admin.forms import NewMatterForm, VersionForm
from core.catalogue.models import Matter
from tests.admin.helpers import admin_client, post_data, staff_user
from tests.factories import catalogue_matter, demo_matter

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"  # national
DOG_REGISTRATION = "340113101000"  # local (安徽)


def url(name, *args):
    return reverse(f"catalogue_admin:{name}", args=args)


def test_province_admin_lists_searches_and_filters_matters():
    catalogue_matter(FOOD_LICENCE)
    catalogue_matter(DOG_REGISTRATION)
    client = admin_client("anhui")
    page = client.get(url("index")).content.decode()
    assert "食品经营许可" in page and "养犬登记" in page
    found = client.get(url("index"), {"q": "养犬"}).content.decode()
    assert "养犬登记" in found and "食品经营许可" not in found
    by_alias = client.get(url("index"), {"q": "办狗证"}).content.decode()
    local = client.get(url("index"), {"is_national": "false"}).content.decode()
    assert ("养犬登记" in local, "食品经营许可" in local) == ("养犬登记" in by_alias, False)


def test_matter_page_shows_elements_history_and_claims():
    matter = catalogue_matter(FOOD_LICENCE)
    page = admin_client("anhui").get(url("matter", matter.pk)).content.decode()
    version = matter.current_version
    assert version.legal_basis[0]["law"] in page
    assert version.materials[0]["name"] in page
    assert "版本历史" in page and "尚无地区认领该事项" in page


def test_draft_submit_publish_and_compare():
    matter = catalogue_matter(DOG_REGISTRATION)
    client = admin_client("anhui")
    response = client.post(url("start_version", matter.pk))
    assert response.status_code == 302 and response.url == url("edit", matter.pk)
    assert client.get(url("edit", matter.pk)).status_code == 200
    draft = matter.versions.get(number=2)
    elements = {**draft.elements(), "name": "养犬登记（含犬只免疫）"}
    refused = client.post(
        url("edit", matter.pk), post_data(VersionForm(elements=elements), action="submit")
    )
    assert refused.status_code == 422
    assert "请填写变更说明：本版本改了什么、为什么改" in refused.content.decode()
    form = VersionForm(elements={**elements, "change_note": "名称写明含犬只免疫"})
    response = client.post(url("edit", matter.pk), post_data(form, action="submit"))
    assert response.status_code == 302, response.content.decode()[-3000:]
    draft.refresh_from_db()
    assert (draft.state, draft.name) == ("review", "养犬登记（含犬只免疫）")
    assert draft.legal_basis == matter.current_version.legal_basis  # untouched rows kept
    assert draft.materials == matter.current_version.materials
    assert client.post(url("publish", matter.pk, draft.pk)).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "review"  # four-eyes: its 编制人 may not publish it
    reviewer = staff_user("anhui", "anhui_reviewer", groups=["目录审核员"])
    assert reviewer.post(url("publish", matter.pk, draft.pk)).status_code == 302
    matter.refresh_from_db()
    assert (matter.current_version.number, matter.current_version.state) == (2, "published")
    v1 = matter.versions.get(number=1)
    page = client.get(url("compare", matter.pk), {"a": v1.pk, "b": draft.pk}).content.decode()
    assert 'data-element="name" data-changed="1"' in page
    assert 'data-element="materials" data-changed="0"' in page
    assert "共 1 项要素有变化" in page
    assert "<strong>v2</strong>（已发布，" in page and "）：名称写明含犬只免疫</li>" in page


def test_submit_refused_shows_each_problem_next_to_its_field():
    matter = catalogue_matter(DOG_REGISTRATION)
    client = admin_client("anhui")
    client.post(url("start_version", matter.pk))
    draft = matter.versions.get(number=2)
    form = VersionForm(elements={**draft.elements(), "legal_basis": [], "levels": []})
    response = client.post(url("edit", matter.pk), post_data(form, action="submit"))
    page = response.content.decode()
    assert response.status_code == 422
    assert "设定依据至少一条" in page and "至少允许一个行使层级" in page
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_national_matter_is_read_only():
    matter = catalogue_matter(FOOD_LICENCE)
    client = admin_client("anhui")
    page = client.get(url("matter", matter.pk)).content.decode()
    assert "国家目录事项（只读）" in page
    assert url("start_version", matter.pk) not in page and url("edit", matter.pk) not in page
    # Wagtail answers PermissionDenied with a redirect to the dashboard and an error message
    for response in (
        client.post(url("start_version", matter.pk)),
        client.get(url("edit", matter.pk)),
    ):
        assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert matter.versions.count() == 1


def test_publishing_needs_a_reviewer():
    matter = catalogue_matter(DOG_REGISTRATION)
    client = admin_client("anhui")
    client.post(url("start_version", matter.pk))
    draft = matter.versions.get(number=2)
    catalogue.update_draft(draft, {"change_note": "补充设定依据"})
    client.post(url("submit", matter.pk, draft.pk))
    clerk = staff_user("anhui", "anhui_clerk")
    refused = clerk.post(url("publish", matter.pk, draft.pk))
    assert (refused.status_code, refused.url) == (302, reverse("wagtailadmin_home"))
    draft.refresh_from_db()
    assert draft.state == "review"
    reviewer = staff_user("anhui", "anhui_reviewer", groups=["目录审核员"])
    assert (
        reviewer.post(url("reject", matter.pk, draft.pk), {"note": "补充依据"}).status_code == 302
    )
    draft.refresh_from_db()
    assert (draft.state, draft.review_note, draft.change_note, draft.reviewed_by) == (
        "rejected",
        "补充依据",
        "补充设定依据",
        "anhui_reviewer",
    )


def test_create_local_matter_validates_the_basic_code():
    client = admin_client("anhui")
    data = {k: v for k, v in demo_matter(DOG_REGISTRATION).items() if k != "basic_code"}
    form = NewMatterForm(elements={**data, "name": "犬只年检"})
    response = client.post(url("create"), post_data(form, basic_code="3401131020"))
    assert response.status_code == 422
    assert "基本编码应为12位" in response.content.decode()
    response = client.post(url("create"), post_data(form, basic_code="340113102000"))
    assert response.status_code == 302
    matter = Matter.objects.get(basic_code="340113102000")
    assert (matter.is_national, matter.versions.get().name) == (False, "犬只年检")


def test_catalogue_menu_and_pages_only_on_a_province():
    province_home = admin_client("anhui").get("/admin/").content.decode()
    county = admin_client("shushan")
    county_home = county.get("/admin/").content.decode()
    assert url("index") in province_home
    assert url("index") not in county_home and url("claims") not in county_home
    assert county.get(url("index")).status_code == 404
    assert county.get(url("claims")).status_code == 404


def test_claims_overview_counts_regions_and_entries():
    from tests.factories import published_entry

    published_entry("shushan", FOOD_LICENCE)
    page = admin_client("anhui").get(url("claims")).content.decode()
    region_row = (
        "<td>蜀山区</td><td>340104</td><td>1</td><td>0</td>\n                        <td>1</td>"
    )
    assert region_row in page
