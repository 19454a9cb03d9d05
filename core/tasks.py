"""Platform-level diagnostic tasks."""

from celery import shared_task
from django.db import connection


@shared_task(name="core.whereami")
def whereami(marker: str = "") -> dict:
    """Report the schema the worker ran this task in and what that schema holds.

    Used by the tenancy tests to prove tasks stay in their schema; ``marker`` is echoed back so
    a caller can find its own result.
    """
    from wagtail.models import Site

    site = (
        Site.objects.filter(is_default_site=True).first()
        if connection.schema_name != "public"
        else None
    )
    result = {
        "schema": connection.schema_name,
        "site_hostname": site.hostname if site else None,
    }
    return {**result, "marker": marker} if marker else result
