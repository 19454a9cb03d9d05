"""Region portals as OIDC clients: sign in through the provider, single sign-on across hosts,
sessions per host, logout everywhere."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from oauth2_provider.models import Application

from core.identity import clients

from .factories import PersonFactory
from .helpers import sign_in
from .oidc import provider_client, provider_in_process, provider_sign_in, with_password  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("provider_in_process")]


def follow_to_provider(portal, next_url="/account/"):
    response = portal.get("/account/login/", {"next": next_url})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.netloc, location.path) == (settings.IDENTITY_HOST, "/o/authorize/")
    query = parse_qs(location.query)
    assert query["code_challenge_method"] == ["S256"] and query["client_id"][0].startswith(
        "portal-"
    )
    return f"{location.path}?{location.query}"


def through_provider(portal, provider, next_url="/account/"):
    """登录 on a region host with the provider session already there: no form, one redirect."""
    response = provider.get(follow_to_provider(portal, next_url))
    assert response.status_code == 302, response.content[:300]
    callback = urlsplit(response["Location"])
    assert callback.netloc == portal.defaults["HTTP_HOST"] and callback.path == "/account/callback/"
    response = portal.get(f"{callback.path}?{callback.query}")
    assert (response.status_code, response["Location"]) == (302, next_url), response.content[:300]


def test_provisioning_registered_each_region_portal_with_its_callback():
    app = Application.objects.get(client_id="portal-shushan")
    assert app.redirect_uris == "http://shushan.localhost/account/callback/"
    assert app.post_logout_redirect_uris == "http://shushan.localhost/account/signed-out/"
    assert (app.client_type, app.skip_authorization) == ("confidential", True)
    assert clients.register_portal("shushan", "蜀山区", ["shushan.localhost"]) is None  # idempotent


def test_sign_in_on_shushan_then_one_click_on_hefei(region_client):
    person = with_password(PersonFactory(name="李娜"))
    shushan, hefei, provider = region_client("shushan"), region_client("hefei"), provider_client()
    # not signed in at the provider: its login page, then back to the authorization
    authorize = follow_to_provider(shushan)
    response = provider.get(authorize)
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    provider_sign_in(provider, person)
    through_provider(shushan, provider)
    page = shushan.get("/account/")
    assert page.status_code == 200
    assert "李娜" in page.content.decode() and person.masked_id_number in page.content.decode()
    assert '<a href="/cases/mine/">查看我的办件</a>' in page.content.decode()  # 网上办件 is live
    # hefei has its own session: not signed in until it passes through the provider
    assert hefei.get("/account/").status_code == 302
    through_provider(hefei, provider)
    assert "李娜" in hefei.get("/account/").content.decode()


def test_a_shushan_session_does_not_act_on_another_host(region_client):
    person = PersonFactory()
    shushan, hefei = region_client("shushan"), region_client("hefei")
    key = sign_in(shushan, person)
    assert shushan.get("/account/").status_code == 200
    hefei.cookies[settings.SESSION_COOKIE_NAME] = key  # the same cookie sent to hefei
    response = hefei.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_a_forged_or_replayed_callback_is_refused(region_client):
    person = with_password(PersonFactory())
    shushan, provider = region_client("shushan"), provider_client()
    provider_sign_in(provider, person)
    response = provider.get(follow_to_provider(shushan))
    callback = urlsplit(response["Location"])
    forged = shushan.get(callback.path, {"code": "x", "state": "not-ours"})
    assert forged.status_code == 400
    assert "登录请求已过期或不是从本网站发起" in forged.content.decode()
    assert shushan.get(f"{callback.path}?{callback.query}").status_code == 302
    replayed = shushan.get(f"{callback.path}?{callback.query}")  # state used up
    assert replayed.status_code == 400


def test_logout_on_one_host_ends_the_sessions_on_every_host(region_client):
    person = with_password(PersonFactory())
    shushan, hefei, provider = region_client("shushan"), region_client("hefei"), provider_client()
    provider_sign_in(provider, person)
    through_provider(shushan, provider)
    through_provider(hefei, provider)
    response = shushan.post("/account/logout/")
    logout = urlsplit(response["Location"])
    assert (logout.netloc, logout.path) == (settings.IDENTITY_HOST, "/o/logout/")
    done = provider.get(f"{logout.path}?{logout.query}")
    assert done["Location"] == "http://shushan.localhost/account/signed-out/"
    assert shushan.get("/account/").status_code == 302
    assert hefei.get("/account/").status_code == 302  # its session carried the old epoch
    assert provider.get("/account/").status_code == 302  # and the provider's own is gone


def test_the_callback_of_an_unregistered_host_is_refused(region_client):
    Application.objects.filter(client_id="portal-hefei").update(
        redirect_uris="http://elsewhere.localhost/account/callback/"
    )
    person = with_password(PersonFactory())
    provider = provider_client()
    provider_sign_in(provider, person)
    response = provider.get(follow_to_provider(region_client("hefei")))
    assert response.status_code == 400 and "Location" not in response


def test_an_id_token_signed_by_another_key_or_for_another_client_is_refused(region_client):
    from cryptography.hazmat.primitives.asymmetric import rsa
    from joserfc import jwt as jose_jwt
    from joserfc.jwk import RSAKey

    from core.identity import portal

    claims = {"iss": clients.issuer(), "aud": "portal-shushan", "sub": "p1", "nonce": "n",
              "exp": 4102444800, "iat": 1700000000}  # fmt: skip
    stranger = RSAKey.import_key(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    forged = jose_jwt.encode({"alg": "RS256", "kid": "stranger"}, claims, stranger)
    with pytest.raises(portal.SignInFailed, match="身份令牌校验失败"):
        portal.verify_id_token(forged, "portal-shushan", "n")


def test_without_a_session_cookie_the_session_is_not_read():
    from importlib import import_module

    from django.test import RequestFactory

    from core.identity.subject import current_subject

    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    assert current_subject(request) is None
    assert request.session.accessed is False  # no Vary: Cookie on anonymous pages
