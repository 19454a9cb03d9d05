"""Tenant schemas made by replaying the template's DDL (tenants.schema_clone, issue 11) are the
same as django-tenants' clones: tables, columns, indexes, constraints, sequences and rows."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_context

from tenants import schema_clone
from tenants.models import Region
from tests.conftest import region_files

pytestmark = pytest.mark.django_db


def rows(sql: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def structure(schema: str) -> dict[str, set]:
    """Everything a schema defines, with its own name written as SCHEMA."""
    listings = {
        "columns": "SELECT table_name, column_name, data_type, is_nullable,"
        " column_default, is_identity, identity_generation, character_maximum_length,"
        " rank() OVER (PARTITION BY table_name ORDER BY ordinal_position)"  # dropped columns
        " FROM information_schema.columns WHERE table_schema = %(s)s",
        "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(s)s",
        "constraints": "SELECT cl.relname, co.conname, co.contype, co.condeferrable,"
        " co.condeferred, pg_get_constraintdef(co.oid, true) FROM pg_constraint co"
        " JOIN pg_class cl ON cl.oid = co.conrelid WHERE co.connamespace = %(s)s::regnamespace",
        "sequences": "SELECT sequencename, data_type, start_value, increment_by, last_value"
        " FROM pg_sequences WHERE schemaname = %(s)s",
        "owned_by": "SELECT s.relname, t.relname, a.attname FROM pg_depend d"
        " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
        " JOIN pg_class t ON t.oid = d.refobjid"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
        " WHERE s.relnamespace = %(s)s::regnamespace AND d.deptype IN ('a', 'i')",
    }
    return {
        name: {
            tuple(str(v).replace(f"{schema}.", "SCHEMA.") for v in row)
            for row in rows(sql, {"s": schema})
        }
        for name, sql in listings.items()
    }


def contents(schema: str) -> dict[str, tuple]:
    """Row count and a digest of every row of every table."""
    tables = [t for (t,) in rows("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])]
    return {
        table: rows(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            f' FROM "{schema}"."{table}" t'
        )[0]
        for table in tables
    }


def test_replay_is_available_here():
    """CI and development use replay: pg_dump is installed and new enough."""
    assert schema_clone.pg_dump_path().endswith("pg_dump")


def test_replayed_schema_equals_the_template_and_a_django_tenants_clone():
    schema_clone.create_by_replay("replayed")
    CloneSchema().clone_schema("template", "cloned", "DATA")
    replayed, template = structure("replayed"), structure("template")
    assert len(replayed["columns"]) > 300 and len(replayed["indexes"]) > 100
    assert len(replayed["sequences"]) > 30 and len(replayed["owned_by"]) > 30
    # PostgreSQL re-parses a partial index's predicate into an equivalent text (ARRAY[…]::text[]
    # becomes ARRAY[…::text, …]) in any copy, django-tenants' too: compare up to the WHERE.
    for listing in (template, replayed):
        listing["indexes"] = {
            (*row[:2], *row[2].partition(" WHERE ")[:2]) for row in listing["indexes"]
        }
    assert replayed == template
    # django-tenants' clone has the same columns and as many indexes, constraints and sequences,
    # but is less faithful: unique constraints renamed "<table>_<columns>_key" (a migration that
    # drops Django's "…_uniq" name fails there) and integer identity sequences made bigint.
    cloned = structure("cloned")
    assert replayed["columns"] == cloned["columns"]
    assert {k: len(v) for k, v in replayed.items()} == {k: len(v) for k, v in cloned.items()}
    assert contents("replayed") == contents("template") == contents("cloned")
    assert contents("replayed")["wagtailcore_page"][0] >= 2  # the root and the home page


def test_replayed_sequences_continue_after_the_template_rows():
    schema_clone.create_by_replay("replayed")
    (highest,) = rows("SELECT max(id) FROM template.auth_permission")[0]
    (new_id,) = rows(
        "INSERT INTO replayed.auth_permission (name, content_type_id, codename)"
        " SELECT 'x', content_type_id, 'x_new' FROM replayed.auth_permission LIMIT 1 RETURNING id"
    )[0]
    assert new_id == highest + 1


def test_an_existing_schema_name_is_refused_whatever_its_case():
    with pytest.raises(ValidationError):
        schema_clone.create_by_replay("SHUSHAN")


def test_a_provisioned_region_is_replayed_and_serves_its_home_page(region_client, monkeypatch):
    replayed = []
    real = schema_clone.create_by_replay
    monkeypatch.setattr(schema_clone, "create_by_replay", lambda s: replayed.append(s) or real(s))
    call_command("provision_tenants", *region_files("baohe"), stdout=StringIO())
    assert replayed == ["baohe"]
    response = region_client("baohe").get("/")
    assert response.status_code == 200
    assert "包河区" in response.content.decode()
    with schema_context("baohe"):
        from wagtail.models import Site

        assert [s.hostname for s in Site.objects.all()] == ["baohe.localhost"]


def test_the_script_is_dumped_again_when_the_template_migrations_change():
    first = schema_clone.template_script("template")
    dumps = schema_clone.dumps_made
    assert schema_clone.template_script("template") is first
    assert schema_clone.dumps_made == dumps
    rows(
        "INSERT INTO template.django_migrations (app, name, applied)"
        " VALUES ('tenants', '9999_later', now()) RETURNING id"
    )
    second = schema_clone.template_script("template")
    assert second.state != first.state and schema_clone.dumps_made == dumps + 1
    schema_clone.create_by_replay("replayed")
    assert rows("SELECT name FROM replayed.django_migrations WHERE name = '9999_later'") == [
        ("9999_later",)
    ]


def test_the_django_tenants_method_is_used_when_configured(settings, monkeypatch):
    settings.TENANT_CLONE_METHOD = schema_clone.DJANGO_TENANTS
    monkeypatch.setattr(schema_clone, "create_by_replay", lambda s: pytest.fail("replayed"))
    Region(schema_name="plain", slug="plain", name="普通", level=Region.Level.COUNTY).save(
        verbosity=0
    )
    assert rows("SELECT count(*) FROM plain.wagtailcore_page")[0][0] >= 2


def test_without_pg_dump_the_tenant_is_cloned_the_standard_way(monkeypatch, caplog):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(schema_clone, "_scripts", {})
    Region(schema_name="nodump", slug="nodump", name="无", level=Region.Level.COUNTY).save(
        verbosity=0
    )
    assert rows("SELECT count(*) FROM nodump.wagtailcore_page")[0][0] >= 2
    assert "pg_dump is not installed" in caplog.text
