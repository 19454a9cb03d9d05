"""Session-wide tenants for the whole suite.

The test database is migrated once (public schema), the template schema is migrated once, and
the regions tests use are provisioned from the real demo configs: every region is a clone of the
template, never a fresh migration. Tests then run in transactions that roll back.
"""

from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tenants.config import load_configs
from tenants.provisioning import provision

# A province, a city and two of its counties: enough for isolation and the region chain.
SESSION_REGIONS = ["anhui", "hefei", "shushan", "yaohai"]


def region_files(*slugs: str) -> list[str]:
    root = settings.TENANT_CONFIG_DIR / "regions"
    return [str(root / f"{slug}.yaml") for slug in slugs]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        provision(load_configs(region_files(*SESSION_REGIONS)))
    yield


@pytest.fixture(autouse=True)
def _public_schema_between_tests():
    """Every test starts and ends in the public schema."""
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


@contextmanager
def in_schema(slug: str):
    with schema_context(slug):
        yield


@pytest.fixture
def region_client():
    """A test client whose requests are addressed to a region's host."""

    def make(slug: str | None) -> Client:
        host = f"{slug}.{settings.TENANT_BASE_DOMAIN}" if slug else settings.TENANT_BASE_DOMAIN
        return Client(HTTP_HOST=host)

    return make
