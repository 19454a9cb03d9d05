"""A migrate_schemas executor that skips tenants already as migrated as the template.

Every tenant is a clone of the template schema, so a tenant whose recorded migrations include
all of the template's has nothing to apply. Asking Django's migrate command that question costs
~0.3 s per schema (it builds the migration graph each time); one SQL query answers it for all
schemas at once. The template itself is always migrated first, the standard way.
"""

from django.conf import settings
from django.db import connection
from django_tenants.migration_executors import get_executor as django_tenants_executor
from django_tenants.migration_executors.base import MigrationExecutor, run_migrations

CODENAME = "skip-current"


def _applied_by_schema(schemas: list[str]) -> dict[str, set[str]]:
    if not schemas:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [schemas],
        )
        with_table = [row[0] for row in cursor.fetchall()]
        if not with_table:
            return {}
        # Schema names come from the tenant table and are validated identifiers.
        union = " UNION ALL ".join(
            f"SELECT '{s}' AS schema, app || '.' || name FROM \"{s}\".django_migrations"
            for s in with_table
        )
        cursor.execute(union)
        applied: dict[str, set[str]] = {s: set() for s in with_table}
        for schema, migration in cursor.fetchall():
            applied[schema].add(migration)
    return applied


class SkipCurrentExecutor(MigrationExecutor):
    codename = CODENAME

    def _run(self, schema_name: str, idx=None, count=None):
        run_migrations(self.args, self.options, self.codename, schema_name, idx=idx, count=count)

    def run_migrations(self, tenants=None):
        tenants = list(tenants or [])
        template = settings.TENANT_BASE_SCHEMA
        if self.PUBLIC_SCHEMA_NAME in tenants:
            self._run(self.PUBLIC_SCHEMA_NAME)
            tenants.remove(self.PUBLIC_SCHEMA_NAME)
        if template not in tenants or self.options.get("fake") or self.args:
            # Without the template as reference (or for targeted runs) migrate every schema.
            for idx, schema in enumerate(tenants):
                self._run(schema, idx, len(tenants))
            return
        tenants.remove(template)
        self._run(template)
        applied = _applied_by_schema([template, *tenants])
        reference = applied.get(template, set())
        behind = [s for s in tenants if not reference <= applied.get(s, set())]
        if int(self.options.get("verbosity", 1)) >= 1:
            self.logger_write(len(tenants) - len(behind), len(tenants))
        for idx, schema in enumerate(behind):
            self._run(schema, idx, len(behind))

    def logger_write(self, current: int, total: int) -> None:
        import sys

        sys.stdout.write(f"[{self.codename}] {current}/{total} tenants already current, skipped\n")

    def run_multi_type_migrations(self, tenants):
        raise NotImplementedError("multi-type tenants are not used")


def get_executor(codename=None):
    """GET_EXECUTOR_FUNCTION: our executor unless another one is named explicitly."""
    if codename in (None, CODENAME):
        return SkipCurrentExecutor
    return django_tenants_executor(codename)
