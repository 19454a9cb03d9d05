"""关怀版 (适老化 / 无障碍 mode): larger type, higher contrast, bigger targets.

The choice is a cookie of the browser, set by a plain form post (works without JavaScript) and
read by ``base.html``; ``cms/static/cms/portal.js`` switches the class and the cookie in place
without a reload. Nothing is stored on the server: the cookie grants no authority, so the
switch needs no CSRF token (a cached page has none) and any page may post to it.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

COOKIE = "care_mode"
ON = "on"
MAX_AGE = 365 * 24 * 3600


def cookie_domain() -> str | None:
    """The base domain (one choice for every region host of the deployment) when browsers
    accept a cookie for it; host-only for ``localhost`` (browsers refuse ``Domain=localhost``)."""
    base = settings.TENANT_BASE_DOMAIN
    return None if base == "localhost" or "." not in base else base


def is_on(request) -> bool:
    return request.COOKIES.get(COOKIE) == ON


def _next_url(request) -> str:
    """Back to the page the switch was on: ``next`` if given, else the Referer (browsers send it
    for same-origin posts; the form carries no per-page field, so a page's HTML is the same
    whatever its URL spelling), else the home."""
    target = request.POST.get("next") or request.headers.get("Referer") or "/"
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else "/"


@csrf_exempt
@require_POST
def switch(request):
    """``mode=care`` turns the 关怀版 on, anything else off; back to ``next`` (same host only),
    or a JSON answer to the page's script (``Accept: application/json``)."""
    on = request.POST.get("mode") == "care"
    if request.headers.get("Accept") == "application/json":
        response = JsonResponse({"care": on})
    else:
        response = redirect(_next_url(request))
    if on:
        response.set_cookie(
            COOKIE, ON, max_age=MAX_AGE, domain=cookie_domain(), samesite="Lax",
            secure=request.is_secure(),
        )  # fmt: skip
    else:
        response.delete_cookie(COOKIE, domain=cookie_domain(), samesite="Lax")
    return response
