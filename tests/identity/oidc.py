"""The OIDC flow in-process: a requests adapter that hands the portal's back-channel calls to
the Django test client, and the steps a browser or mini-app takes at the provider."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from core.identity import clients, portal
from core.identity.models import Person

PASSWORD = "correct-horse-42"
MINIAPP = "miniapp-test"
MINIAPP_REDIRECT = "https://miniapp.example/callback"


class InProcessAdapter(requests.adapters.BaseAdapter):
    """Answers requests to the provider with the Django test client (no server running); the
    caller's schema (a region's request in progress) is restored afterwards."""

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        host = request.headers.get("Host") or url.netloc
        client = Client(HTTP_HOST=host)
        tenant = connection.tenant
        headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in request.headers.items()
                   if k.lower() not in ("host", "content-type", "content-length")}  # fmt: skip
        try:
            if request.method == "POST":
                response = client.post(url.path, request.body or "", headers=None,
                                       content_type=request.headers.get("Content-Type"),
                                       **headers)  # fmt: skip
            else:
                response = client.get(url.path + (f"?{url.query}" if url.query else ""), **headers)
        finally:
            connection.set_tenant(tenant)
        reply = requests.Response()
        reply.status_code, reply._content = response.status_code, response.content
        reply.headers.update(response.headers)
        reply.url, reply.request = request.url, request
        return reply

    def close(self):
        pass


@pytest.fixture
def provider_in_process(monkeypatch):
    def session():
        s = requests.Session()
        s.mount("http://", InProcessAdapter())
        s.mount("https://", InProcessAdapter())
        return s

    monkeypatch.setattr(portal, "http_session", session)


def provider_client() -> Client:
    return Client(HTTP_HOST=settings.IDENTITY_HOST)


def with_password(person: Person, password: str = PASSWORD) -> Person:
    from core.identity import accounts

    accounts.set_password(person, password)
    accounts.accept_consent(person)
    return person


def provider_sign_in(client: Client, person: Person, password: str = PASSWORD) -> None:
    response = client.post("/login/", {"identifier": person.mobile, "password": password,
                                       "mode": "password", "next": "/account/"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/account/", response.content


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def miniapp_client() -> None:
    clients.register_public_client(MINIAPP, "测试小程序", [MINIAPP_REDIRECT])


def authorize_params(challenge: str, **extra) -> dict:
    params = {
        "response_type": "code", "client_id": MINIAPP, "redirect_uri": MINIAPP_REDIRECT,
        "scope": "openid profile api", "state": "st-1", "nonce": "n-1",
        "code_challenge": challenge, "code_challenge_method": "S256",
        "resource": settings.IDENTITY_API_AUDIENCE, **extra,
    }  # fmt: skip
    return {key: value for key, value in params.items() if value is not None}


def code_from(response) -> str:
    assert response.status_code == 302, response.content[:500]
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["state"] == ["st-1"], query
    return query["code"][0]


def miniapp_tokens(client: Client, **extra) -> dict:
    """Authorize (signed in at the provider) and exchange the code with its PKCE verifier."""
    verifier, challenge = pkce()
    code = code_from(client.get("/o/authorize/", authorize_params(challenge, **extra)))
    response = client.post("/o/token/", {
        "grant_type": "authorization_code", "code": code, "redirect_uri": MINIAPP_REDIRECT,
        "client_id": MINIAPP, "code_verifier": verifier,
    })  # fmt: skip
    assert response.status_code == 200, response.content
    return response.json()
