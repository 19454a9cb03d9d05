"""Adversarial review of 统一身份认证 (review4): open redirects, CSRF, session fixation, OIDC
redirect_uri / PKCE / code replay, Bearer misuse, hostile enterprise ids."""

import json
from importlib import import_module
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context
from oauth2_provider.models import Grant

from core.identity import accounts, consent, portal
from core.identity.models import Person
from tests.identity.factories import EnterpriseFactory, PersonFactory
from tests.identity.helpers import sign_in
from tests.identity.oidc import (
    MINIAPP,
    MINIAPP_REDIRECT,
    PASSWORD,
    authorize_params,
    code_from,
    miniapp_client,
    miniapp_tokens,
    pkce,
    provider_client,
    provider_sign_in,
    with_password,
)

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/\t/evil.example/",
    "http:evil.example",
    "javascript:alert(1)",
    "https://shushan.localhost.evil.example/",
    " //evil.example/",
]


def _epoch(person) -> int:
    return Person.objects.get(pk=person.pk).session_epoch


# --- open redirects ----------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_the_provider_login_never_redirects_off_host(hostile):
    person = with_password(PersonFactory())
    response = provider_client().post("/login/", {
        "identifier": person.mobile, "password": PASSWORD, "mode": "password", "next": hostile,
    })  # fmt: skip
    assert (response.status_code, response["Location"]) == (302, "/account/")


@pytest.mark.parametrize("hostile", HOSTILE_NEXT)
def test_the_portal_login_keeps_no_off_host_next(region_client, hostile):
    client = region_client("shushan")
    response = client.get("/account/login/", {"next": hostile})
    assert response.status_code == 302
    with schema_context("shushan"):
        flows = client.session[portal.FLOW_KEY]
    assert [flow["next"] for flow in flows.values()] == ["/account/"]


def test_a_new_consent_keeps_the_whole_authorization_request_as_next(monkeypatch):
    """Before: /consent/?next=<unquoted> cut the authorize URL at its first '&', so a citizen
    asked for a new notice version came back to a broken authorization request."""
    person = with_password(PersonFactory())
    monkeypatch.setattr(consent, "CURRENT_VERSION", "2099-01")
    monkeypatch.setitem(consent.NOTICES, "2099-01", "新版规则")
    wanted = "/o/authorize/?client_id=portal-shushan&response_type=code&state=s-1&nonce=n-1"
    client = provider_client()
    response = client.post("/login/", {"identifier": person.mobile, "password": PASSWORD,
                                       "mode": "password", "next": wanted})  # fmt: skip
    location = urlsplit(response["Location"])
    assert location.path == "/consent/"
    assert parse_qs(location.query)["next"] == [wanted]
    page = client.get(response["Location"]).content.decode()
    assert f'value="{wanted.replace("&", "&amp;")}"' in page
    accepted = client.post("/consent/", {"consent": "2099-01", "next": wanted})
    assert accepted["Location"] == wanted


def test_consent_without_a_session_sends_to_login_with_the_whole_next():
    wanted = "/o/authorize/?client_id=portal-shushan&state=s-1"
    response = provider_client().get("/consent/", {"next": wanted})
    location = urlsplit(response["Location"])
    assert location.path == "/login/"
    assert parse_qs(location.query)["next"] == [f"/consent/?{urlencode({'next': wanted})}"]


# --- CSRF on state-changing views --------------------------------------------------------------


def test_portal_state_changes_need_the_csrf_token(region_client):
    enterprise = EnterpriseFactory()
    person = enterprise.administrator
    client = Client(HTTP_HOST="shushan.localhost", enforce_csrf_checks=True)
    sign_in(client, person)
    epoch = _epoch(person)
    for path, data in [
        ("/account/logout/", {}),
        ("/account/enterprise/act-as/", {"enterprise": enterprise.pk}),
        ("/account/favourites/", {"implementation_code": "x", "action": "remove"}),
    ]:
        assert client.post(path, data).status_code == 403, path
    assert _epoch(person) == epoch
    page = client.get("/account/enterprise/").content.decode()
    assert "您正在以个人身份办事" in page  # act-as did not happen, and the session lives


