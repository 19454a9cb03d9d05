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


@shared_task(name="search.refresh_derived", ignore_result=True)
def refresh_derived() -> dict:
    """Nightly, and after a deployment's migration: the common-word list follows the documents'
    frequencies, suggestion terms are written if documents exist but none are (a database
    migrated from before the suggestion tables), and the matter candidates are rewritten
    without the lexemes of edited or deleted documents (``search.matters``). All are
    idempotent rewrites."""
    from . import backends, common, matters, suggestions
    from .models import SearchDocument, SuggestionSource

    rebuilt = 0
    if SearchDocument.objects.exists() and not SuggestionSource.objects.exists():
        rebuilt = suggestions.rebuild()
        backends.postgres().analyse()
    return {
        "common_words": common.refresh(),
        "suggestions_rebuilt_from": rebuilt,
        "matters": matters.rebuild(),
    }
