"""Background jobs of the read model (run in the public schema): drain the sync outbox, and
reconcile the read side of every tenant with the write side.

Work tasks ignore their results: nobody waits on them, and a sender that subscribed to results
would be left with a broken result consumer after a Redis outage."""

from celery import shared_task


@shared_task(name="published.drain_sync_requests", acks_late=True, ignore_result=True)
def drain_sync_requests(limit: int = 1000) -> dict:
    """Sync every due guide named in the outbox (woken after commit and by beat)."""
    from .outbox import drain

    return drain(limit)


@shared_task(name="published.reconcile_guides", acks_late=True, ignore_result=True)
def reconcile_guides() -> dict:
    """Find drift between entries, pages, projection rows and search documents in every tenant
    and queue a sync for each guide that differs (beat, every few minutes)."""
    from .consistency import check_all
    from .outbox import drain

    report = check_all(repair=True)
    drain()
    return report.totals()
