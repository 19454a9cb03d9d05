"""Cached portal fragments (cms.fragments): a guide page's facts and a home's tiles are rendered
once per host and reused, yet a rating, a listing edit or a page publish shows on the next
request, two regions never share a fragment, and nothing of one visitor reaches another."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from cms.models import GuidePage, RegionHomePage
from core.identity.favourites import add_favourite
from core.listings import services as listings
from core.published.models import PublishedGuide
from core.published.ratings import rate_guide
from tests.identity.factories import PersonFactory
from tests.identity.helpers import sign_in

from .conftest import FOOD_LICENCE, ID_CARD

pytestmark = pytest.mark.django_db


def _path(slug: str) -> str:
    with schema_context(slug):
        return GuidePage.objects.get().url_path.removeprefix("/home-region")


def _projection_reads(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum("published_publishedguide" in q["sql"] for q in queries.captured_queries)


def test_a_guide_page_is_rendered_once_then_served_from_its_fragment(publish, region_client):
    publish("shushan", ID_CARD)
    client, path = region_client("shushan"), _path("shushan")
    first = client.get(path).content.decode()
    assert _projection_reads(client, path) == 0  # the facts come from the fragment
    second = client.get(path).content.decode()
    assert _without_tokens(first) == _without_tokens(second)
    assert "居民身份证申领、换领、补领" in second and "合肥市公安局蜀山分局" in second


def test_a_rating_shows_at_once_on_a_cached_guide_page(publish, region_client):
    item = publish("shushan", FOOD_LICENCE)
    client, path = region_client("shushan"), _path("shushan")
    assert "暂无评价" in client.get(path).content.decode()
    rate_guide(item.implementation_code, 1, "", "web", "fragment-client-1")
    html = client.get(path).content.decode()
    assert "已有 1 条评价，满意率 100.0%" in html
    assert _projection_reads(client, path) == 0  # a rating leaves the facts' fragment valid


def test_a_listing_edit_shows_at_once_on_the_guide_page_and_the_home(
    publish, region_client, on_commit_in
):
    item = publish("shushan", ID_CARD)  # one visit (its demo entry), 在线办理 depth Ⅲ
    client, path = region_client("shushan"), _path("shushan")
    assert PublishedGuide.objects.get().visits == 1
    assert "0551-65301299" not in client.get(path).text
    assert "跑动 1 次" in client.get("/").text
    changes = {"consult_phone": "0551-65301299", "visits": 2}
    on_commit_in("shushan", listings.update_item, item, changes)
    on_commit_in("shushan", listings.publish_item, item, direct=True)
    assert "0551-65301299" in client.get(path).text
    home = client.get("/").text
    assert "跑动 2 次" in home and "跑动 1 次" not in home


def test_a_new_guide_shows_at_once_on_a_cached_home(publish, region_client):
    publish("shushan", ID_CARD)
    client = region_client("shushan")
    assert "食品经营许可" not in client.get("/").content.decode()
    publish("shushan", FOOD_LICENCE)
    assert "食品经营许可" in client.get("/").content.decode()


def test_a_published_home_page_shows_at_once(publish, region_client):
    publish("shushan", ID_CARD)
    client = region_client("shushan")
    assert "欢迎来到蜀山" not in client.get("/").content.decode()
    with schema_context("shushan"):
        home = RegionHomePage.objects.get()
        home.intro = "<p>欢迎来到蜀山</p>"
        home.save_revision().publish()
    assert "欢迎来到蜀山" in client.get("/").content.decode()


def test_two_regions_never_share_a_fragment(publish, region_client):
    publish("shushan", ID_CARD)
    publish("yaohai", ID_CARD)
    shushan, yaohai = region_client("shushan"), region_client("yaohai")
    for _ in range(2):  # the second round is served from the fragments
        own, other = shushan.get("/").content.decode(), yaohai.get("/").content.decode()
        assert "<h1>蜀山区政务服务</h1>" in own and "<h1>瑶海区政务服务</h1>" in other
        assert "瑶海区政务服务</h1>" not in own and "蜀山区政务服务</h1>" not in other
        own, other = shushan.get(_path("shushan")).text, yaohai.get(_path("yaohai")).text
        assert "合肥市公安局蜀山分局" in own and "合肥市公安局蜀山分局" not in other
        assert "合肥市公安局瑶海分局" in other and "合肥市公安局瑶海分局" not in own


def test_nothing_of_one_visitor_reaches_another(publish, region_client):
    item = publish("shushan", ID_CARD)
    path = _path("shushan")
    person = PersonFactory(name="王芳")
    add_favourite(person.pk, item.implementation_code)
    signed_in, anonymous, caring = (region_client("shushan") for _ in range(3))
    sign_in(signed_in, person)
    caring.cookies["care_mode"] = "on"
    mine = signed_in.get(path).content.decode()  # renders and stores the fragments
    theirs = anonymous.get(path).content.decode()
    care = caring.get(path).content.decode()
    assert "个人中心（王芳）" in mine and "★ 已收藏" in mine
    assert "王芳" not in theirs and "已收藏" not in theirs and "☆ 收藏" in theirs
    assert '<html lang="zh-CN" class="care">' in care and 'class="care"' not in theirs
    tokens = [set(_tokens(html)) for html in (mine, theirs, care)]
    assert all(tokens) and not tokens[0] & tokens[1] and not tokens[1] & tokens[2]
    # the anonymous visitor's page was a fragment hit: the same facts as the citizen's
    assert _without_visitor(mine) == _without_visitor(theirs)
    home_mine, home_theirs = signed_in.get("/").text, anonymous.get("/").text
    assert "个人中心（王芳）" in home_mine and "王芳" not in home_theirs


def test_without_the_cache_the_pages_are_the_same(publish, region_client, settings):
    publish("shushan", ID_CARD)
    client, path = region_client("shushan"), _path("shushan")
    cached = [client.get(path).text, client.get("/").text]
    settings.PORTAL_FRAGMENT_CACHE = False
    assert [_without_tokens(t) for t in cached] == [
        _without_tokens(client.get(path).text), _without_tokens(client.get("/").text)
    ]  # fmt: skip


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _tokens(html: str) -> list[str]:
    return TOKEN.findall(html)


def _without_tokens(html: str) -> str:
    return TOKEN.sub("", html)


def _without_visitor(html: str) -> str:
    html = _without_tokens(html)
    html = re.sub(r'<nav class="account-nav".*?</nav>', "", html)
    return re.sub(r'<form class="favourite.*?</form>', "", html)
