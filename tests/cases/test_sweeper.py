"""The upload sweeper: stale uploads never attached to a case are removed (rows and stored
files), per region, idempotently, and never from under a case being submitted (real parallel
transactions on committed data)."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry, Page

from core.cases import application, applying, sweeper, tasks, uploads
from core.cases.models import Case, CaseFile
from core.celery import app
from core.domain.errors import DomainError
from tenants.models import Region
from tests.browser.data import _high_water, remove_portal_data
from tests.security.concurrency import race

from .helpers import REQUIRED, applicant, food_entry, upload

PUBLIC = ("published", "search", "catalogue", "case_register")
TENANT = ("cases", "listings")  # cases first: they protect their entries


def stale(*files, hours=49):
    CaseFile.objects.filter(pk__in=[f.pk for f in files]).update(
        uploaded_at=timezone.now() - timedelta(hours=hours)
    )


def exists(case_file) -> bool:
    return uploads.storage().exists(case_file.storage_name)


@pytest.mark.django_db
def test_stale_unattached_uploads_go_fresh_and_attached_ones_stay(settings):
    item = food_entry()
    person = applicant()
    with schema_context("shushan"):
        old, fresh = upload(person, "a"), upload(person, "b")
        case = applying.submit(item, person, [], {m: [upload(person, m).pk] for m in REQUIRED})
        attached = list(case.files.all())
        stale(old, *attached)
        assert sweeper.sweep() == 1
        assert not CaseFile.objects.filter(pk=old.pk).exists()
        assert {f.pk for f in CaseFile.objects.all()} == {fresh.pk, *(f.pk for f in attached)}
        assert sweeper.sweep() == 0  # idempotent
        settings.CASE_UPLOAD_RETENTION_HOURS = 0  # the age is a setting
        assert sweeper.sweep() == 1 and not CaseFile.objects.filter(pk=fresh.pk).exists()
        assert all(exists(f) for f in attached)


@pytest.mark.django_db
def test_each_region_is_swept_in_its_own_schema():
    person = applicant()
    with schema_context("shushan"):
        shushan = upload(person, "a")
        stale(shushan)
    with schema_context("yaohai"):
        yaohai = upload(person, "a")
        stale(yaohai)
        assert tasks.sweep_region_uploads() == 1
        assert not CaseFile.objects.exists()
    with schema_context("shushan"):
        assert CaseFile.objects.filter(pk=shushan.pk).exists()


@pytest.mark.django_db
def test_the_beat_task_queues_one_sweep_per_active_region(
    monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(tasks.sweep_region_uploads, "apply_async",
                        lambda args, kwargs, headers: sent.append(headers["_schema_name"]))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        queued = tasks.sweep_uploads()
    active = set(Region.objects.active().values_list("schema_name", flat=True))
    assert queued == len(active) and set(sent) == active and {"shushan", "yaohai"} <= active
    assert "public" not in sent


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """A live food licence entry in 蜀山 other connections can see; removed afterwards."""
    with django_db_blocker.unblock():
        marks = {"public": _high_water(PUBLIC), "tenants": {}}
        with schema_context("shushan"):
            marks["tenants"]["shushan"] = {
                **_high_water(TENANT),
                ModelLogEntry: ModelLogEntry.objects.aggregate(m=Max("pk"))["m"] or 0,
                Page: Page.objects.aggregate(m=Max("pk"))["m"],
            }
        eager, app.conf.task_always_eager = app.conf.task_always_eager, True
        try:
            yield food_entry()
        finally:
            app.conf.task_always_eager = eager
            connection.set_schema_to_public()
            remove_portal_data(marks)


def _stale_uploads(person):
    with schema_context("shushan"):
        files = {m: [upload(person, m)] for m in REQUIRED}
        stale(*(f for fs in files.values() for f in fs))
    return files


def test_a_submission_holding_its_files_is_skipped_by_the_sweeper(committed, monkeypatch):
    item, person = committed, applicant(4242)
    files = _stale_uploads(person)
    holding, release = threading.Event(), threading.Event()
    check = application.missing_required

    def paused(specs, given):  # submit holds its files' row locks here
        holding.set()
        release.wait(30)
        return check(specs, given)

    monkeypatch.setattr(application, "missing_required", paused)

    def submit():
        with schema_context("shushan"):
            return applying.submit(item, person, [], {m: [f.pk for f in fs]
                                                      for m, fs in files.items()})  # fmt: skip

    def sweep():
        assert holding.wait(30)
        try:
            with schema_context("shushan"):
                return sweeper.sweep()  # does not wait for the locked rows: skips them
        finally:
            release.set()

    case, swept = race(submit, sweep)
    assert swept == 0, swept
    assert isinstance(case, Case), case
    with schema_context("shushan"):
        attached = CaseFile.objects.filter(case=case)
        assert attached.count() == len(REQUIRED)
        assert all(exists(f) for f in attached)
        assert sweeper.sweep() == 0


def _waiting_on_a_lock(seconds=20) -> bool:
    """Whether another session of this database waits for a lock (the statistics snapshot is
    cleared first: within a transaction pg_stat_activity would not change)."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


def test_a_submission_after_the_sweeper_took_its_files_is_refused_cleanly(committed, monkeypatch):
    item, person = committed, applicant(4343)
    files = _stale_uploads(person)
    deleted = threading.Event()
    remove = sweeper._remove

    def paused(stale_rows):  # rows deleted, not yet committed: the submission must wait
        remove(stale_rows)
        deleted.set()
        assert _waiting_on_a_lock()

    monkeypatch.setattr(sweeper, "_remove", paused)

    def sweep():
        with schema_context("shushan"):
            return sweeper.sweep()

    def submit():
        assert deleted.wait(30)
        with schema_context("shushan"):
            return applying.submit(item, person, [], {m: [f.pk for f in fs]
                                                      for m, fs in files.items()})  # fmt: skip

    swept, refused = race(sweep, submit)
    assert swept == len(REQUIRED)
    assert isinstance(refused, DomainError), refused
    assert all("不存在或已使用" in p.message for p in refused.problems)
    with schema_context("shushan"):
        assert not Case.objects.filter(applicant_person_id=4343).exists()
        assert not CaseFile.objects.filter(owner_person_id=4343).exists()
    assert not any(exists(f) for fs in files.values() for f in fs)
