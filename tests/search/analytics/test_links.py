"""The click redirect: signed, and only ever to a guide the platform publishes."""

import uuid

import pytest
from django.urls import reverse

from core.published.models import PublishedGuide
from search.analytics import links, store
from search.analytics.models import SearchClick
from tests.factories import published_entry

from .conftest import SHUSHAN, event

pytestmark = pytest.mark.django_db

ID_CARD = "000713002000"  # 蜀山
FUND_WITHDRAWAL = "002021001000"  # 合肥


def open_url(token: str) -> str:
    return reverse("portal:open_search_result", args=[token])


def test_a_token_names_search_rank_and_guide_and_nothing_else():
    search_id = uuid.uuid4().hex
    token = links.click_token(search_id, 3, "11340104MB7221946M4000713002000")
    assert links.read(token) == links.Opened(search_id, 3, "11340104MB7221946M4000713002000")
    assert len(open_url(token)) <= 90  # a short link
    value, signature = token.rsplit(":", 1)
    for forged in (
        f"{value.replace('.3.', '.1.')}:{signature}",  # another rank
        f"{value[:-3]}999:{signature}",  # another guide
        f"{value}:{signature[:-1]}A" if signature[-1] != "A" else f"{value}:{signature[:-1]}B",
        value, "", "https://evil.example/", "../../admin",
    ):  # fmt: skip
        assert links.read(forged) is None, forged


def test_a_forged_token_is_a_404_and_records_nothing(region_client):
    item = published_entry("shushan", ID_CARD)
    row = event(SHUSHAN, "身份证", 1)
    token = links.click_token(row.id.hex, 1, item.implementation_code)
    value, signature = token.rsplit(":", 1)
    client = region_client("shushan")
    assert client.get(open_url(f"{value}x:{signature}")).status_code == 404
    assert client.get(open_url("https:evil.example")).status_code == 404
    store.flush()
    assert SearchClick.objects.count() == 0


def test_the_redirect_ignores_any_target_in_the_request(region_client):
    item = published_entry("shushan", ID_CARD)
    row = event(SHUSHAN, "身份证", 1)
    token = links.click_token(row.id.hex, 1, item.implementation_code)
    response = region_client("shushan").get(
        open_url(token), {"next": "https://evil.example/", "url": "//evil.example"}
    )
    guide = PublishedGuide.objects.get(implementation_code=item.implementation_code)
    assert response.status_code == 302
    assert response["Location"] == guide.url.split("localhost", 1)[1]  # its path on this host


def test_another_regions_guide_opens_on_that_regions_host(region_client):
    item = published_entry("hefei", FUND_WITHDRAWAL)
    row = event(SHUSHAN, "公积金", 1)
    token = links.click_token(row.id.hex, 1, item.implementation_code)
    response = region_client("shushan").get(open_url(token))
    assert response.status_code == 302
    assert response["Location"].startswith("http://hefei.localhost/")


def test_a_guide_stored_with_a_foreign_host_is_refused(region_client):
    item = published_entry("shushan", ID_CARD)
    PublishedGuide.objects.filter(implementation_code=item.implementation_code).update(
        url="https://evil.example/guides/x/"
    )
    row = event(SHUSHAN, "身份证", 1)
    token = links.click_token(row.id.hex, 1, item.implementation_code)
    assert region_client("shushan").get(open_url(token)).status_code == 404


def test_a_guide_gone_offline_leads_back_to_search(region_client):
    row = event(SHUSHAN, "身份证", 1)
    token = links.click_token(row.id.hex, 1, "11340104MB7221946M4000713002000")
    response = region_client("shushan").get(open_url(token))
    assert (response.status_code, response["Location"]) == (302, "/search/")
    store.flush()
    assert SearchClick.objects.get().event_id == row.id  # the click still counts
