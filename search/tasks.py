"""Celery tasks (run in the public schema): Elasticsearch follows the PostgreSQL documents."""

from celery import shared_task

from .backends.base import BackendUnavailable


@shared_task(
    name="search.index_elastic", autoretry_for=(BackendUnavailable,), retry_backoff=5,
    retry_backoff_max=300, max_retries=10, acks_late=True, ignore_result=True,
)  # fmt: skip
def index_elastic(implementation_code: str, document_ids: list[str] | None = None) -> str:
    """Write one guide's Elasticsearch document from its projection row, or remove the
    documents ``document_ids`` (known before PostgreSQL dropped its own) when it has none."""
    from . import indexing

    return indexing.index_elastic(implementation_code, document_ids or [])
