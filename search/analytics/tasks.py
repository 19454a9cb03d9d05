"""Beat tasks of search analytics (settings CELERY_BEAT_SCHEDULE), all idempotent."""

from celery import shared_task


@shared_task(name="search_analytics.flush", ignore_result=True)
def flush() -> list[int]:
    """Write the buffered searches and opened results (every SEARCH_ANALYTICS_FLUSH_SECONDS);
    with Redis unreachable there is nothing to write (searches are written directly meanwhile)."""
    import logging

    from .buffer import BufferUnavailable
    from .store import flush as write_buffered

    try:
        return list(write_buffered())
    except BufferUnavailable as error:
        logging.getLogger(__name__).warning("search analytics: buffer unavailable (%s)", error)
        return [0, 0]


@shared_task(name="search_analytics.purge", ignore_result=True)
def purge() -> int:
    """Nightly: searches older than SEARCH_ANALYTICS_RETENTION_DAYS are deleted."""
    from .retention import purge as delete_old

    return delete_old()


@shared_task(name="search_analytics.weekly_digest", ignore_result=True)
def weekly_digest() -> int:
    """Mondays: last week's searches to each province's admins; the number of mails sent."""
    from django.conf import settings

    from .digest import send_all

    return send_all() if settings.SEARCH_ANALYTICS_DIGEST else 0
