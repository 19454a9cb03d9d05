"""The citizen a GraphQL request acts for: an OIDC Bearer token (mini-apps) or the portal
session of the host (core.identity.subject)."""

from core.identity.bearer import refusal
from core.identity.subject import Subject, current_subject

from ..core.errors import api_error


def require_subject(info) -> Subject:
    request = info.context
    subject = current_subject(request)
    if subject is not None:
        return subject
    if (refused := refusal(request)) is not None:
        raise api_error("UNAUTHENTICATED", refused.message, reason=refused.code)
    raise api_error(
        "UNAUTHENTICATED", "请先登录（统一身份认证），或在 Authorization 头中提供访问令牌"
    )
