"""The guide sync keeps search documents in step with projection rows; ES outages fall back."""

from unittest import mock

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from core.published.models import PublishedGuide
from search import backends, indexing, tasks
from search.backends.base import BackendUnavailable
from search.models import SearchDocument
from search.service import search_guides

pytestmark = pytest.mark.django_db


def test_the_sync_indexes_a_published_guide_and_removes_a_withdrawn_one():
    from core.listings import services as listings
    from core.published.sync import sync_guide
    from tests.factories import published_entry

    item = published_entry("yaohai", "000713002000")
    code = item.implementation_code
    document = SearchDocument.objects.get(implementation_code=code)
    guide = PublishedGuide.objects.get(implementation_code=code)
    assert document.pk == f"yaohai:{code}" and document.guide_id == guide.pk
    assert search_guides("身份证", "340102").hits[0].implementation_code == code
    with schema_context("yaohai"):
        listings.suspend_item(item, "机构调整")
        assert sync_guide(item.pk) == "withdrawn"
    assert not SearchDocument.objects.filter(implementation_code=code).exists()


def test_search_falls_back_to_postgres_when_elasticsearch_is_down(demo_corpus, settings):
    settings.SEARCH_BACKEND, settings.ELASTICSEARCH_URL = "elasticsearch", "http://127.0.0.1:9"
    try:
        results = search_guides("准生证", "340104")
        assert results.backend == "postgres" and results.total >= 1
        code = demo_corpus[0]
        with pytest.raises(BackendUnavailable):
            indexing.index_guide(code)  # the task retries (autoretry_for)
        assert SearchDocument.objects.filter(implementation_code=code).exists()
        assert BackendUnavailable in tasks.index_elastic.autoretry_for
    finally:
        backends._elasticsearch.cache_clear()


def test_search_index_command_status_and_rebuild(demo_corpus, capsys):
    SearchDocument.objects.filter(implementation_code=demo_corpus[0]).delete()
    call_command("search_index", "status")
    assert "missing: 1" in capsys.readouterr().out
    call_command("search_index", "rebuild")
    assert f"postgres {len(demo_corpus)} documents" in capsys.readouterr().out
    call_command("search_index", "status")
    assert "missing: 0" in capsys.readouterr().out


class RecordingElasticsearch:
    """Stands in for the cluster this machine cannot run: records what would be sent."""

    def __init__(self):
        self.indexed, self.deleted = [], []

    def index(self, docs):
        self.indexed += [d["id"] for d in docs]

    def delete(self, ids):
        self.deleted += list(ids)


def test_a_withdrawn_guide_is_removed_from_elasticsearch_too():
    from core.listings import services as listings
    from core.published.sync import sync_guide
    from tests.factories import published_entry

    item = published_entry("yaohai", "000713002000")
    code = item.implementation_code
    es = RecordingElasticsearch()
    with (
        mock.patch("search.backends.elasticsearch", return_value=es),
        mock.patch("search.signals.enqueue") as enqueue,
        schema_context("yaohai"),
    ):
        listings.suspend_item(item, "机构调整")
        sync_guide(item.pk)
        [(task, task_code, ids), _] = enqueue.call_args
        assert (task, task_code, ids) == (tasks.index_elastic, code, [f"yaohai:{code}"])
        assert tasks.index_elastic.run(code, ids) == "removed"
    assert es.deleted == [f"yaohai:{code}"]
