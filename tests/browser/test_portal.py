"""A citizen's path through a county portal in headless Chromium (phone-sized window)."""

import re

import pytest

from core.published.models import PublishedGuide
from core.published.models_ratings import FollowUp, Rating

from .conftest import ARTIFACTS
from .data import ENTRIES, commit_portal_data, remove_portal_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def portal_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        marks = commit_portal_data()
    yield
    with django_db_blocker.unblock():
        remove_portal_data(marks)


@pytest.fixture
def base(server):
    return f"http://shushan.localhost:{server}"


def _shot(tab, name: str) -> None:
    """Every journey leaves a screenshot of where it ended (tests/artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"journey_{name}.png"), full_page=True)


def test_projection_holds_the_committed_guides(portal_data):
    assert PublishedGuide.objects.count() == len(ENTRIES)


def test_find_and_read_a_guide_then_rate_it(page, base):
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "蜀山区政务服务"
    box = page.locator("#home-q")
    box.fill("身份证")
    suggestion = page.locator("#home-q-suggestions a").first  # JavaScript enhancement
    suggestion.wait_for()
    assert "居民身份证申领、换领、补领" in suggestion.inner_text()
    box.press("Enter")  # the plain form still works
    page.wait_for_url(re.compile(r"/search/\?q="))
    # the guide named for it first; guides asking for a 身份证 among their materials follow
    assert (
        page.locator(".search-results > li > a").first.inner_text() == "居民身份证申领、换领、补领"
    )
    page.get_by_role("link", name="居民身份证申领、换领、补领").click()
    page.wait_for_url(re.compile(r"/guides/"))
    assert page.locator("h1").inner_text() == "居民身份证申领、换领、补领"
    assert page.locator(".statutory-limit").inner_text() == "60个自然日"
    assert page.locator(".promised-limit").inner_text() == "10个工作日"
    materials = page.locator("#materials .checklist label").all_inner_texts()
    assert "居民户口簿" in materials and len(materials) == 4
    page.get_by_label("居民户口簿").check()  # the checklist is usable
    # 好差评
    page.get_by_label("非常不满意").check()
    page.get_by_label(re.compile("意见建议")).fill("预约号太少")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_url(re.compile(r"rated=1"))
    assert "感谢您的评价" in page.locator("#rating").inner_text()
    _shot(page, "find_read_rate")
    rating = Rating.objects.get(comment="预约号太少")
    assert (rating.score, rating.region.slug, FollowUp.objects.get(rating=rating).state) == (
        5, "shushan", "open",
    )  # fmt: skip


def test_switch_to_the_city_and_follow_a_life_event(page, base, server):
    page.goto(base + "/")
    page.locator(".region-switcher a[rel=up]").click()
    page.wait_for_url(f"http://hefei.localhost:{server}/")
    assert page.locator("h1").inner_text() == "合肥市政务服务"
    page.get_by_role("link", name=re.compile("置业一件事")).click()
    page.wait_for_url(re.compile(r"/topics/"))
    steps = page.locator(".topic-steps a").all_inner_texts()
    assert steps == ["住房公积金提取", "住房公积金个人住房贷款"]
    assert page.locator("#materials-heading").is_visible()
    _shot(page, "city_life_event")


def test_county_life_event_bundles_the_citys_guides(page, base):
    page.goto(base + "/")
    page.get_by_role("link", name=re.compile("置业一件事")).click()
    page.wait_for_url(re.compile(r"/topics/"))
    steps = page.locator(".topic-steps a").all_inner_texts()
    assert steps == ["不动产转移登记", "住房公积金提取", "住房公积金个人住房贷款"]
    page.get_by_role("link", name="住房公积金提取").click()  # the city's guide, on the city host
    page.wait_for_url(re.compile(r"^http://hefei\.localhost:\d+/guides/"))
    assert page.locator("h1").inner_text() == "住房公积金提取"
    _shot(page, "county_life_event_city_guide")
