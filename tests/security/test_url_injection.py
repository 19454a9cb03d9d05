"""Links staff type (网上办理地址) are http(s) only: refused on import, in the admin and by the
services, and never rendered as a link when a bad one is already stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tenants.utils import schema_context

from cms.models import GuidePage
from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.exchange.problems import ImportFailed
from core.domain.errors import DomainError
from core.domain.urls import URL_MESSAGE, is_safe_url, safe_url, validate_http_url
from core.listings import services
from core.listings.admin.forms import ItemForm
from core.listings.exchange.importer import import_listing
from core.listings.models import ImplementationItem
from core.published.models import PublishedGuide
from core.published.stamps import guide_row_changed
from tenants.models import Region
from tests.admin.helpers import admin_client, post_data
from tests.cms.conftest import FOOD_LICENCE
from tests.exchange.conftest import SAMPLES, write
from tests.factories import listing_entry

pytestmark = pytest.mark.django_db

HOSTILE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example.cn/a",
    "//evil.example.com/login",
    "/relative/path",
    "http:alert(1)",
    "https://\u200bexample.cn",
    "https://@evil.example.com",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_links_are_not_safe(value):
    assert not is_safe_url(value)
    assert safe_url(value) == ""


@pytest.mark.parametrize("value", HOSTILE)
def test_the_field_validator_refuses_hostile_links(value):
    with pytest.raises(ValidationError) as caught:
        validate_http_url(value)
    assert caught.value.messages == [URL_MESSAGE]


@pytest.mark.parametrize(
    "value", ["https://www.ahzwfw.gov.cn/baohe/guide/1?a=1#x", "HTTP://zwfw.example.cn"]
)
def test_http_and_https_links_are_safe(value):
    assert is_safe_url(value) and safe_url(value) == value


@pytest.mark.parametrize("value", ["javascript:alert(1)", "java\tscript:alert(1)"])
def test_services_refuse_a_javascript_online_url(value):
    item = listing_entry("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        before = ImplementationItem.objects.get(pk=item.pk).online_url
        with pytest.raises(DomainError) as caught:
            services.update_item(item, {"online_url": value})
        assert [p.field for p in caught.value.problems] == ["online_url"]
        assert "http:// 或 https://" in caught.value.problems[0].message
        assert ImplementationItem.objects.get(pk=item.pk).online_url == before


def test_import_refuses_a_javascript_online_url_and_writes_nothing(tmp_path, listing_sample):
    import_catalogue(Region.objects.get(slug="anhui"), SAMPLES / "catalogue-sample.json")
    listing_sample["items"][1]["online_url"] = "javascript:alert(1)"
    path = write(tmp_path / "bad-url.json", listing_sample)
    with pytest.raises(ImportFailed) as caught:
        import_listing(Region.objects.get(slug="shushan"), path)
    assert [str(p) for p in caught.value.problems] == [
        "bad-url.json 第2行 online_url：网上办理地址无效："
        "网址只能以 http:// 或 https:// 开头，且不能含空格或控制字符"
    ]
    with schema_context("shushan"):
        assert not ImplementationItem.objects.exists()


def test_admin_edit_form_refuses_a_javascript_online_url():
    item = listing_entry("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        form = ItemForm(elements=item.local_elements(), region=item.department.region)
        data = post_data(form, online_url="javascript:alert(1)")
    response = admin_client("shushan").post(reverse("listings_admin:edit", args=[item.pk]), data)
    assert response.status_code == 400
    assert "网上办理地址无效" in response.content.decode()
    with schema_context("shushan"):
        assert ImplementationItem.objects.get(pk=item.pk).online_url.startswith("https://")


def test_a_stored_javascript_link_is_not_rendered(publish, region_client):
    item = publish("shushan", FOOD_LICENCE)
    guide = PublishedGuide.objects.get(implementation_code=item.implementation_code)
    good = guide.payload["local"]["online_url"]
    assert good.startswith("https://")
    # below depth Ⅲ the platform takes no application itself: 在线办理 is the entry's link
    guide.payload["local"]["online_depth"] = 2
    PublishedGuide.objects.filter(pk=guide.pk).update(payload=guide.payload)
    with schema_context("shushan"):
        page = GuidePage.objects.get()
        path = page.url_path.removeprefix(page.get_site().root_page.url_path)
    client = region_client("shushan")
    assert f'href="{good}"' in client.get(f"/{path}").content.decode()
    # A bad link stored before validation existed (or written around it) is not rendered.
    guide.payload["local"]["online_url"] = "JavaScript:alert(document.cookie)"
    PublishedGuide.objects.filter(pk=guide.pk).update(payload=guide.payload)
    # QuerySet.update sends no signal: say the row changed, as a save would, or the page would
    # be served from the fragment rendered above (cms.fragments) until it expires.
    guide_row_changed(guide)
    html = client.get(f"/{path}").content.decode()
    assert "食品经营许可" in html and "在线办理</a>" not in html
    assert 'href="javascript:' not in html.lower()