def test_provider_state_changes_need_the_csrf_token():
    enterprise = EnterpriseFactory()
    person = with_password(enterprise.administrator)
    client = Client(HTTP_HOST=settings.IDENTITY_HOST, enforce_csrf_checks=True)
    page = client.get("/login/")
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    signed_in = client.post("/login/", {"identifier": person.mobile, "password": PASSWORD,
                                        "mode": "password", "next": "/account/",
                                        "csrfmiddlewaretoken": token})  # fmt: skip
    assert signed_in["Location"] == "/account/"
    epoch = _epoch(person)
    agent = PersonFactory()
    for path, data in [
        ("/logout/", {}),
        ("/account/logout-everywhere/", {}),
        ("/account/close/", {"confirm": "注销"}),
        (f"/account/enterprises/{enterprise.pk}/agents/", {"identifier": agent.mobile}),
        ("/account/verify/", {}),
    ]:
        assert client.post(path, data).status_code == 403, path
    assert _epoch(person) == epoch and Person.objects.filter(pk=person.pk).exists()
    assert not enterprise.agents.exists()
    assert client.get("/account/").status_code == 200  # still signed in


def test_a_logout_link_without_the_id_token_only_asks():
    """RP-initiated logout by GET from another site (no id_token_hint): a confirmation page,
    nobody is signed out."""
    person = with_password(PersonFactory())
    client = provider_client()
    provider_sign_in(client, person)
    epoch = _epoch(person)
    response = client.get("/o/logout/", {"client_id": "portal-shushan"})
    assert response.status_code == 200
    assert _epoch(person) == epoch and client.get("/account/").status_code == 200


# --- sessions --------------------------------------------------------------------------------


def test_a_planted_provider_session_is_not_kept_at_sign_in():
    person = with_password(PersonFactory())
    engine = import_module(settings.SESSION_ENGINE)
    with schema_context("public"):
        planted = engine.SessionStore()
        planted["x"] = 1
        planted.save()
    client = provider_client()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted.session_key
    provider_sign_in(client, person)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != planted.session_key
    with schema_context("public"):
        assert "_auth_user_id" not in engine.SessionStore(planted.session_key).load()


# --- OIDC --------------------------------------------------------------------------------------


@pytest.fixture
def at_provider():
    miniapp_client()
    person = with_password(PersonFactory())
    client = provider_client()
    provider_sign_in(client, person)
    return client, person


@pytest.mark.parametrize(
    "redirect_uri",
    [
        MINIAPP_REDIRECT + "?next=https://evil.example/",
        MINIAPP_REDIRECT + "/../../evil",
        MINIAPP_REDIRECT + "/",
        MINIAPP_REDIRECT.replace("https://", "http://"),
        MINIAPP_REDIRECT.replace("miniapp.example", "miniapp.example.evil.example"),
        MINIAPP_REDIRECT.replace("miniapp.example", "miniapp.example:8443"),
        MINIAPP_REDIRECT.replace("https://", "https://user@"),
    ],
)
def test_only_the_exact_registered_redirect_uri_gets_a_code(at_provider, redirect_uri):
    """RFC 9700 §4.1.3: exact string matching. django-oauth-toolkit alone lets extra query
    parameters through (a client page that honours ?next= would hand the code on)."""
    client, _ = at_provider
    _, challenge = pkce()
    response = client.get("/o/authorize/", authorize_params(challenge, redirect_uri=redirect_uri))
    assert response.status_code == 400 and "Location" not in response
    assert not Grant.objects.exists()


def test_pkce_cannot_be_downgraded_to_plain(at_provider):
    client, _ = at_provider
    verifier, _ = pkce()
    response = client.get(
        "/o/authorize/", authorize_params(verifier, code_challenge_method="plain")
    )
    assert response.status_code == 302
    assert "error=invalid_request" in response["Location"] and "code=" not in response["Location"]
    assert not Grant.objects.exists()


def test_a_code_is_spent_by_its_first_exchange(at_provider):
    client, _ = at_provider
    verifier, challenge = pkce()
    code = code_from(client.get("/o/authorize/", authorize_params(challenge)))
    body = {"grant_type": "authorization_code", "code": code, "redirect_uri": MINIAPP_REDIRECT,
            "client_id": MINIAPP, "code_verifier": verifier}  # fmt: skip
    assert client.post("/o/token/", body).status_code == 200
    replay = client.post("/o/token/", body)
    assert (replay.status_code, replay.json()["error"]) == (400, "invalid_grant")


