"""The region portal as an OIDC client of the provider (authlib; ID tokens checked with joserfc
against the published JWKS).

Browsers are sent to the provider's public origin; the portal's own calls (token, JWKS) go over
the back channel: IDENTITY_BACKCHANNEL_URL when set (e.g. http://127.0.0.1:8000 with the
provider's Host header), else the public origin.
"""

import secrets
from urllib.parse import urlencode, urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session
from django.conf import settings
from django.core.cache import cache
from django_tenants.utils import schema_context
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from . import clients

SCOPE = "openid profile"
FLOW_KEY = "identity.flow"
JWKS_CACHE_KEY = "identity:jwks"
TIMEOUT = 5


class SignInFailed(Exception):
    """The provider's answer cannot be trusted or used; the message is for the citizen."""


def http_session() -> requests.Session:
    """The HTTP session of back-channel calls (tests mount an in-process adapter here)."""
    return requests.Session()


def _backchannel(path: str) -> tuple[str, dict]:
    base = settings.IDENTITY_BACKCHANNEL_URL or clients.provider_origin()
    headers = {"Host": urlsplit(clients.provider_origin()).netloc}
    return base.rstrip("/") + path, headers


def client_for(request) -> OAuth2Session:
    """The region's confidential client (this host's region)."""
    host = request.get_host().rsplit(":", 1)[0]
    client_id = clients.portal_client_id(request.tenant.slug)
    session = OAuth2Session(
        client_id, clients.portal_client_secret(client_id), scope=SCOPE,
        redirect_uri=clients.origin(host) + clients.CALLBACK_PATH,
        code_challenge_method="S256", token_endpoint_auth_method="client_secret_basic",
    )  # fmt: skip
    session.mount("http://", http_session().get_adapter("http://"))
    session.mount("https://", http_session().get_adapter("https://"))
    return session


def start(request, next_url: str) -> str:
    """The provider URL to send the browser to; the flow's secrets stay in this host's session."""
    client = client_for(request)
    verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(16)
    url, state = client.create_authorization_url(
        clients.provider_origin() + "/o/authorize/", code_verifier=verifier, nonce=nonce
    )
    flows = request.session.get(FLOW_KEY, {})
    flows = dict(list(flows.items())[-4:])  # a few tabs may sign in at once, not more
    flows[state] = {"verifier": verifier, "nonce": nonce, "next": next_url}
    request.session[FLOW_KEY] = flows
    return url


def _jwks(refresh: bool = False) -> KeySet:
    with schema_context("public"):
        data = None if refresh else cache.get(JWKS_CACHE_KEY)
        if data is None:
            url, headers = _backchannel("/o/.well-known/jwks.json")
            response = http_session().get(url, headers=headers, timeout=TIMEOUT)
            response.raise_for_status()
            data = response.json()
            cache.set(JWKS_CACHE_KEY, data, timeout=600)
    return KeySet.import_key_set(data)


def verify_id_token(id_token: str, client_id: str, nonce: str | None) -> dict:
    """The ID token's claims after checking signature (JWKS, RS256), issuer, audience, expiry
    and nonce; a key id not in the cached JWKS refetches it once (key rotation)."""
    try:
        try:
            token = jwt.decode(id_token, _jwks(), algorithms=["RS256"])
        except JoseError:
            token = jwt.decode(id_token, _jwks(refresh=True), algorithms=["RS256"])
        expected = {"iss": {"essential": True, "value": clients.issuer()},
                    "aud": {"essential": True, "value": client_id},
                    "sub": {"essential": True}, "exp": {"essential": True}}  # fmt: skip
        if nonce is not None:
            expected["nonce"] = {"essential": True, "value": nonce}
        jwt.JWTClaimsRegistry(leeway=30, **expected).validate(token.claims)
    except (JoseError, ValueError) as error:
        raise SignInFailed(f"身份令牌校验失败（{error.__class__.__name__}）") from error
    return token.claims


def finish(request) -> tuple[int, str, str]:
    """Exchange the code (with the PKCE verifier) and check the ID token: (person id, next,
    id token)."""
    if error := request.GET.get("error"):
        raise SignInFailed(f"统一身份认证未完成：{request.GET.get('error_description') or error}")
    flows = request.session.get(FLOW_KEY, {})
    flow = flows.pop(request.GET.get("state", ""), None)
    request.session[FLOW_KEY] = flows
    if flow is None:
        raise SignInFailed("登录请求已过期或不是从本网站发起，请重新登录")
    client = client_for(request)
    url, headers = _backchannel("/o/token/")
    try:
        token = client.fetch_token(url, headers=headers, code=request.GET.get("code", ""),
                                   code_verifier=flow["verifier"], timeout=TIMEOUT)  # fmt: skip
    except Exception as error:  # authlib raises OAuthError, requests its own
        raise SignInFailed("统一身份认证服务暂时无法完成登录，请稍后重试") from error
    claims = verify_id_token(token["id_token"], client.client_id, flow["nonce"])
    return int(claims["sub"].removeprefix("p")), flow["next"], token["id_token"]


def logout_url(request, id_token: str | None) -> str:
    host = request.get_host().rsplit(":", 1)[0]
    params = {"client_id": clients.portal_client_id(request.tenant.slug),
              "post_logout_redirect_uri": clients.origin(host) + clients.SIGNED_OUT_PATH}  # fmt: skip
    if id_token:
        params["id_token_hint"] = id_token
    return clients.provider_origin() + "/o/logout/?" + urlencode(params)
