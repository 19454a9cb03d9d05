"""A province edit reaches exactly the claimant tenants, through a real Celery worker."""

import time

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django_tenants.utils import schema_context

from core.catalogue import services as catalogue
from core.catalogue.models import SyncJob
from core.catalogue.tasks import fan_out_version, reconcile_sync_jobs
from core.listings.models import ImplementationItem
from core.listings.tasks import merge_catalogue_version
from tests.conftest import SESSION_REGIONS
from tests.factories import listing_entry

pytestmark = pytest.mark.worker  # no test transaction: the worker must see committed rows

FOOD = "000131106000"
ID_CARD = "000713002000"


def purge(attempts: int = 5):
    """Remove committed catalogue, listing and projection rows (other tests roll back theirs).

    A sync the test's commits queued may still be running in a worker when the test ends: its
    row locks and the truncation's table locks can deadlock, and PostgreSQL then cancels one of
    them. Truncating is idempotent, so the purge tries again."""
    for attempt in range(attempts):
        try:
            return _truncate()
        except OperationalError:  # deadlock detected: the other side has been let through
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)


def _truncate():
    with connection.cursor() as cursor:
        for slug in SESSION_REGIONS:
            cursor.execute(
                f'TRUNCATE "{slug}".listings_itemversion, "{slug}".listings_mergeconflict, '
                f'"{slug}".listings_codehistory, "{slug}".listings_implementationitem CASCADE'
            )
        cursor.execute(
            "UPDATE public.catalogue_matter SET current_version_id = NULL;"
            "TRUNCATE public.catalogue_syncjob, public.catalogue_claim, "
            "public.published_publishedguide, public.catalogue_matterversion, "
            "public.catalogue_matter CASCADE"
        )


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Data the worker (another connection) can see: committed, then purged."""
    with django_db_blocker.unblock():
        try:
            yield
        finally:
            connection.set_schema_to_public()
            purge()


def wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_province_edit_reaches_exactly_the_claimants(celery_worker_process, committed):
    from django.db import transaction

    with transaction.atomic():
        listing_entry("shushan", FOOD)
        listing_entry("yaohai", FOOD)
        listing_entry("shushan", ID_CARD)
        from core.catalogue.models import Matter

        matter = Matter.objects.get(basic_code=FOOD)
        draft = catalogue.start_version(matter, allow_national=True)
        catalogue.update_draft(draft, {"conditions": "新的受理条件", "change_note": "条件调整"})
        catalogue.submit_version(draft)
        catalogue.publish_version(draft)  # queues the orchestrator on commit

    assert wait_for(lambda: SyncJob.objects.filter(state="done").count() == 2)
    jobs = {(j.region.slug, j.state, j.items) for j in SyncJob.objects.select_related("region")}
    assert jobs == {("shushan", "done", 1), ("yaohai", "done", 1)}
    for slug in ("shushan", "yaohai"):
        with schema_context(slug):
            item = ImplementationItem.objects.get(matter=matter)
            assert (item.base_version.number, item.sync_state) in {(2, "conflict"), (2, "outdated")}
    with schema_context("shushan"):
        untouched = ImplementationItem.objects.get(matter__basic_code=ID_CARD)
        assert (untouched.base_version.number, untouched.sync_state) == (1, "current")
    with schema_context("hefei"):
        assert ImplementationItem.objects.count() == 0


def test_reconciler_resends_what_a_dead_worker_left(celery_worker_process, committed):
    from django.db import transaction

    with transaction.atomic():
        item = listing_entry("shushan", FOOD)
        draft = catalogue.start_version(item.matter, allow_national=True)
        catalogue.update_draft(draft, {"description": "说明已更新", "change_note": "说明更新"})
        catalogue.submit_version(draft)
        catalogue.publish_version(draft)
    assert wait_for(lambda: SyncJob.objects.filter(state="done").exists())
    # A worker died before its merge committed: the job is still pending, the entry unmerged.
    SyncJob.objects.update(state="pending")
    with schema_context("shushan"):
        ImplementationItem.objects.update(
            base_version=item.matter.versions.get(number=1), sync_state="current"
        )
    assert reconcile_sync_jobs() == 0  # its retry is not due yet (backoff)
    with override_settings(SYNC_JOB_BACKOFF_SECONDS=0):
        assert reconcile_sync_jobs() == 1
    assert wait_for(lambda: SyncJob.objects.filter(state="done").exists())
    assert (SyncJob.objects.get().attempts, SyncJob.objects.get().items) == (2, 1)
    # The same message delivered twice (or the orchestrator re-run): nothing is merged twice.
    SyncJob.objects.update(state="pending", attempts=0)
    assert fan_out_version(draft.pk) == 1
    assert wait_for(lambda: SyncJob.objects.filter(state="done").exists())
    job = SyncJob.objects.get()
    assert (job.attempts, job.items) == (1, 0)
    with schema_context("shushan"):
        assert ImplementationItem.objects.get().base_version == draft


def test_a_merge_that_keeps_failing_ends_failed_with_its_error(celery_worker_process, committed):
    """A real fault in the tenant (a trigger refusing every write to entries): the job is retried
    with backoff, then FAILED with the error, and not resent by the beat reconciler again."""
    from django.db import transaction

    from core.published.consistency import check_all

    with transaction.atomic():
        item = listing_entry("shushan", FOOD)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION shushan.refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$BEGIN RAISE EXCEPTION '磁盘已满（测试注入）'; END$$;"
            "CREATE TRIGGER refuse BEFORE UPDATE ON shushan.listings_implementationitem "
            "FOR EACH ROW EXECUTE FUNCTION shushan.refuse()"
        )
    try:
        with transaction.atomic():
            draft = catalogue.start_version(item.matter, allow_national=True)
            catalogue.update_draft(draft, {"description": "说明已更新", "change_note": "说明更新"})
            catalogue.submit_version(draft)
            catalogue.publish_version(draft)
        assert wait_for(lambda: SyncJob.objects.filter(error__contains="磁盘已满").exists())
        with override_settings(SYNC_JOB_BACKOFF_SECONDS=0, SYNC_JOB_MAX_ATTEMPTS=3):
            for attempt in (2, 3):
                assert reconcile_sync_jobs() == 1
                assert wait_for(lambda a=attempt: SyncJob.objects.get().attempts == a)
                time.sleep(1)  # let the worker record the failure
            assert reconcile_sync_jobs() == 0
        job = SyncJob.objects.get()
        assert (
            job.state == "failed" and "重试 3 次仍未完成" in job.error and "磁盘已满" in job.error
        )
        report = check_all(repair=True)  # the beat reconciler leaves a FAILED job alone
        assert [d.kind for d in report.drifts] == ["catalogue_failed"] and report.repaired == 0
        assert SyncJob.objects.get().state == "failed"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER refuse ON shushan.listings_implementationitem;"
                "DROP FUNCTION shushan.refuse()"
            )


def test_the_reconciler_finishes_a_fan_out_that_stopped_half_way(committed):
    """Only one of two claimant regions got its job (the orchestrator died): the other gets one."""
    from unittest import mock

    from django.db import transaction

    with transaction.atomic():
        item = listing_entry("shushan", FOOD)
        listing_entry("yaohai", FOOD)
        draft = catalogue.start_version(item.matter, allow_national=True)
        catalogue.update_draft(draft, {"description": "说明已更新", "change_note": "说明更新"})
        catalogue.submit_version(draft)
        with mock.patch("core.catalogue.fanout.queue_fan_out"):
            catalogue.publish_version(draft)
    SyncJob.objects.create(version=draft, region=item.claim.region)  # shushan only
    with mock.patch.object(merge_catalogue_version, "apply_async") as send:  # the broker
        assert reconcile_sync_jobs(settle_seconds=0) == 2  # both pending jobs sent
    regions = sorted(SyncJob.objects.values_list("region__slug", flat=True))
    assert regions == ["shushan", "yaohai"] and send.call_count == 2


def test_jobs_created_but_never_sent_are_sent_by_the_reconciler(committed):
    """The orchestrator died between creating the jobs and sending them (attempts 0)."""
    from unittest import mock

    from django.db import transaction

    with transaction.atomic():
        item = listing_entry("shushan", FOOD)
        other = listing_entry("yaohai", FOOD)
        draft = catalogue.start_version(item.matter, allow_national=True)
        catalogue.update_draft(draft, {"description": "说明已更新", "change_note": "说明更新"})
        catalogue.submit_version(draft)
        with mock.patch("core.catalogue.fanout.queue_fan_out"):
            catalogue.publish_version(draft)
    for entry in (item, other):
        SyncJob.objects.create(version=draft, region=entry.claim.region)  # never sent
    with mock.patch.object(merge_catalogue_version, "apply_async") as send:  # the broker
        assert reconcile_sync_jobs(settle_seconds=3600) == 0  # too young: its sender may be busy
        assert reconcile_sync_jobs(settle_seconds=0) == 2
    schemas = sorted(call.kwargs["headers"]["_schema_name"] for call in send.call_args_list)
    assert schemas == ["shushan", "yaohai"]
    assert set(SyncJob.objects.values_list("attempts", flat=True)) == {1}