def _me(client, token=None, **headers):
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    response = client.post("/graphql/", json.dumps({"id": "Me"}),
                           content_type="application/json", **headers)  # fmt: skip
    return response.json()


def _refused(body) -> bool:
    """No citizen, and the UNAUTHENTICATED error (not an internal one)."""
    me = (body.get("data") or {}).get("me")
    codes = [e["extensions"]["code"] for e in body.get("errors", [])]
    return me is None and codes == ["UNAUTHENTICATED"]


def test_an_id_token_is_not_an_access_token(at_provider, region_client):
    client, _ = at_provider
    tokens = miniapp_tokens(client)
    assert _refused(_me(region_client("shushan"), tokens["id_token"]))


def test_a_refused_bearer_token_does_not_fall_back_to_the_session(at_provider, region_client):
    """A request naming a revoked or bogus token is refused, even with a portal session cookie
    (before: the session answered, so CSRF-exempt Bearer paths ran on the cookie)."""
    client, person = at_provider
    tokens = miniapp_tokens(client)
    shushan = region_client("shushan")
    sign_in(shushan, person)
    assert _me(shushan)["data"]["me"]["name"] == person.name  # the session alone works
    accounts.revoke_tokens(person)
    for token in (tokens["access_token"], "bogus"):
        assert _refused(_me(shushan, token)), token
    # another scheme (Basic from a proxy in front of a staging site) is not ours: the session
    assert (
        _me(shushan, HTTP_AUTHORIZATION="Basic Zm9vOmJhcg==")["data"]["me"]["name"] == person.name
    )


def test_the_upload_endpoint_does_not_skip_csrf_for_a_refused_bearer(region_client):
    person = PersonFactory()
    client = Client(HTTP_HOST="shushan.localhost", enforce_csrf_checks=True)
    sign_in(client, person)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post("/cases/uploads/", {"file": upload},
                           HTTP_AUTHORIZATION="Bearer not-a-token")  # fmt: skip
    assert response.status_code == 401
    with schema_context("shushan"):
        from core.cases.models import CaseFile

        assert not CaseFile.objects.exists()


# --- hostile enterprise ids --------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١", "1e3", "-1", "9" * 30])
def test_a_non_ascii_or_odd_enterprise_id_is_refused_cleanly(region_client, value):
    """'²'.isdigit() is True but int('²') raises: before, a 500 on the portal and the API."""
    miniapp_client()
    enterprise = EnterpriseFactory()
    person = with_password(enterprise.administrator)
    provider = provider_client()
    provider_sign_in(provider, person)
    token = miniapp_tokens(provider)["access_token"]
    shushan = region_client("shushan")
    sign_in(shushan, person)
    response = shushan.post("/account/enterprise/act-as/", {"enterprise": value})
    assert response.status_code in (302, 400, 403)
    with schema_context("shushan"):
        assert shushan.session.get("identity.enterprise") is None
    assert _refused(_me(region_client("shushan"), token, HTTP_X_ACTING_ENTERPRISE=value))


# --- a careless operator -----------------------------------------------------------------------


def test_production_refuses_the_development_sms_mailbox(settings):
    """The mailbox page lists every one-time code: a dev .env copied to production (with
    IDENTITY_DEV_MAILBOX=true) let anybody sign in with anybody's mobile."""
    from core.identity.checks import check_dev_mailbox

    settings.IDENTITY_REQUIRE_ENV_KEYS, settings.IDENTITY_DEV_MAILBOX = True, True
    assert [e.id for e in check_dev_mailbox(None)] == ["identity.E002"]
    settings.IDENTITY_DEV_MAILBOX = False
    assert check_dev_mailbox(None) == []
    assert provider_client().get("/dev/mailbox/").status_code == 404
    settings.IDENTITY_REQUIRE_ENV_KEYS, settings.IDENTITY_DEV_MAILBOX = False, True
    assert check_dev_mailbox(None) == []
