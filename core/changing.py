"""Which transaction changed what: a process cache keeps nothing read inside the transaction
that changed its source, since that transaction may roll back, and a rollback bumps no stamp.

``mark(name)`` in the changing code, ``in_changing_transaction(name)`` in the cache. The mark is
the connection's outermost atomic block: it ends with that block (cleared on commit, noticed as
gone after a rollback)."""

from django.db import connection, transaction


def _attribute(name: str) -> str:
    return f"_changed_in_{name}"


def mark(name: str) -> None:
    """This connection's transaction changed ``name`` (nothing to mark outside a transaction)."""
    if connection.atomic_blocks:
        attribute = _attribute(name)
        setattr(connection, attribute, connection.atomic_blocks[0])
        transaction.on_commit(lambda: setattr(connection, attribute, None), robust=True)


def in_changing_transaction(name: str) -> bool:
    """Whether this connection is inside the transaction that changed ``name``."""
    attribute = _attribute(name)
    block = getattr(connection, attribute, None)
    if block is None:
        return False
    if connection.atomic_blocks and connection.atomic_blocks[0] is block:
        return True
    setattr(connection, attribute, None)  # that transaction ended (rolled back: no commit hook)
    return False
