"""Backend choice: PostgreSQL always (the documents table is the fallback and the source for
suggestions); Elasticsearch too when ``SEARCH_BACKEND = "elasticsearch"`` and a URL is set."""

import os
from functools import cache

from django.conf import settings

from .postgres import PostgresBackend


def elasticsearch_url() -> str:
    return getattr(settings, "ELASTICSEARCH_URL", "") or os.environ.get("ELASTICSEARCH_URL", "")


def configured_name() -> str:
    name = getattr(settings, "SEARCH_BACKEND", "") or (
        "elasticsearch" if elasticsearch_url() else "postgres"
    )
    if name not in ("postgres", "elasticsearch"):
        raise ValueError(f"SEARCH_BACKEND: unknown backend {name!r} (postgres | elasticsearch)")
    return name


def postgres() -> PostgresBackend:
    return PostgresBackend()


@cache
def _elasticsearch(url: str):
    from .elastic import ElasticsearchBackend

    return ElasticsearchBackend(url)


def elasticsearch():
    """The Elasticsearch backend, or None when it is not configured."""
    url = elasticsearch_url()
    return _elasticsearch(url) if url and configured_name() == "elasticsearch" else None


def primary():
    return elasticsearch() or postgres()
