"""Faults end in zero drift: a broker outage at publish time, a drainer that dies holding a
lease, a sync that keeps failing. Committed data, real Redis and PostgreSQL."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from core.celery import app
from core.listings import services as listings
from core.published.consistency import check_all
from core.published.models import PublishedGuide, SyncRequest
from core.published.outbox import _lease_next, drain
from core.published.tasks import reconcile_guides
from search.models import SearchDocument
from tests.factories import listing_entry
from tests.listings.test_fanout import committed  # noqa: F401  (fixture)

pytestmark = pytest.mark.worker

FOOD = "000131106000"


def reset_read_side():
    """No pages, rows, documents or requests left by earlier committed tests."""
    from cms.models import GuidePage
    from tests.conftest import SESSION_REGIONS

    for slug in SESSION_REGIONS:
        with schema_context(slug):
            for page in GuidePage.objects.all():
                page.delete()
    PublishedGuide.objects.all().delete()
    SearchDocument.objects.all().delete()
    SyncRequest.objects.all().delete()  # after the pages: deleting one requests a sync


@pytest.fixture
def clean_read_side(committed):  # noqa: F811
    """A clean read side, and no wake-ups: these tests drive the drain themselves, and the
    session's worker (started by other tests) must not drain their requests behind their back."""
    app.control.purge()
    time.sleep(1)
    reset_read_side()
    with mock.patch("core.published.outbox._wake_drainer_on_commit"):
        yield
    reset_read_side()


@pytest.fixture
def broker_down():
    """The broker is unreachable (a closed port) for everything sent meanwhile."""
    previous = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app._pool = None
    yield
    app.conf.broker_url = previous
    app._pool = None


def test_publishing_while_the_broker_is_down_commits_and_the_reconciler_catches_up(
    clean_read_side, broker_down
):
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"), transaction.atomic():
        listings.publish_item(item, direct=True)  # the wake-up fails after commit: logged only
    assert not PublishedGuide.objects.exists()
    assert list(SyncRequest.objects.values_list("schema_name", "entry_id")) == [
        ("shushan", item.pk)
    ]
    kinds = sorted(d.kind for d in check_all().drifts)
    assert kinds == ["page_missing", "projection_missing"]
    assert reconcile_guides() == {"drift": 2, "repaired": 2}
    row = PublishedGuide.objects.get()
    assert (row.entry_id, row.version) == (item.pk, 1)
    assert SearchDocument.objects.filter(implementation_code=row.implementation_code).exists()
    assert check_all().drifts == []
    assert not SyncRequest.objects.exists()


def test_a_drainer_that_dies_holding_a_lease_leaves_the_request_to_the_next_one(clean_read_side):
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"), transaction.atomic():
        listings.publish_item(item, direct=True)  # the request is in the outbox, nobody woken
    assert list(SyncRequest.objects.values_list("entry_id", flat=True)) == [item.pk]
    leased = _lease_next()  # ... and the process is killed here
    assert leased.entry_id == item.pk
    assert drain() == {"synced": 0, "failed": 0}  # leased: nobody else takes it yet
    SyncRequest.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))  # expired
    assert drain() == {"synced": 1, "failed": 0}
    assert PublishedGuide.objects.get().entry_id == item.pk


def test_a_failing_sync_is_retried_with_backoff_and_reported(clean_read_side):
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"), transaction.atomic():
        listings.publish_item(item, direct=True)
    from django.db import connection

    PublishedGuide.objects.all().delete()
    with connection.cursor() as cursor:  # a real fault: the projection table refuses writes
        cursor.execute(
            "CREATE FUNCTION public.refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$BEGIN RAISE EXCEPTION '只读副本（测试注入）'; END$$;"
            "CREATE TRIGGER refuse BEFORE INSERT ON public.published_publishedguide "
            "FOR EACH ROW EXECUTE FUNCTION public.refuse()"
        )
    try:
        from core.published.outbox import request_sync

        request_sync(item.pk, schema_name="shushan")
        SyncRequest.objects.update(next_attempt_at=timezone.now())
        assert drain() == {"synced": 0, "failed": 1}
        row = SyncRequest.objects.get()
        assert row.attempts == 1 and "只读副本" in row.last_error
        assert row.next_attempt_at > timezone.now()  # backed off: not retried in a busy loop
        assert drain() == {"synced": 0, "failed": 0}
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER refuse ON public.published_publishedguide; DROP FUNCTION public.refuse()"
            )
    SyncRequest.objects.update(next_attempt_at=timezone.now())
    assert drain() == {"synced": 1, "failed": 0}
    assert check_all().drifts == []
