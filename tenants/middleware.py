"""Route each request to its region by host name; unknown and inactive hosts get 404.

Query strings carrying control characters (NUL, ESC, DEL …) are refused here, before any view
runs: no search box, filter or code needs them, and PostgreSQL refuses NUL in text."""

import logging
import re

from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    JsonResponse,
)
from django.utils.deprecation import MiddlewareMixin
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from . import routing
from .health import ServiceUnavailable

log = logging.getLogger(__name__)

# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = "输入中含有不允许的控制字符（如 NUL），请删除后重试"


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def _query_has_control_characters(request) -> bool:
    if not request.META.get("QUERY_STRING"):  # nothing to parse (most requests)
        return False
    return any(
        has_control_characters(key) or any(has_control_characters(v) for v in values)
        for key, values in request.GET.lists()
    )


def _unavailable(message: str) -> HttpResponse:
    return HttpResponse(
        message, status=503, content_type="text/plain; charset=utf-8", headers={"Retry-After": "30"}
    )


def _use_schema(tenant) -> None:
    """Put the connection on the tenant's schema. When it is already there (the previous request
    on this connection was for the same schema), django-tenants' ``set_tenant`` would forget the
    search_path it set and issue ``SET search_path`` again on the next query: keep it instead."""
    if connection.schema_name == tenant.schema_name and connection.include_public_schema:
        connection.tenant = tenant
    else:
        connection.set_tenant(tenant)


class RegionMiddleware(TenantMainMiddleware):
    """django-tenants' host routing from the in-process host map (``tenants.routing``), refusing
    unknown, deactivated and template hosts with 404."""

    def process_request(self, request):
        if _query_has_control_characters(request):
            return HttpResponseBadRequest(
                CONTROL_CHARACTERS_MESSAGE, content_type="text/plain; charset=utf-8"
            )
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return HttpResponseNotFound()
        try:
            tenant = routing.hosts.region(hostname)
        except DatabaseError:  # the host cannot even be looked up: PostgreSQL is down
            connection.set_schema_to_public()
            log.warning("region routing: database unavailable", exc_info=True)
            if request.path == "/healthz":
                return JsonResponse({"status": "error", "failed": ["database"],
                                     "database": {"ok": False}}, status=503)  # fmt: skip
            return _unavailable(ServiceUnavailable.message)
        if tenant is None:
            connection.set_schema_to_public()  # nothing of the previous request's region shows
            return self.no_tenant_found(request, hostname)
        tenant.domain_url = hostname
        request.tenant = tenant
        _use_schema(tenant)
        self.setup_url_routing(request)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, ServiceUnavailable):
            return _unavailable(exception.message)
        if isinstance(exception, OperationalError | InterfaceError):
            # PostgreSQL went away after routing (the host map needs no query): the same 503.
            log.warning("request failed: database unavailable", exc_info=exception)
            return _unavailable(ServiceUnavailable.message)
        return None

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
