"""Keep the search documents in step with the published-guide projection."""

import logging

from core.published.models import PublishedGuide

from . import backends, common, documents

log = logging.getLogger(__name__)
BATCH = 500


def _guides():
    return PublishedGuide.objects.select_related("region").order_by("pk")


def index_guide(implementation_code: str, elastic: bool = True) -> str:
    """(Re)index one guide, or remove its document when the guide is gone. Returns what it did.

    PostgreSQL is written first (it is the fallback); an Elasticsearch error propagates so the
    task retries. ``elastic=False`` writes PostgreSQL only (inside a sync's transaction)."""
    guide = _guides().filter(implementation_code=implementation_code).first()
    es = backends.elasticsearch() if elastic else None
    if guide is None:
        for document_id in document_ids(implementation_code):
            backends.postgres().delete([document_id])
            if es:
                es.delete([document_id])
        return "removed"
    fields = documents.fields_of(guide)
    backends.postgres().index([fields])
    if es:
        es.index([fields])
    return "indexed"


def index_elastic(implementation_code: str, document_ids: list[str]) -> str:
    """Elasticsearch only: index the guide's row, or delete ``document_ids`` when it is gone."""
    es = backends.elasticsearch()
    if es is None:
        return "disabled"
    guide = _guides().filter(implementation_code=implementation_code).first()
    if guide is None:
        es.delete(document_ids)
        return "removed"
    es.index([documents.fields_of(guide)])
    return "indexed"


def document_ids(implementation_code: str) -> list[str]:
    from .models import SearchDocument

    return list(
        SearchDocument.objects.filter(implementation_code=implementation_code).values_list(
            "pk", flat=True
        )
    )


def _batches():
    batch = []
    for guide in _guides().iterator(chunk_size=BATCH):
        batch.append(documents.fields_of(guide))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def rebuild() -> dict[str, int]:
    """Reindex every live guide: PostgreSQL in one transaction, Elasticsearch into a new
    versioned index switched in behind the alias once complete."""
    from django.db import transaction

    pg = backends.postgres()
    es = backends.elasticsearch()
    new_index = es.create_index() if es else None
    counts = {"postgres": 0, "elasticsearch": 0}
    with transaction.atomic():
        pg.clear()
        for batch in _batches():
            counts["postgres"] += pg.index(batch)
            if es:
                counts["elasticsearch"] += es.bulk(batch, index=new_index)
        common.refresh()  # document frequencies of the new documents
    pg.analyse()  # after the commit: the planner's estimates of the new rows
    if es:
        es.client.indices.refresh(index=new_index)
        es.switch_alias(new_index)
    return counts


def status() -> dict[str, int | str]:
    """Guides, documents per backend, and how many guides lack a document."""
    from .models import SearchDocument

    guides = PublishedGuide.objects.count()
    indexed = set(SearchDocument.objects.values_list("implementation_code", flat=True))
    live = set(PublishedGuide.objects.values_list("implementation_code", flat=True))
    result: dict[str, int | str] = {
        "backend": backends.configured_name(), "guides": guides,
        "postgres_documents": len(indexed), "missing": len(live - indexed),
        "stale": len(indexed - live),
    }  # fmt: skip
    if es := backends.elasticsearch():
        try:
            result["elasticsearch_documents"] = es.count()
        except Exception as error:  # report, never crash the status command
            result["elasticsearch_documents"] = f"unavailable: {error}"
    return result
