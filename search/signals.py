"""The search step of a guide's sync, and search drift for the consistency check."""

from core.jobs import enqueue
from core.published.consistency import Drift

from . import backends, documents, indexing, tasks


def guides_synced(sender, implementation_codes, schema_name="", **kwargs):
    """Make each code's document match its projection row (index, or remove): PostgreSQL in the
    sync's transaction; Elasticsearch after commit with its own retries, so an outage of the
    cluster never holds back the read model (searches fall back to PostgreSQL meanwhile)."""
    for code in implementation_codes:
        # The ids before PostgreSQL forgets them: Elasticsearch removes the same documents.
        ids = indexing.document_ids(code) or [documents.document_id(schema_name, code)]
        indexing.index_guide(code, elastic=False)
        if backends.elasticsearch():
            enqueue(tasks.index_elastic, code, ids, schema_name="public", robust=True)


def report_search_drift(sender, region, live, rows, **kwargs) -> list[Drift]:
    """Rows without an up-to-date document, and documents of the region without a row."""
    from .models import SearchDocument

    docs = {
        d["implementation_code"]: d
        for d in SearchDocument.objects.filter(region_code=region.code).values(
            "implementation_code", "guide_id", "indexed_at"
        )
    }
    s = region.schema_name
    drifts = []
    for entry_id, row in rows.items():
        doc = docs.get(row.implementation_code)
        if doc is None:
            drifts.append(Drift("search_missing", s, entry_id, row.implementation_code))
        elif doc["guide_id"] != row.pk or doc["indexed_at"] < row.synced_at:
            drifts.append(Drift("search_stale", s, entry_id, row.implementation_code))
    codes = {row.implementation_code for row in rows.values()}
    drifts += [Drift("search_orphan", s, None, code) for code in docs.keys() - codes]
    return drifts
