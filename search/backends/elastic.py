"""Elasticsearch backend: versioned indices behind an alias (rebuilds never interrupt search),
bulk indexing, IK / pinyin plugins used when the cluster has them.

Searches use a short timeout (SEARCH_ES_TIMEOUT, no retry) and a circuit breaker: after a
failure Elasticsearch is skipped for SEARCH_ES_COOLDOWN seconds, so searches fall back to
PostgreSQL at once instead of each waiting for a hung cluster; the first search after the
cool-down tries it again."""

import time
from functools import cached_property

from django.conf import settings
from elasticsearch import Elasticsearch, helpers
from elasticsearch import exceptions as es_errors

from core.breaker import breaker

from . import elastic_mapping, elastic_query
from .base import BackendUnavailable, RawHit, RawResults, Request

ERRORS = (es_errors.ConnectionError, es_errors.TransportError, es_errors.ApiError)


def alias_name() -> str:
    """The alias searches read (one helper: tests and deployments set their own prefix)."""
    return getattr(settings, "SEARCH_INDEX_PREFIX", "zwfw") + "-guides"


def version_name(stamp: int | None = None) -> str:
    return f"{alias_name()}-v{stamp or int(time.time() * 1000)}"


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str):
        self.client = Elasticsearch(url, request_timeout=10, max_retries=1)  # indexing
        self.breaker = breaker(f"Elasticsearch {url}", getattr(settings, "SEARCH_ES_COOLDOWN", 30))

    @property
    def searching(self) -> Elasticsearch:
        """The client for searches: a short timeout, no retries (PostgreSQL is the fallback)."""
        timeout = getattr(settings, "SEARCH_ES_TIMEOUT", 1.0)
        return self.client.options(request_timeout=timeout, max_retries=0)

    @cached_property
    def plugins(self) -> set[str]:
        try:
            rows = self.searching.cat.plugins(format="json")
        except ERRORS as error:
            raise BackendUnavailable(str(error)) from error
        return {row["component"] for row in rows}

    @property
    def ik(self) -> bool:
        return "analysis-ik" in self.plugins

    @property
    def pinyin(self) -> bool:
        return "analysis-pinyin" in self.plugins

    def create_index(self) -> str:
        """A new versioned index (not yet behind the alias)."""
        name = version_name()
        self.client.indices.create(index=name, **elastic_mapping.index_body(self.ik, self.pinyin))
        return name

    def ensure_index(self) -> str:
        if not self.client.indices.exists_alias(name=alias_name()):
            self.switch_alias(self.create_index())
        return alias_name()

    def switch_alias(self, new_index: str) -> list[str]:
        """Point the alias at ``new_index`` atomically; drop the indices it pointed at."""
        alias = alias_name()
        old = (
            list(self.client.indices.get_alias(name=alias))
            if self.client.indices.exists_alias(name=alias)
            else []
        )
        actions = [{"remove": {"index": i, "alias": alias}} for i in old]
        self.client.indices.update_aliases(
            actions=[*actions, {"add": {"index": new_index, "alias": alias}}]
        )
        for index in old:
            self.client.indices.delete(index=index)
        return old

    def bulk(self, fields_list: list[dict], index: str | None = None) -> int:
        actions = (
            {"_index": index or alias_name(), "_id": f["id"], "_source": elastic_mapping.source(f)}
            for f in fields_list
        )
        try:
            done, _ = helpers.bulk(self.client, actions, refresh="wait_for" if not index else False)
        except ERRORS as error:
            raise BackendUnavailable(str(error)) from error
        return done

    def index(self, fields_list: list[dict]) -> int:
        try:
            self.ensure_index()
        except ERRORS as error:
            raise BackendUnavailable(str(error)) from error
        return self.bulk(fields_list)

    def delete(self, document_ids: list[str]) -> int:
        try:
            actions = (
                {"_op_type": "delete", "_index": alias_name(), "_id": i} for i in document_ids
            )
            done, _ = helpers.bulk(self.client, actions, raise_on_error=False, refresh="wait_for")
        except ERRORS as error:
            raise BackendUnavailable(str(error)) from error
        return done

    def count(self) -> int:
        try:
            return self.client.count(index=alias_name())["count"]
        except es_errors.NotFoundError:
            return 0

    def search(self, request: Request) -> RawResults:
        """As in PostgreSQL, fuzzy title matches make candidates only when nothing else
        matched (they always rank): a second request, for every page of such a query."""
        found = self._search(request, fuzzy=False)
        if not found.total:
            found = self._search(request, fuzzy=True)
        return found

    def _search(self, request: Request, fuzzy: bool) -> RawResults:
        if not self.breaker.allow():
            raise BackendUnavailable("skipped: failed recently, retried after the cool-down")
        try:
            search = elastic_query.build(request, alias_name(), self.pinyin, fuzzy=fuzzy)
            response = search.using(self.searching).execute()
        except (*ERRORS, BackendUnavailable) as error:
            self.breaker.failed()
            raise BackendUnavailable(str(error)) from error
        self.breaker.succeeded()
        return self._results(response)

    def _results(self, response) -> RawResults:
        hits = []
        for hit in response.hits:
            local = hit.meta.inner_hits["local"].hits[0] if "inner_hits" in hit.meta else hit
            hits.append(RawHit(
                local.implementation_code, int(local.guide_id), float(hit.meta.score or 0),
                local.region_code, local.name, list(local.aliases or []), local.description or "",
            ))  # fmt: skip
        aggs = response.aggregations
        facets = {
            key: [(str(b.key), None, b.doc_count) for b in aggs[key].buckets]
            for key in elastic_query.FACET_FIELDS
        }
        return RawResults(int(aggs.total_matters.value), hits, facets)
