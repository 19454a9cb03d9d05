"""PostgreSQL advisory locks that serialise imports into the same target.

Two imports of one province's catalogue or one region's list, run at the same time, would both
plan "create" for the same codes and the second would crash on a unique index halfway through.
Under the lock the second waits, then plans against what the first committed (usually: nothing
left to change). Keys are derived from a name, so every process agrees on them.
"""

import hashlib

from django.db import connection


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL's bigint)."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


def lock_for_transaction(name: str) -> None:
    """Wait for and hold the lock ``name`` until the current transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])
