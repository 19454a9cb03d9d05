"""Projection changes reach the index through Celery tasks on commit; ES outages fall back."""

from unittest import mock

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from core.published.projection import project, withdraw
from search import backends, indexing, tasks
from search.backends.base import BackendUnavailable
from search.models import SearchDocument
from search.service import search_guides
from tenants.models import Department
from tests.search import corpus

pytestmark = pytest.mark.django_db


def run_now(task, *args, **kwargs):
    task.apply(args=args)


@pytest.fixture
def guide_snapshot():
    department = Department.objects.get(region__slug="yaohai", short_name="公安局")
    return corpus._snapshot("shushan", "000713002000", department, "4")


def test_publish_and_withdraw_are_indexed_on_commit(
    guide_snapshot, django_capture_on_commit_callbacks
):
    code = guide_snapshot["implementation_code"]
    with mock.patch("search.signals.enqueue", side_effect=run_now_on_commit):
        with django_capture_on_commit_callbacks(execute=True), schema_context("yaohai"):
            guide = project(guide_snapshot, 1, "http://yaohai.localhost/g/")
        document = SearchDocument.objects.get(implementation_code=code)
        assert document.pk == f"yaohai:{code}" and document.guide_id == guide.pk
        assert search_guides("身份证", "340102").hits[0].implementation_code == code
        with django_capture_on_commit_callbacks(execute=True):
            withdraw(code)
    assert not SearchDocument.objects.filter(implementation_code=code).exists()


def run_now_on_commit(task, *args, schema_name=None):
    from django.db import transaction

    assert schema_name == "public"
    transaction.on_commit(lambda: task.apply(args=args))


def test_signals_queue_tasks_in_the_public_schema(
    guide_snapshot, django_capture_on_commit_callbacks
):
    with mock.patch("search.signals.enqueue") as enqueue, schema_context("yaohai"):
        project(guide_snapshot, 1, "http://yaohai.localhost/g/")
    enqueue.assert_called_once_with(
        tasks.index_guide, guide_snapshot["implementation_code"], schema_name="public"
    )


def test_search_falls_back_to_postgres_when_elasticsearch_is_down(demo_corpus, settings):
    settings.SEARCH_BACKEND, settings.ELASTICSEARCH_URL = "elasticsearch", "http://127.0.0.1:9"
    try:
        results = search_guides("准生证", "340104")
        assert results.backend == "postgres" and results.total >= 1
        code = demo_corpus[0]
        with pytest.raises(BackendUnavailable):
            indexing.index_guide(code)  # the task retries (autoretry_for)
        assert SearchDocument.objects.filter(implementation_code=code).exists()
        assert BackendUnavailable in tasks.index_guide.autoretry_for
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
