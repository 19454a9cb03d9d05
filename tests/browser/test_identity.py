"""统一身份认证 in Chromium and against the running provider.

A citizen registers on 蜀山's portal (SMS code from the console gateway), is signed in on 芜湖's
with one click, keeps a guide (收藏) and finds it in 个人中心 on another host; a mini-app does the
code + PKCE flow over HTTP and calls GraphQL with its Bearer token. Screenshots are kept in
tests/artifacts/identity-*.png."""

import base64
import hashlib
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.db import connection
from django.test import override_settings
from joserfc import jwt
from joserfc.jwk import KeySet

from core.identity import accounts, clients, sms
from core.identity.models import Favourite, Person
from core.published.models import PublishedGuide
from tests.identity.factories import PersonFactory, id_number

from .conftest import ARTIFACTS
from .data import commit_portal_data, remove_portal_data
from .identity_data import (
    add_region,
    high_water,
    register_portals,
    remove_identity_data,
    remove_region,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
PORTALS = ("shushan", "wuhu")
NAME, MOBILE = "张伟", "13900139000"
DEMO_ID = "340104198503120019"
MINIAPP, MINIAPP_REDIRECT = "miniapp-browser", "https://miniapp.example/callback"


@pytest.fixture(scope="module")
def portal_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        marks = commit_portal_data()
        identity_marks = high_water()
        add_region("wuhu")
        connection.close()  # opened under Playwright's loop: the database is dropped at the end
    yield
    with django_db_blocker.unblock():
        remove_portal_data(marks)
        remove_identity_data(identity_marks)
        remove_region("wuhu")
        connection.close()


@pytest.fixture(scope="module")
def provider(server, django_db_blocker):
    """The portals and the mini-app registered for this server's port; the test process sees
    the provider at http://id.localhost:<port>."""
    with django_db_blocker.unblock():
        register_portals(PORTALS, server)
        clients.register_public_client(MINIAPP, "浏览器测试小程序", [MINIAPP_REDIRECT])
        connection.close()
    with override_settings(IDENTITY_PORT=server):
        yield server
    with django_db_blocker.unblock():
        register_portals(PORTALS, 0)
        connection.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"identity-{name}.png"), full_page=True)


def test_register_on_shushan_one_click_on_wuhu_favourite_seen_on_another_host(page, provider):
    port = provider
    shushan, wuhu = f"http://shushan.localhost:{port}", f"http://wuhu.localhost:{port}"
    page.goto(shushan + "/")
    page.get_by_role("link", name="登录").click()
    page.wait_for_url(re.compile(r"id\.localhost:\d+/login/"))
    page.get_by_role("link", name="注册").click()
    page.get_by_label("姓名").fill(NAME)
    page.get_by_label("居民身份证号").fill(DEMO_ID)
    page.get_by_label("手机号码").fill(MOBILE)
    page.get_by_role("button", name="获取验证码").click()
    assert "验证码已发送" in page.locator("[role=status]").inner_text()
    page.get_by_label("短信验证码").fill(sms.last_code(MOBILE))
    page.get_by_label("我已阅读并同意个人信息处理规则").check()
    shot(page, "1-register")
    page.get_by_role("button", name="注册并登录").click()
    page.wait_for_url(shushan + "/")  # back on 蜀山, signed in
    assert page.locator(".account-nav").inner_text() == f"个人中心（{NAME}）"
    shot(page, "2-shushan-signed-in")
    person = Person.objects.get(name=NAME)
    assert person.level == 1 and person.id_number == DEMO_ID

    page.goto(wuhu + "/")
    assert page.locator(".account-nav").inner_text() == "登录"  # its own session
    page.get_by_role("link", name="登录").click()  # one click: the provider knows the citizen
    page.wait_for_url(wuhu + "/")
    assert page.locator(".account-nav").inner_text() == f"个人中心（{NAME}）"
    shot(page, "3-wuhu-one-click")

    guide = PublishedGuide.objects.get(name="居民身份证申领、换领、补领")
    page.goto(shushan + "/" + guide.url.split("/", 3)[3])
    page.get_by_role("button", name="☆ 收藏").click()
    page.get_by_role("button", name="★ 已收藏").wait_for()
    shot(page, "4-favourited")
    assert list(Favourite.objects.filter(person=person).values_list(
        "implementation_code", flat=True)) == [guide.implementation_code]  # fmt: skip

    page.goto(wuhu + "/account/")  # 个人中心 on another host
    assert page.locator("h1").inner_text() == "个人中心"
    assert page.locator(".favourites a").first.inner_text() == "居民身份证申领、换领、补领"
    assert page.locator(".id-number").inner_text() == "3401**********0019"
    shot(page, "5-wuhu-personal-centre")

    page.get_by_role("button", name="退出登录").click()  # signs out everywhere
    page.wait_for_url(wuhu + "/account/signed-out/")
    page.goto(shushan + "/")
    assert page.locator(".account-nav").inner_text() == "登录"
    shot(page, "6-signed-out-everywhere")


