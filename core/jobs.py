"""The one way to queue background work: after commit, in the schema of the caller.

Tasks carry the schema name and primary keys only; the schema is captured when the job is
queued, not when the transaction commits (by then the connection may serve another tenant).
"""

from django.db import connection, transaction


def schema_headers(schema_name: str | None = None) -> dict:
    """Celery headers that make tenant-schemas-celery run the task in ``schema_name``."""
    return {"_schema_name": schema_name or connection.schema_name}


def enqueue(task, *args, schema_name: str | None = None, robust: bool = False, **kwargs) -> None:
    """Send ``task`` once the current transaction commits (at once outside a transaction).

    ``robust``: a failure to send (broker down) is logged instead of raised. Only for wake-ups
    whose work is also recorded in the database (the sync outbox), never for the only trigger."""
    headers = schema_headers(schema_name)
    options = {"retry": False} if robust else {}  # a wake-up must not stall the request
    transaction.on_commit(
        lambda: task.apply_async(args=args, kwargs=kwargs, headers=headers, **options),
        robust=robust,
    )
