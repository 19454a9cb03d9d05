"""OIDC access tokens sent as ``Authorization: Bearer`` (mini-apps, API clients).

A token is accepted when it exists (not revoked), has not expired, names this API as its
audience (RFC 8707 ``resource``; a token without one is refused, not treated as unrestricted)
and carries the API scope. Tokens are stored hashed (RFC 9700), looked up by SHA-256.
"""

import hashlib

from django.conf import settings
from django_tenants.utils import schema_context

from core.domain.ids import parse_id

ENTERPRISE_HEADER = "X-Acting-Enterprise"
_REFUSAL = "_identity_bearer_refusal"


class TokenRefused(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message
        super().__init__(message)


def bearer_token(request) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenRefused("invalid_request", "Authorization 头应为“Bearer <访问令牌>”")
    return token.strip()


def check_token(token: str):
    """The AccessToken row, or TokenRefused saying why not."""
    from oauth2_provider.models import AccessToken

    checksum = hashlib.sha256(token.encode()).hexdigest()
    with schema_context("public"):
        access = AccessToken.objects.filter(token_checksum=checksum).first()
    if access is None:
        raise TokenRefused("invalid_token", "访问令牌无效或已撤销")
    if access.is_expired():
        raise TokenRefused("invalid_token", "访问令牌已过期")
    if settings.IDENTITY_API_AUDIENCE not in (access.resource or []):
        raise TokenRefused("invalid_token", "访问令牌的受众（resource）不是本接口")
    if not access.allow_scopes([settings.IDENTITY_API_SCOPE]):
        raise TokenRefused(
            "insufficient_scope", f"访问令牌缺少权限范围 {settings.IDENTITY_API_SCOPE}"
        )
    if access.user_id is None:
        raise TokenRefused("invalid_token", "访问令牌不代表任何用户")
    return access


def _enterprise_id(request) -> int | None:
    value = request.headers.get(ENTERPRISE_HEADER, "").strip()
    if not value:
        return None
    if (enterprise_id := parse_id(value)) is None:
        raise TokenRefused("invalid_request", f"{ENTERPRISE_HEADER} 应为法人账户编号")
    return enterprise_id


def subject_from_bearer(request):
    """The Subject of a valid Bearer token; None without one. A refused token is remembered on
    the request (``refusal``) so that the API can say why."""
    from .models import Person
    from .subject import can_act_for, subject_for

    try:
        token = bearer_token(request)
        if token is None:
            return None
        access = check_token(token)
        person_id = Person.objects.filter(user_id=access.user_id).values_list("pk", flat=True)
        person_id = person_id.first()
        if person_id is None:
            raise TokenRefused("invalid_token", "账户已注销")
        enterprise_id = _enterprise_id(request)
        if enterprise_id is not None and not can_act_for(person_id, enterprise_id):
            raise TokenRefused("forbidden", "您未获该法人授权（经办人授权已撤销或不存在）")
        return subject_for(person_id, enterprise_id)
    except TokenRefused as refused:
        setattr(request, _REFUSAL, refused)
        return None


def refusal(request) -> TokenRefused | None:
    return getattr(request, _REFUSAL, None)


def refused_bearer(request) -> bool:
    """The request sent ``Authorization: Bearer …`` and the token was refused. (Another scheme,
    e.g. Basic from a proxy in front of a staging site, is not ours: it does not count.)"""
    scheme = request.headers.get("Authorization", "").partition(" ")[0]
    return scheme.lower() == "bearer" and refusal(request) is not None
