"""Platform-level diagnostic tasks."""

from celery import shared_task
from django.db import connection


@shared_task(name="core.whereami")
def whereami() -> dict:
    """Report the schema the worker ran this task in and what that schema holds.

    Used by the health tooling and the tenancy tests to prove tasks stay in their schema.
    """
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first() if connection.schema_name != "public" else None
    return {
        "schema": connection.schema_name,
        "site_hostname": site.hostname if site else None,
    }
