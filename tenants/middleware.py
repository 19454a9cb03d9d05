"""Route each request to its region by host name; unknown and inactive hosts get 404.

Query strings carrying control characters (NUL, ESC, DEL …) are refused here, before any view
runs: no search box, filter or code needs them, and PostgreSQL refuses NUL in text."""

import logging
import re

from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.deprecation import MiddlewareMixin
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from .health import ServiceUnavailable

log = logging.getLogger(__name__)

# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = "输入中含有不允许的控制字符（如 NUL），请删除后重试"


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def _query_has_control_characters(request) -> bool:
    return any(
        has_control_characters(key) or any(has_control_characters(v) for v in values)
        for key, values in request.GET.lists()
    )


def _unavailable(message: str) -> HttpResponse:
    return HttpResponse(
        message, status=503, content_type="text/plain; charset=utf-8", headers={"Retry-After": "30"}
    )


class RegionMiddleware(TenantMainMiddleware):
    """django-tenants' host routing, refusing deactivated regions as if they did not exist."""

    def process_request(self, request):
        if _query_has_control_characters(request):
            return HttpResponseBadRequest(
                CONTROL_CHARACTERS_MESSAGE, content_type="text/plain; charset=utf-8"
            )
        try:
            return super().process_request(request)
        except DatabaseError:  # the host cannot even be looked up: PostgreSQL is down
            log.warning("region routing: database unavailable", exc_info=True)
            if request.path == "/healthz":
                return JsonResponse({"status": "error", "failed": ["database"],
                                     "database": {"ok": False}}, status=503)  # fmt: skip
            return _unavailable(ServiceUnavailable.message)

    def process_exception(self, request, exception):
        if isinstance(exception, ServiceUnavailable):
            return _unavailable(exception.message)
        return None

    def get_tenant(self, domain_model, hostname):
        tenant = super().get_tenant(domain_model, hostname)
        if not tenant.is_active or tenant.schema_name == "template":
            raise domain_model.DoesNotExist
        return tenant

    def no_tenant_found(self, request, hostname):
        raise Http404(f"没有与域名 {hostname} 对应的区划")


class RegionRedirectMiddleware(MiddlewareMixin):
    """Wagtail's redirects (looked up on every 404) on region hosts only: the platform host's
    public schema has no Wagtail tables, so an unknown path there would answer 500."""

    def process_response(self, request, response):
        tenant = getattr(request, "tenant", None)
        if response.status_code != 404 or tenant is None:
            return response
        if tenant.schema_name == get_public_schema_name():
            return response
        from wagtail.contrib.redirects.middleware import RedirectMiddleware

        return RedirectMiddleware(self.get_response).process_response(request, response)
