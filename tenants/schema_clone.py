"""Create a tenant schema by replaying the template's DDL (settings.TENANT_CLONE_METHOD).

django-tenants' clone_schema() rebuilds every table's DDL from information_schema and pg_catalog
for each new tenant; those catalogues grow with every schema, so the 500th county cost several
times the 20th. Here the template's DDL is dumped once per migration state (pg_dump, pre-data and
post-data sections), its schema qualifiers rewritten token by token, and replayed for each new
tenant in one transaction: create the tables and sequences, copy the template's rows
(INSERT … SELECT, so current data is copied even when only data changed), set every sequence to
the template's value, then add indexes and constraints. Nothing per tenant reads the catalogues.

The cache key is a hash of the template's django_migrations rows: a migration applied to the
template makes the next creation dump again. The copied django_migrations rows are the
template's, so a new tenant records exactly what its tables hold (no faked migrations).
"""

import hashlib
import logging
import os
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django_tenants.utils import get_creation_fakes_migrations, schema_exists

from .sql_rename import UnsupportedDDL, quote_ident, rename_schema, statement_head, statements

logger = logging.getLogger(__name__)

REPLAY = "replay"
DJANGO_TENANTS = "django-tenants"
# What a dump of tables, sequences and indexes holds (and db_comment's comments); anything else
# (functions, views, triggers) is refused and the tenant is cloned by django-tenants instead.
_REPLAYED = ("CREATE TABLE", "CREATE SEQUENCE", "ALTER TABLE", "ALTER SEQUENCE", "CREATE INDEX")
_REPLAYED += ("CREATE UNIQUE", "COMMENT ON")
# pg_dump's session settings, and the schema itself (its name is not a qualifier: not renamed)
_SESSION = ("SET", "SELECT", "CREATE SCHEMA", "COMMENT ON SCHEMA")


class ReplayUnavailable(Exception):
    """Replay cannot be used here (no suitable pg_dump, or DDL it cannot move)."""


@dataclass(frozen=True)
class TemplateScript:
    """The template's DDL and copy statements, with ``placeholder`` (a quoted identifier) where
    the new schema's quoted name goes."""

    state: str
    placeholder: str
    pre_data: str
    data: str
    post_data: str

    def for_schema(self, schema_name: str) -> list[str]:
        name = quote_ident(schema_name)
        return [
            f"CREATE SCHEMA {name}",
            *(part.replace(self.placeholder, name) for part in (self.pre_data, self.data)),
            self.post_data.replace(self.placeholder, name),
        ]


_scripts: dict[tuple, TemplateScript] = {}  # per database and template: the latest script only
dumps_made = 0  # how many times the template was dumped (tests check the cache with it)


def replay_wanted() -> bool:
    return (
        getattr(settings, "TENANT_CLONE_METHOD", REPLAY) == REPLAY
        and get_creation_fakes_migrations()
        and schema_exists(settings.TENANT_BASE_SCHEMA)
    )


