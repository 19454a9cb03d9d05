"""Views served on every host (health) and on the platform host (console)."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from .health import service_health
from .models import Region


def healthz(request):
    """Tenant, database and Redis status as JSON (ok/failed and timings only); 503 naming the
    failing services when one is down."""
    tenant = request.tenant
    health = service_health()
    body = {
        "status": "ok" if health["ok"] else "error",
        "failed": health["failed"],
        "tenant": {
            "schema": connection.schema_name,
            "slug": tenant.slug,
            "name": tenant.name,
            "code": tenant.code,
            "level": tenant.level,
        },
        "database": health["database"],
        "redis": health["redis"],
    }
    return JsonResponse(
        body, status=200 if health["ok"] else 503, json_dumps_params={"ensure_ascii": False}
    )


def console(request):
    """Platform console on the public host: every region with its host, and service health."""
    regions = (
        Region.objects.regions()
        .select_related("parent")
        .prefetch_related("domains")
        .order_by("code")
    )
    return render(
        request,
        "tenants/console.html",
        {
            "regions": regions,
            "health": service_health(),
            "port": request.get_port(),
        },
    )
