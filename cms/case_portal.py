"""Helpers of the portal's case pages: who is signed in, where to sign in, where a case lives."""

from urllib.parse import quote

from django.conf import settings

from core.cases.access import from_subject


def applicant_of(request):
    """The signed-in citizen as a case applicant (None: anonymous)."""
    from core.identity.subject import current_subject

    return from_subject(current_subject(request))


def sign_in_url(request) -> str:
    base = getattr(settings, "PORTAL_SIGN_IN_URL", "/account/login/")
    return f"{base}?next={quote(request.get_full_path())}"


def verify_url() -> str:
    """实名认证 (实名核验, L1 → L2) on the identity provider's account page."""
    from core.identity.clients import provider_origin

    return provider_origin() + "/account/#profile-h"


def region_host_url(request, region, path: str) -> str:
    """``path`` on the host of ``region`` (a case's pages live on its region's portal)."""
    if region.schema_name == getattr(request.tenant, "schema_name", ""):
        return path
    domain = region.domains.filter(is_primary=True).first() or region.domains.first()
    if domain is None:
        return path
    port = request.get_port()
    suffix = "" if port in ("80", "443") else f":{port}"
    return f"{request.scheme}://{domain.domain}{suffix}{path}"