def template_state(template: str) -> str:
    """A hash of the template's applied migrations: the cache key of its script."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT app, name FROM {quote_ident(template)}.django_migrations ORDER BY app, name"
        )
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def create_by_replay(schema_name: str) -> None:
    """Create ``schema_name`` as a copy of the template; all of it or nothing."""
    if schema_exists(schema_name, case_sensitive=False):
        raise ValidationError("New schema name already exists")
    script = template_script(settings.TENANT_BASE_SCHEMA)
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in script.for_schema(schema_name):
            cursor.execute(sql)


def template_script(template: str) -> TemplateScript:
    key = (connection.alias, connection.settings_dict["NAME"], template)
    state = template_state(template)
    script = _scripts.get(key)
    if script is None or script.state != state:
        script = _build_script(template, state)
        if template_state(template) == state:  # a migration ran meanwhile: do not keep it
            _scripts[key] = script
    return script


def _build_script(template: str, state: str) -> TemplateScript:
    global dumps_made
    pre, post = _pg_dump(template, "pre-data"), _pg_dump(template, "post-data")
    dumps_made += 1
    name = f"schema_{uuid.uuid4().hex}"
    placeholder = quote_ident(name)
    if name in pre or name in post:  # practically impossible; never ambiguous
        raise ReplayUnavailable("placeholder collision")
    try:
        pre_sql, post_sql = (_renamed(dump, template, name) for dump in (pre, post))
    except UnsupportedDDL as error:
        raise ReplayUnavailable(f"template DDL cannot be replayed: {error}") from error
    return TemplateScript(state, placeholder, pre_sql, _copy_sql(template, placeholder), post_sql)


def _renamed(dump: str, template: str, new_name: str) -> str:
    kept = []
    for items in statements(dump):
        head = statement_head(items, 3)
        if head.startswith(_SESSION):
            continue
        if not head.startswith(_REPLAYED):
            raise UnsupportedDDL(f"statement {head} …")
        kept.append(rename_schema(items, template, new_name))
    return "\n".join(kept)


def _copy_sql(template: str, placeholder: str) -> str:
    """Copy every table's rows and every sequence's position from the template."""
    source = quote_ident(template)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relkind, array_agg(quote_ident(a.attname) ORDER BY a.attnum) "
            "FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
            "AND NOT a.attisdropped AND a.attgenerated = '' "
            "WHERE c.relnamespace = %s::regnamespace AND c.relkind IN ('r', 'S') "
            "GROUP BY c.relname, c.relkind ORDER BY c.relname",
            [source],
        )
        relations = cursor.fetchall()
    copies = []
    for name, kind, columns in relations:
        quoted = quote_ident(name)
        if kind == "r":
            cols = ", ".join(columns)
            copies.append(
                f"INSERT INTO {placeholder}.{quoted} ({cols}) OVERRIDING SYSTEM VALUE "
                f"SELECT {cols} FROM {source}.{quoted};"
            )
        else:
            target = f"{placeholder}.{quoted}".replace("'", "''")
            copies.append(
                f"SELECT pg_catalog.setval('{target}'::regclass, last_value, is_called) "
                f"FROM {source}.{quoted};"
            )
    return "\n".join(copies)


def _pg_dump(template: str, section: str) -> str:
    db = connection.settings_dict
    options = [f"--dbname={db['NAME']}", f"--section={section}"]
    options += [f"--{name}={db[key]}" for name, key in [("host", "HOST"), ("port", "PORT")]]
    options += [f"--username={db['USER']}"] if db.get("USER") else []
    env = {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})}
    command = [pg_dump_path(), "--schema-only", "--no-owner", "--no-privileges"]
    command += [f'--schema="{template}"', *(o for o in options if not o.endswith("="))]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise ReplayUnavailable(f"pg_dump failed: {done.stderr.strip()[:500]}")
    return done.stdout


def pg_dump_path() -> str:
    """pg_dump on PATH whose major version is at least the server's."""
    path = shutil.which("pg_dump")
    if path is None:
        raise ReplayUnavailable("pg_dump is not installed (Debian: postgresql-client)")
    major, server = _pg_dump_major(path), connection.pg_version // 10000
    if major < server:
        raise ReplayUnavailable(f"pg_dump {major} is older than the server ({server})")
    return path


@cache
def _pg_dump_major(path: str) -> int:
    version = subprocess.run([path, "--version"], capture_output=True, text=True, check=True)
    return int(re.search(r"\)\s*(\d+)", version.stdout).group(1))  # "pg_dump (PostgreSQL) 15.2"


def create_schema(schema_name: str) -> bool:
    """Replay when configured and possible; False when the caller should clone the standard way."""
    try:
        create_by_replay(schema_name)
    except ReplayUnavailable as reason:
        logger.warning("tenant %s cloned by django-tenants: %s", schema_name, reason)
        return False
    return True
