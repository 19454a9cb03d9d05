"""Celery tasks (run in the public schema): index or remove one guide's document."""

from celery import shared_task

from .backends.base import BackendUnavailable


@shared_task(
    name="search.index_guide", autoretry_for=(BackendUnavailable,), retry_backoff=5,
    retry_backoff_max=300, max_retries=10, acks_late=True,
)  # fmt: skip
def index_guide(implementation_code: str) -> str:
    from . import indexing

    return indexing.index_guide(implementation_code)


@shared_task(
    name="search.remove_document", autoretry_for=(BackendUnavailable,), retry_backoff=5,
    retry_backoff_max=300, max_retries=10, acks_late=True,
)  # fmt: skip
def remove_document(document_id: str) -> int:
    from . import indexing

    return indexing.remove_document(document_id)
