"""Province and city homes show what their regions offer; the region bar is at the top; the
phone home has one search box; 一件事 totals read as people write them."""

import re
from urllib.parse import quote

import pytest

from cms.models import TopicPage
from cms.portal import days_text
from core.published.models_ratings import Rating

from .conftest import FOOD_LICENCE, FUND_LOAN, FUND_WITHDRAWAL, ID_CARD, TRANSFER
from .test_portal import _path

pytestmark = pytest.mark.django_db


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</ul>", start)]


def _tiles(html: str, heading_id: str) -> list[tuple[str, str]]:
    """(href, text without tags) of every tile of a home section."""
    found = re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', _section(html, heading_id))
    return [(href, re.sub(r"<[^>]+>", " ", text).split()[0]) for href, text in found]


def _rate(implementation_code: str, region_slug: str, times: int) -> None:
    from tenants.models import Region

    region = Region.objects.get(slug=region_slug)
    for n in range(times):
        Rating.objects.create(region=region, implementation_code=implementation_code, score=1,
                              channel="web", client_hash=f"{implementation_code}-{n}")  # fmt: skip


def test_province_home_shows_its_regions_services_topics_and_regions(publish, region_client):
    id_card = publish("shushan", ID_CARD)
    publish("yaohai", ID_CARD)
    publish("shushan", FOOD_LICENCE)
    publish("shushan", TRANSFER)
    loan = publish("hefei", FUND_LOAN)
    _rate(loan.implementation_code, "hefei", 3)
    _rate(id_card.implementation_code, "shushan", 1)
    html = region_client("anhui").get("/").content.decode()
    assert "<h1>安徽省政务服务</h1>" in html
    hot = _tiles(html, "hot-heading")
    # most rated first, then the matters most regions implement; each is searched across the
    # province (the province implements none of them itself)
    names = [name for _, name in hot]
    assert names[:2] == ["住房公积金个人住房贷款", "居民身份证申领、换领、补领"]
    assert sorted(names[2:]) == ["不动产转移登记", "食品经营许可"]
    assert hot[1][0] == "/search/?q=" + quote("居民身份证申领、换领、补领")
    assert '<span class="regions">2 个地区可办</span>' in _section(html, "hot-heading")
    topics = _tiles(html, "event-heading")  # 置业: 不动产转移登记, 公积金贷款
    assert ("/search/?life_event=" + quote("置业"), "置业一件事") in topics
    assert '置业一件事 <span class="count">2项</span>' in html
    assert _tiles(html, "sub-heading")[0] == ("http://hefei.localhost/", "合肥市")
    assert '合肥市 <span class="count">5项</span>' in html  # the city's own and its counties'
    assert "暂无" not in html
    # the region bar comes before the heading, the search box right after it
    assert html.index('class="region-bar') < html.index("<h1>") < html.index('id="home-q"')
    assert html.count('type="search"') == 1  # the header's box is not repeated on the home


def test_city_home_links_its_own_guide_and_searches_its_counties(publish, region_client):
    publish("hefei", FUND_WITHDRAWAL)
    publish("shushan", ID_CARD)
    html = region_client("hefei").get("/").content.decode()
    hot = dict((name, href) for href, name in _tiles(html, "hot-heading"))
    assert hot["住房公积金提取"].startswith("/guides/")  # the city's own guide, on its host
    assert hot["居民身份证申领、换领、补领"].startswith("/search/?q=")
    assert _tiles(html, "sub-heading") == [("http://baohe.localhost/", "包河区")] or (
        ("http://shushan.localhost/", "蜀山区") in _tiles(html, "sub-heading")
    )
    bar = html[html.index('class="region-bar') : html.index("</nav>", html.index("region-bar"))]
    assert '<a href="http://anhui.localhost/" rel="up">安徽省</a>' in bar
    assert '<li aria-current="page"><strong>合肥市</strong></li>' in bar
    assert "<summary>切换地区</summary>" in bar and "蜀山区" in bar


def test_county_home_keeps_its_chain_and_shows_the_way_up(publish, region_client):
    publish("shushan", ID_CARD)
    publish("hefei", FUND_WITHDRAWAL)
    html = region_client("shushan").get("/").content.decode()
    bar = html[html.index('class="region-bar') : html.index("</nav>", html.index("region-bar"))]
    assert re.findall(r"<li>(?:<a [^>]+>)?([^<]+)", bar)[:2] == ["安徽省", "合肥市"]
    assert 'rel="up">合肥市</a>' in bar and "同级地区" in bar
    assert "sub-heading" not in html  # a county has no regions below
    hot = [name for _, name in _tiles(html, "hot-heading")]
    assert hot == ["居民身份证申领、换领、补领", "住房公积金提取"]  # nearest first


def test_topic_totals_print_whole_days_without_a_decimal(publish, region_client):
    assert [days_text(d) for d in (10.0, 8, 7.142857, 0.0)] == ["10", "8", "7.1", "0"]
    publish("shushan", TRANSFER)  # 3 working days
    publish("hefei", FUND_WITHDRAWAL)  # 即办
    publish("hefei", FUND_LOAN, promised_limit={"value": 7, "unit": "自然日", "note": ""})
    html = region_client("shushan").get(_path("shushan", TopicPage, life_event="置业")).content
    html = html.decode()
    assert '<dd class="total-promised">约 8 个工作日</dd>' in html  # 3 + 0 + 7×5/7
    statutory = re.search(r'<dd class="total-statutory">([^<]+)</dd>', html).group(1)
    assert re.fullmatch(r"约 \d+(\.\d)? 个工作日", statutory) and ".0 " not in statutory
