"""Projection changes → indexing jobs, queued on commit in the public schema."""

from core.jobs import enqueue

from . import documents, tasks


def guide_saved(sender, instance, **kwargs):
    enqueue(tasks.index_guide, instance.implementation_code, schema_name="public")


def guide_deleted(sender, instance, **kwargs):
    document_id = documents.document_id(instance.region.schema_name, instance.implementation_code)
    enqueue(tasks.remove_document, document_id, schema_name="public")
