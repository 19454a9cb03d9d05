"""Celery tasks (run in the public schema): Elasticsearch follows the PostgreSQL documents."""

from celery import shared_task

from .backends.base import BackendUnavailable


@shared_task(
    name="search.index_elastic", autoretry_for=(BackendUnavailable,), retry_backoff=5,
    retry_backoff_max=300, max_retries=10, acks_late=True, ignore_result=True,
)  # fmt: skip
def index_elastic(implementation_code: str) -> str:
    """Write (or remove) one guide's Elasticsearch document from its projection row."""
    from . import indexing

    return indexing.index_guide(implementation_code)