def _pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


@pytest.fixture(scope="module")
def miniapp_user(portal_data, django_db_blocker):
    """A citizen with a password, committed (the server must see it)."""
    with django_db_blocker.unblock():
        person = PersonFactory(name="小程序用户", id_number=id_number(990_001))
        accounts.set_password(person, "mini-app-pass-1")
        accounts.accept_consent(person)
        connection.close()
    return person


def test_miniapp_code_pkce_flow_against_the_running_provider(provider, miniapp_user):
    port, person = provider, miniapp_user
    base, id_host = f"http://127.0.0.1:{port}", f"id.localhost:{port}"
    http = requests.Session()
    http.get(base + "/login/", headers={"Host": id_host})
    signed_in = http.post(base + "/login/", headers={"Host": id_host}, allow_redirects=False, data={
        "csrfmiddlewaretoken": http.cookies["csrftoken"], "identifier": person.mobile,
        "password": "mini-app-pass-1", "mode": "password", "next": "/account/"})  # fmt: skip
    assert signed_in.status_code == 302, signed_in.text[:300]
    verifier, challenge = _pkce()
    authorized = http.get(base + "/o/authorize/", headers={"Host": id_host}, allow_redirects=False,
                          params={"response_type": "code", "client_id": MINIAPP,
                                  "redirect_uri": MINIAPP_REDIRECT, "scope": "openid profile api",
                                  "state": "s1", "nonce": "n1", "code_challenge": challenge,
                                  "code_challenge_method": "S256",
                                  "resource": "https://localhost/graphql/"})  # fmt: skip
    location = urlsplit(authorized.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == MINIAPP_REDIRECT
    code = parse_qs(location.query)["code"][0]
    tokens = requests.post(base + "/o/token/", headers={"Host": id_host}, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": MINIAPP_REDIRECT,
        "client_id": MINIAPP, "code_verifier": verifier}).json()  # fmt: skip
    jwks = requests.get(base + "/o/.well-known/jwks.json", headers={"Host": id_host}).json()
    claims = jwt.decode(
        tokens["id_token"], KeySet.import_key_set(jwks), algorithms=["RS256"]
    ).claims
    jwt.JWTClaimsRegistry(iss={"essential": True, "value": f"http://{id_host}/o"},
                          aud={"essential": True, "value": MINIAPP},
                          nonce={"essential": True, "value": "n1"}).validate(claims)  # fmt: skip
    assert (claims["sub"], claims["name"]) == (f"p{person.pk}", "小程序用户")
    graphql = {
        "Host": f"shushan.localhost:{port}",
        "Authorization": f"Bearer {tokens['access_token']}",
    }
    me = requests.post(base + "/graphql/", json={"id": "Me"}, headers=graphql).json()
    assert me["data"]["me"]["name"] == "小程序用户"
    requests.post(base + "/o/revoke_token/", headers={"Host": id_host},
                  data={"token": tokens["access_token"], "client_id": MINIAPP})  # fmt: skip
    refused = requests.post(base + "/graphql/", json={"id": "Me"}, headers=graphql).json()
    assert refused["errors"][0]["message"] == "访问令牌无效或已撤销"
