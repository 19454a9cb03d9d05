"""The OIDC provider on id.<base domain>: discovery, code + PKCE, ID token checked with the
published JWKS, and the ways a request or a token is refused."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from joserfc import jwt
from joserfc.jwk import KeySet
from oauth2_provider.models import AccessToken, Grant

from core.identity import clients

from .factories import PersonFactory
from .oidc import (
    MINIAPP,
    MINIAPP_REDIRECT,
    authorize_params,
    miniapp_client,
    miniapp_tokens,
    pkce,
    provider_client,
    provider_sign_in,
    with_password,
)

pytestmark = pytest.mark.django_db
ISSUER = "http://id.localhost/o"


@pytest.fixture
def signed_in():
    """(provider client signed in, person) with the mini-app registered."""
    miniapp_client()
    person = with_password(PersonFactory(name="王芳"))
    client = provider_client()
    provider_sign_in(client, person)
    return client, person


def me(region_client, token, **headers):
    client = region_client("shushan")
    response = client.post("/graphql/", json.dumps({"id": "Me"}), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}", **headers)  # fmt: skip
    return response.json()


def test_discovery_names_the_issuer_and_s256():
    config = provider_client().get("/o/.well-known/openid-configuration").json()
    assert config["issuer"] == ISSUER
    assert config["jwks_uri"] == ISSUER + "/.well-known/jwks.json"
    assert config["code_challenge_methods_supported"] == ["S256"]
    assert clients.issuer() == ISSUER


def test_code_pkce_flow_id_token_verified_with_the_published_jwks(signed_in, region_client):
    client, person = signed_in
    tokens = miniapp_tokens(client)
    assert set(tokens) >= {"access_token", "id_token", "refresh_token"}
    jwks = KeySet.import_key_set(provider_client().get("/o/.well-known/jwks.json").json())
    token = jwt.decode(tokens["id_token"], jwks, algorithms=["RS256"])
    claims = token.claims
    jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISSUER},
                          aud={"essential": True, "value": MINIAPP},
                          nonce={"essential": True, "value": "n-1"}).validate(claims)  # fmt: skip
    assert (claims["sub"], claims["name"], claims["level"]) == (f"p{person.pk}", "王芳", 1)
    assert token.header["alg"] == "RS256"
    body = me(region_client, tokens["access_token"])
    assert body["data"]["me"]["name"] == "王芳"
    assert body["data"]["me"]["maskedMobile"] == person.masked_mobile
    # the refresh token gives a new access token (rotated)
    refreshed = provider_client().post("/o/token/", {
        "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": MINIAPP,
    }).json()  # fmt: skip
    assert refreshed["access_token"] != tokens["access_token"]
    assert me(region_client, refreshed["access_token"])["data"]["me"]["name"] == "王芳"


def test_a_redirect_uri_not_registered_is_refused_without_redirecting(signed_in):
    client, _ = signed_in
    _, challenge = pkce()
    params = authorize_params(challenge, redirect_uri="https://evil.example/callback")
    response = client.get("/o/authorize/", params)
    assert response.status_code == 400
    assert "Location" not in response
    assert Grant.objects.count() == 0


def test_pkce_is_required_and_a_wrong_verifier_refused(signed_in):
    client, _ = signed_in
    params = authorize_params("x")
    del params["code_challenge"], params["code_challenge_method"]
    response = client.get("/o/authorize/", params)
    assert response.status_code == 302 and "error=invalid_request" in response["Location"]
    _, challenge = pkce()
    response = client.get("/o/authorize/", authorize_params(challenge))
    code = response["Location"].split("code=")[1].split("&")[0]
    refused = client.post("/o/token/", {
        "grant_type": "authorization_code", "code": code, "redirect_uri": MINIAPP_REDIRECT,
        "client_id": MINIAPP, "code_verifier": "not-the-verifier-" + "x" * 40,
    })  # fmt: skip
    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_grant")


def test_wrong_audience_missing_audience_and_missing_scope_are_refused(signed_in, region_client):
    client, _ = signed_in
    other = miniapp_tokens(client, resource="https://other.example/api/")
    body = me(region_client, other["access_token"])
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["errors"][0]["message"] == "访问令牌的受众（resource）不是本接口"
    unrestricted = miniapp_tokens(client, resource=None)  # no audience named
    assert me(region_client, unrestricted["access_token"])["errors"][0]["message"] == (
        "访问令牌的受众（resource）不是本接口"
    )
    no_scope = miniapp_tokens(client, scope="openid profile")
    assert me(region_client, no_scope["access_token"])["errors"][0]["message"] == (
        "访问令牌缺少权限范围 api"
    )


def test_expired_and_revoked_tokens_are_refused(signed_in, region_client):
    client, _ = signed_in
    expiring, revoked = miniapp_tokens(client), miniapp_tokens(client)
    first = AccessToken.objects.order_by("pk").first()
    first.expires = timezone.now() - timedelta(seconds=1)
    first.save(update_fields=["expires"])
    assert me(region_client, expiring["access_token"])["errors"][0]["message"] == "访问令牌已过期"
    response = provider_client().post("/o/revoke_token/", {
        "token": revoked["access_token"], "client_id": MINIAPP,
    })  # fmt: skip
    assert response.status_code == 200
    assert me(region_client, revoked["access_token"])["errors"][0]["message"] == (
        "访问令牌无效或已撤销"
    )


def test_tokens_are_stored_hashed():
    assert settings.OAUTH2_PROVIDER["COMPLIANT_BCP_RFC9700_TOKEN_STORAGE"] is True


def test_anonymous_me_asks_to_sign_in(region_client):
    response = region_client("shushan").post("/graphql/", json.dumps({"id": "Me"}),
                                              content_type="application/json")  # fmt: skip
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


def test_the_identity_client_command_registers_a_public_client_idempotently():
    from io import StringIO

    from django.core.management import call_command
    from oauth2_provider.models import Application

    out = StringIO()
    args = ["miniapp-cmd", "--name", "命令小程序", "--redirect-uri", "https://m.example/cb"]
    call_command("identity_client", *args, stdout=out)
    call_command("identity_client", *args, stdout=out)
    assert out.getvalue().splitlines() == [
        "OIDC 客户端 miniapp-cmd（新建）",
        "OIDC 客户端 miniapp-cmd 无变化",
    ]
    app = Application.objects.get(client_id="miniapp-cmd")
    assert (app.client_type, app.redirect_uris, app.skip_authorization) == (
        "public",
        "https://m.example/cb",
        True,
    )
