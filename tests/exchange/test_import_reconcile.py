"""A worker SIGKILLed in the middle of an apply (or a preview): the job is not left 正在导入
(正在预览) forever.

Real worker processes on a queue of their own, committed data. The apply is held mid-import by
the catalogue's import lock (taken here first), so the kill lands inside the import's
transaction; its heartbeat keeps the lease alive until then, beat's reconciler hands the job to
the next worker once the lease has run out, and a second delivery of the task does nothing.
"""

import os
import signal
import time
import uuid

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from core.catalogue.exchange.locks import lock_key
from core.catalogue.models import Matter, MatterVersion
from core.celery import app
from core.uploads import jobs
from core.uploads.models import ImportJob
from core.uploads.reconcile import reconcile_schema
from tests.admin.helpers import admin_client
from tests.conftest import start_worker
from tests.listings.test_fanout import wait_for

from .conftest import SAMPLES
from .test_import_worker import committed, jobs_removed, state  # noqa: F401  (fixtures)

pytestmark = pytest.mark.worker
LEASE_SECONDS = 6  # the workers' lease: renewed every 2 s while they apply
LOCK = lock_key("import-catalogue:anhui")


@pytest.fixture
def queue(jobs_removed):  # noqa: F811
    """A queue of this test's own: the workers started here consume it, tasks are sent to it."""
    name = f"test-kill-{uuid.uuid4().hex[:8]}"
    previous, app.conf.task_default_queue = app.conf.get("task_default_queue"), name
    workers = []

    def start():
        workers.append(start_worker(name, IMPORT_LEASE_SECONDS=str(LEASE_SECONDS)))
        return workers[-1]

    yield start
    app.conf.task_default_queue = previous
    for process in workers:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def previewed_job(client) -> ImportJob:
    """The sample catalogue uploaded and previewed (in the request), to be applied by a worker."""
    with (SAMPLES / "catalogue-sample.json").open("rb") as upload:
        client.post(reverse("uploads_admin:home", args=["catalogue"]), {"file": upload})
    with schema_context("anhui"):
        job = ImportJob.objects.get(state="previewed")
        ImportJob.objects.filter(pk=job.pk).update(background=True)
    return job


def job(pk: int) -> ImportJob:
    with schema_context("anhui"):
        return ImportJob.objects.get(pk=pk)


def waiting_for_the_lock() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            "AND classid::text::bigint = %s AND objid::text::bigint = %s AND objsubid = 1",
            [(LOCK >> 32) & 0xFFFFFFFF, LOCK & 0xFFFFFFFF],
        )
        return [row[0] for row in cursor.fetchall()]


def backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 1


def test_a_worker_killed_mid_apply_is_resumed_by_the_reconciler_and_applies_once(queue):
    start = queue
    worker = start()
    client = admin_client("anhui")
    pk = previewed_job(client).pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])  # the apply will wait for it
    client.post(reverse("uploads_admin:apply", args=[pk]))
    assert wait_for(lambda: waiting_for_the_lock(), 30)  # inside the import's transaction
    [blocked] = waiting_for_the_lock()
    running = job(pk)
    assert (running.state, running.attempts, running.apply_user) == ("applying", 1, "anhui_admin")
    assert running.lease_token is not None

    time.sleep(LEASE_SECONDS + 1)  # longer than the lease: its heartbeat has renewed it
    assert job(pk).lease_until > timezone.now()
    assert reconcile_schema("anhui") == {"resumed": 0, "failed": 0}
    with schema_context("anhui"):
        jobs.run_apply(pk)  # a second delivery meanwhile: the lease is held, nothing is done
    assert (job(pk).lease_token, job(pk).attempts) == (running.lease_token, 1)

    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=20)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    assert wait_for(lambda: not backend_alive(blocked), 30)  # its transaction rolled back
    assert not Matter.objects.filter(province__slug="anhui").exists()
    assert state(pk) == "applying"  # 正在导入, and nobody is applying it

    assert wait_for(lambda: reconcile_schema("anhui")["resumed"] == 1, 3 * LEASE_SECONDS)
    assert reconcile_schema("anhui") == {"resumed": 0, "failed": 0}  # handed on once
    assert (job(pk).state, job(pk).lease_token) == ("applying", None)  # queued for a worker

    start()  # the next worker takes the resumed task
    assert wait_for(lambda: state(pk) == "applied", 60)
    done = job(pk)
    assert done.outcome == "catalogue-sample.json：新建 4 项，发布新版本 0 项，未变化 0 项"
    assert (done.attempts, done.lease_token, done.lease_until) == (2, None, None)
    versions = MatterVersion.objects.filter(matter__province__slug="anhui").count()
    assert (Matter.objects.filter(province__slug="anhui").count(), versions) == (4, 4)

    with schema_context("anhui"):
        jobs.run_apply(pk)  # the killed worker's message delivered again, late: no second import
    assert (job(pk).state, job(pk).attempts, job(pk).outcome) == ("applied", 2, done.outcome)
    assert MatterVersion.objects.filter(matter__province__slug="anhui").count() == versions
    assert reconcile_schema("anhui") == {"resumed": 0, "failed": 0}


def waiting_for_matters() -> list[int]:
    """Backends waiting for a lock on the catalogue's matters table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'relation' AND NOT granted "
            "AND relation = 'public.catalogue_matter'::regclass"
        )
        return [row[0] for row in cursor.fetchall()]


def test_a_worker_killed_mid_preview_is_resumed_by_the_reconciler(queue, settings):
    settings.IMPORT_INLINE_MAX_KB = 0  # every file is "large": previewed by a worker
    start = queue
    client = admin_client("anhui")
    worker = start()  # first: a starting worker reads the catalogue's words for its tokenizer
    # another connection holds the matters table, so the preview stops at its first read of it
    blocker = psycopg.connect(**connection.get_connection_params(), autocommit=False)
    try:
        blocker.execute("LOCK TABLE public.catalogue_matter IN ACCESS EXCLUSIVE MODE")
        with (SAMPLES / "catalogue-sample.json").open("rb") as upload:
            client.post(reverse("uploads_admin:home", args=["catalogue"]), {"file": upload})
        with schema_context("anhui"):
            pk = ImportJob.objects.get().pk
        assert wait_for(lambda: waiting_for_matters(), 30)  # inside the preview
        running = job(pk)
        assert (running.state, running.attempts) == ("previewing", 1)
        assert running.lease_token is not None
        time.sleep(LEASE_SECONDS + 1)  # its heartbeat has renewed the lease meanwhile
        assert reconcile_schema("anhui") == {"resumed": 0, "failed": 0}
        with schema_context("anhui"):
            jobs.run_preview(pk)  # a second delivery meanwhile: the lease is held
        assert (job(pk).lease_token, job(pk).attempts) == (running.lease_token, 1)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)
    finally:
        blocker.rollback()
        blocker.close()
    assert job(pk).state == "previewing"  # 正在预览, and nobody is previewing it

    assert wait_for(lambda: reconcile_schema("anhui")["resumed"] == 1, 3 * LEASE_SECONDS)
    assert reconcile_schema("anhui") == {"resumed": 0, "failed": 0}  # handed on once
    start()
    assert wait_for(lambda: state(pk) == "previewed", 60)
    done = job(pk)
    assert (done.attempts, done.lease_token, done.lease_until, done.total) == (2, None, None, 4)
    page = client.get(reverse("uploads_admin:job", args=[pk])).content.decode()
    assert "catalogue-sample.json：新建 4 项，未变化 0 项" in page
    assert not Matter.objects.filter(province__slug="anhui").exists()  # a preview writes nothing
