"""Two `provision_tenants` runs at the same moment (real parallel transactions): one clones the
new region, the other waits for it and finds nothing to do. Before, the second crashed with
"schema already exists" or a duplicate key."""

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_exists

from tenants.config import load_configs
from tenants.models import Department, Domain, Region, ServiceHall, ServicePoint, Window
from tenants.provisioning import provision
from tests.conftest import region_files

from .concurrency import race

SLUG = "baohe"  # a county of 合肥 that the session does not provision


def table(model) -> str:
    return f"public.{model._meta.db_table}"  # qualified: never the search_path's table


# Raw SQL: the ORM's delete collector would look for tenant tables from the public schema.
CLEANUP = [
    f'DROP SCHEMA IF EXISTS "{SLUG}" CASCADE',
    f"DELETE FROM {table(Window.departments.through)} WHERE window_id IN (SELECT w.id FROM"
    f" {table(Window)} w JOIN {table(ServiceHall)} h ON w.hall_id = h.id"
    " WHERE h.region_id = %(id)s)",
    f"DELETE FROM {table(Window)} WHERE hall_id IN"
    f" (SELECT id FROM {table(ServiceHall)} WHERE region_id = %(id)s)",
    *(
        f"DELETE FROM {table(m)} WHERE region_id = %(id)s"
        for m in (ServiceHall, Department, ServicePoint)
    ),
    f"DELETE FROM {table(Domain)} WHERE tenant_id = %(id)s",
    f"DELETE FROM {table(Region)} WHERE id = %(id)s",
]


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Database access outside a test transaction; the region made is dropped afterwards."""
    with django_db_blocker.unblock():
        assert not Region.objects.filter(schema_name=SLUG).exists()
        yield
        connection.set_schema_to_public()
        region = Region.objects.filter(schema_name=SLUG).first()
        if region is not None:
            with transaction.atomic(), connection.cursor() as cursor:
                for statement in CLEANUP:
                    cursor.execute(statement, {"id": region.pk})
        assert not schema_exists(SLUG)


def test_concurrent_provisioning_runs_clone_once(committed):
    known = set(Region.objects.regions().values_list("code", flat=True))
    configs = load_configs(region_files(SLUG), known_codes=known)
    results = race(lambda: provision(configs), lambda: provision(configs))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(outcome.action for [outcome] in results) == ["create", "unchanged"]
    region = Region.objects.get(schema_name=SLUG)
    assert schema_exists(SLUG)
    assert list(Domain.objects.filter(tenant=region).values_list("domain", flat=True)) == [
        "baohe.localhost"
    ]
    assert Department.objects.filter(region=region).count() == len(configs[0].data["departments"])
