"""Leases of import jobs being previewed or applied: who runs a job, until when, and fencing
of the outcome.

A job confirmed for import is APPLYING with no lease holder (``lease_token`` null) and a
deadline to be picked up by. Whoever runs the apply first takes the lease (a conditional
update: a second delivery of the task finds it held and does nothing), and a heartbeat thread
with a connection of its own renews it while the import's transaction runs. The import and the
job's APPLIED record commit together, fenced by the token: an apply that lost its lease (it
stalled past it and the job was handed on) rolls its import back instead of recording it. So
an APPLYING job whose lease ran out wrote nothing, and ``core.uploads.reconcile`` may start it
again. A preview holds the same lease while it runs (it writes nothing but its result), so a
job left 正在预览 by a dead worker is handed on the same way.
"""

import threading
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tenants.utils import schema_context

from .models import ImportJob

APPLYING = ImportJob.State.APPLYING
PREVIEWING = ImportJob.State.PREVIEWING
UPLOADED = ImportJob.State.UPLOADED
RUNNING = (PREVIEWING, APPLYING)  # the states a lease is held in


class LeaseLost(Exception):
    """The job was handed to another run while this one was applying it."""


def duration() -> timedelta:
    return timedelta(seconds=settings.IMPORT_LEASE_SECONDS)


def queued_values(now=None) -> dict:
    """The lease fields of a job handed to a worker: nobody holds it, to be taken by then."""
    return {"lease_token": None, "lease_until": (now or timezone.now()) + duration()}


def acquire(pk: int, state=APPLYING) -> uuid.UUID | None:
    """Take the lease of a job in ``state`` nobody holds (or whose holder let it run out); a
    preview also takes an UPLOADED job, moving it to PREVIEWING."""
    token, now = uuid.uuid4(), timezone.now()
    free = Q(state=state) & (Q(lease_token__isnull=True) | Q(lease_until__lt=now))
    if state == PREVIEWING:
        free |= Q(state=UPLOADED)
    taken = ImportJob.objects.filter(free, pk=pk).update(
        state=state, lease_token=token, lease_until=now + duration(), attempts=F("attempts") + 1
    )
    return token if taken else None


def renew(pk: int, token: uuid.UUID) -> bool:
    """Extend a held lease; never waits for the row (the import's own commit may hold it)."""
    with transaction.atomic():
        held = ImportJob.objects.filter(pk=pk, state__in=RUNNING, lease_token=token)
        row = held.select_for_update(skip_locked=True).values_list("pk", flat=True)
        return bool(
            ImportJob.objects.filter(pk__in=row).update(lease_until=timezone.now() + duration())
        )


def finish(pk: int, token: uuid.UUID, state, **values) -> bool:
    """Record the outcome of the run holding ``token`` (False: it no longer holds the lease)."""
    mine = ImportJob.objects.filter(pk=pk, state__in=RUNNING, lease_token=token)
    return bool(mine.update(state=state, lease_token=None, lease_until=None, **values))


@contextmanager
def heartbeat(pk: int, token: uuid.UUID, schema_name: str):
    """Renew the lease every third of its duration while the block runs (a thread with its own
    database connection: the import's transaction would hide the renewal until it commits)."""
    stop = threading.Event()
    interval = settings.IMPORT_LEASE_SECONDS / 3

    def beat():
        try:
            while not stop.wait(interval):
                with schema_context(schema_name):
                    renew(pk, token)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"import-lease-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
