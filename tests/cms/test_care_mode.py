"""关怀版 (适老化 / 无障碍): a cookie set by a plain form, read by every portal page."""

import pytest

from cms.care_mode import COOKIE, MAX_AGE

from .conftest import ID_CARD

pytestmark = pytest.mark.django_db


def test_the_switch_sets_the_cookie_and_goes_back(region_client):
    client = region_client("shushan")
    response = client.post("/care-mode/", {"mode": "care", "next": "/guides/?x=1"})
    assert (response.status_code, response["Location"]) == (302, "/guides/?x=1")
    cookie = response.cookies[COOKIE]
    assert (cookie.value, cookie["max-age"], cookie["samesite"], cookie["path"]) == (
        "on", MAX_AGE, "Lax", "/",
    )  # fmt: skip
    assert cookie["domain"] == ""  # localhost: host-only (browsers refuse Domain=localhost)
    back = client.post("/care-mode/", {"mode": "care"}, HTTP_REFERER="http://shushan.localhost/x/")
    assert back["Location"] == "http://shushan.localhost/x/"
    elsewhere = client.post(
        "/care-mode/", {"mode": "care"}, HTTP_REFERER="http://yaohai.localhost/"
    )
    assert elsewhere["Location"] == "/"
    off = client.post("/care-mode/", {"mode": "standard", "next": "/"})
    assert off.cookies[COOKIE].value == "" and off.cookies[COOKIE]["max-age"] == 0


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_the_switch_never_sends_people_to_another_site(region_client, target):
    response = region_client("shushan").post("/care-mode/", {"mode": "care", "next": target})
    assert response["Location"] == "/"


def test_the_switch_answers_the_pages_script_in_json(region_client):
    response = region_client("shushan").post(
        "/care-mode/", {"mode": "care"}, HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"care": True} and response.cookies[COOKIE].value == "on"
    assert region_client("shushan").get("/care-mode/").status_code == 405


def test_one_deployment_wide_cookie_on_a_real_base_domain(region_client, settings):
    settings.TENANT_BASE_DOMAIN = "zwfw.example.gov.cn"
    from cms.care_mode import cookie_domain

    assert cookie_domain() == "zwfw.example.gov.cn"


def test_every_page_renders_the_mode_and_a_switch_that_works_without_javascript(
    publish, region_client
):
    publish("shushan", ID_CARD)
    client = region_client("shushan")
    html = client.get("/").content.decode()
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    form = html[
        html.index('<form class="care-switch"') : html.index("</form>", html.index("care-switch"))
    ]
    assert 'method="post" action="/care-mode/"' in form
    assert '<input type="hidden" name="mode" value="care">' in form
    assert 'name="next"' not in form  # back to the Referer: the page's HTML does not vary
    assert 'aria-pressed="false"' in form and ">关怀版</button>" in form
    client.post("/care-mode/", {"mode": "care", "next": "/"})
    for path in ("/", "/search/?q=身份证"):
        page = client.get(path).content.decode()
        assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN" class="care">'), path
        assert 'aria-pressed="true"' in page and 'name="mode" value="standard"' in page
        assert '<a href="#main" class="skip">跳到主要内容</a>' in page
