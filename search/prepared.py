"""Prepared statements with generic plans, for the search statements whose plan does not depend
on their values: a keystroke's suggestion statement, and a search whose candidates come from
selective words (``postgres_sql.broad``).

Planning was much of their time in the database (a suggestion: 0.2–0.28 ms of planning for
0.02–0.2 ms of execution; a search: 0.45 ms of planning). Here each is prepared once per
connection and statement text and then runs a generic plan, made once. PostgreSQL's own choice
(``plan_cache_mode = auto``) kept planning every execution, so the connection sets
``force_generic_plan`` (``search.apps``). That setting applies to prepared statements only, and
only the statements run here are prepared: Django's psycopg cursors bind parameters on the
client and prepare nothing (a system check refuses ``server_side_binding``, under which psycopg
would prepare every ORM query and give it a generic plan too). PL/pgSQL caches its plans the
same way: the two suggestion triggers (migrations search 0008, 0010) look rows up by key, where
the generic plan is the custom one. Prepared statements live in the database session and
survive its rollbacks; one the session lost (DISCARD ALL, DEALLOCATE), or whose row type a
migration changed under it, is prepared again, with the session's settings, at its next
execution outside a transaction (inside one, the caller's transaction fails, as on any error).
``SEARCH_PREPARED_STATEMENTS = False`` turns them off behind a pooler that does not keep
sessions (none runs here: docs/operations.md).
"""

import hashlib
import re
import weakref
from functools import lru_cache

from django.conf import settings
from django.db import DatabaseError, connection
from psycopg import errors

from .apps import GENERIC_PLANS, TRIGRAM_THRESHOLD

# Statements prepared per connection, at most; beyond, plain statements. A search's generic
# plan holds ~0.5 MB of the backend's memory (64 held 33 MB): 24 keep a connection under
# ~12 MB and cover the unfiltered shapes (the searches by matter: platform, province, city,
# county, a county under its province, × best bets; the suggestion kinds: 16 in all) and the
# common filters. (16 filled up in a review's mix of 600 requests with 10 % filtered.)
# Connections are renewed every DB_CONN_MAX_AGE (60 s), and with them their statements.
MAX_PER_CONNECTION = 24
_prepared: "weakref.WeakKeyDictionary[object, set[str]]" = weakref.WeakKeyDictionary()
PARAMETER = re.compile(r"%\((\w+)\)s")


def execute(cursor, sql: str, params: dict, generic: bool = True) -> None:
    """Run ``sql`` (pyformat parameters) on ``cursor`` as a prepared statement of the
    connection, preparing it at its first use there; ``generic=False``: a plain statement,
    planned for its values (the caller knows its plan depends on them)."""
    if not (generic and settings.SEARCH_PREPARED_STATEMENTS):
        cursor.execute(sql, params)
        return
    types = tuple(_type_of(params[name]) for name in _parameters(sql))
    name, text = _statement(sql, types)
    prepared = _prepared.setdefault(connection.connection, set())
    if name not in prepared and len(prepared) >= MAX_PER_CONNECTION:
        cursor.execute(sql, params)
        return
    values = [params[name] for name in _parameters(sql)]
    run = f"EXECUTE {name} ({', '.join(['%s'] * len(values))})"
    if name not in prepared:
        # not undone by a rollback: a prepared statement belongs to the session
        cursor.execute(f"PREPARE {name} ({', '.join(types)}) AS {text}")
        prepared.add(name)
    elif not connection.in_atomic_block:
        try:
            cursor.execute(run, values)
            return
        except DatabaseError as error:
            if not _lost(error):
                raise
        # start again from none, with the session's settings (a DISCARD ALL resets them too)
        cursor.execute("DEALLOCATE ALL")
        for setting in (TRIGRAM_THRESHOLD, GENERIC_PLANS):
            cursor.execute(setting)
        prepared.clear()
        return execute(cursor, sql, params)
    cursor.execute(run, values)


def _lost(error: DatabaseError) -> bool:
    """The session lost the statement (DISCARD ALL, DEALLOCATE), or a migration changed the
    row type it returns (a column's type: its cached plan then fails every execution)."""
    cause = error.__cause__
    return isinstance(cause, errors.InvalidSqlStatementName) or (
        isinstance(cause, errors.FeatureNotSupported) and "cached plan" in str(cause)
    )


@lru_cache(maxsize=256)
def _parameters(sql: str) -> tuple[str, ...]:
    """Parameter names in order of first use ($1, $2 …)."""
    return tuple(dict.fromkeys(PARAMETER.findall(sql)))


@lru_cache(maxsize=512)
def _statement(sql: str, types: tuple[str, ...]) -> tuple[str, str]:
    """(name, text with $n parameters) of a statement and its parameter types."""
    numbers = {name: f"${n}" for n, name in enumerate(_parameters(sql), start=1)}
    text = PARAMETER.sub(lambda m: numbers[m.group(1)], sql).replace("%%", "%")
    digest = hashlib.sha1(f"{sql}\0{types}".encode()).hexdigest()[:24]
    return f"search_{digest}", text


def _type_of(value) -> str:
    """The parameter type a client-side literal of ``value`` would have had: a float as
    numeric (a literal 0.6 is numeric: scores keep the precision they had), ``unknown`` (the
    statement's context decides) for None."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "bigint"
    if isinstance(value, float):
        return "numeric"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "text[]"
    if value is None:
        return "unknown"
    raise TypeError(f"search.prepared: no parameter type for {type(value).__name__}")
