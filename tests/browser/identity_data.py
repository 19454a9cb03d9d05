"""Committed identity data of the browser tests: an extra region (芜湖, not in the session),
portal clients registered for the server's port, and removal of everything afterwards."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Max
from django.test import override_settings
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists
from oauth2_provider.models import AccessToken, Application, Grant, IDToken, RefreshToken

from core.identity import clients
from core.identity.models import AgentAuthorisation, Consent, Enterprise, Favourite, Person
from tenants.config import load_configs, primary_domain
from tenants.models import Region
from tenants.provisioning import provision
from tests.conftest import region_files

IDENTITY_MODELS = (Favourite, Consent, AgentAuthorisation, Enterprise, Person)
TOKEN_MODELS = (RefreshToken, AccessToken, IDToken, Grant)


def high_water() -> dict:
    """The public rows' high-water marks (the user table's too: every region has one of its own)."""
    models = (*IDENTITY_MODELS, *TOKEN_MODELS, get_user_model())
    with schema_context(get_public_schema_name()):
        return {m: m.objects.aggregate(m=Max("pk"))["m"] or 0 for m in models}


def add_region(slug: str) -> Region:
    known = set(Region.objects.regions().values_list("code", flat=True))
    provision(load_configs(region_files(slug), known_codes=known))
    return Region.objects.get(schema_name=slug)


def register_portals(slugs, port: int) -> None:
    with override_settings(IDENTITY_PORT=port):
        for slug in slugs:
            region = Region.objects.get(schema_name=slug)
            clients.register_portal(slug, region.name, [primary_domain(slug)])


def remove_identity_data(marks: dict) -> None:
    with schema_context(get_public_schema_name()):
        for model in (*TOKEN_MODELS, *IDENTITY_MODELS):
            model.objects.filter(pk__gt=marks[model]).delete()
    user = get_user_model()
    with connection.cursor() as cursor:  # raw: the collector would look for tenant tables
        # schema-qualified: the session's search_path may still name a region, whose staff
        # table has the same name (it deleted hefei_admin once)
        cursor.execute(f"DELETE FROM public.{user._meta.db_table} WHERE id > %s", [marks[user]])


def remove_region(slug: str) -> None:
    """Drop the region's schema and every public row pointing at it (found in the catalog)."""
    connection.set_schema_to_public()
    region = Region.objects.get(schema_name=slug)
    Application.objects.filter(client_id=clients.portal_client_id(slug)).delete()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{slug}" CASCADE')
        for table, column in _references("public.tenants_region"):
            if table == "tenants_servicehall":
                cursor.execute("DELETE FROM public.tenants_window_departments WHERE window_id IN "
                               "(SELECT w.id FROM public.tenants_window w JOIN "
                               "public.tenants_servicehall h ON w.hall_id = h.id "
                               "WHERE h.region_id = %s)", [region.pk])  # fmt: skip
                cursor.execute("DELETE FROM public.tenants_window WHERE hall_id IN (SELECT id "
                               "FROM public.tenants_servicehall WHERE region_id = %s)",
                               [region.pk])  # fmt: skip
            if table == "tenants_department":
                cursor.execute("DELETE FROM public.tenants_window_departments WHERE department_id "
                               "IN (SELECT id FROM public.tenants_department WHERE region_id = %s)",
                               [region.pk])  # fmt: skip
            cursor.execute(f'DELETE FROM public."{table}" WHERE "{column}" = %s', [region.pk])
        cursor.execute("DELETE FROM public.tenants_region WHERE id = %s", [region.pk])
    assert not schema_exists(slug)
    assert settings.TENANT_BASE_DOMAIN


def _references(target: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
               WHERE c.contype = 'f' AND c.confrelid = %s::regclass
                 AND c.connamespace = 'public'::regnamespace AND c.conrelid <> c.confrelid""",
            [target],
        )
        return [(table.split(".")[-1].strip('"'), column) for table, column in cursor.fetchall()]
