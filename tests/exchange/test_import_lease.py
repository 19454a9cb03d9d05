"""The lease of an import job and beat's reconciler, state by state (the killed worker itself:
test_import_reconcile.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from core.catalogue.models import Matter
from core.uploads import lease
from core.uploads.models import ImportJob
from core.uploads.reconcile import reconcile_all, reconcile_schema
from tests.admin.helpers import admin_client

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db
LATER = timedelta(minutes=5)


@pytest.fixture
def confirmed(settings):
    """The sample catalogue previewed in 安徽 and confirmed for a worker (nothing applied yet)."""
    client = admin_client("anhui")
    with (SAMPLES / "catalogue-sample.json").open("rb") as upload:
        client.post(reverse("uploads_admin:home", args=["catalogue"]), {"file": upload})
    with schema_context("anhui"):
        job = ImportJob.objects.get(state="previewed")
        ImportJob.objects.filter(pk=job.pk).update(background=True)
    client.post(reverse("uploads_admin:apply", args=[job.pk]))
    return job.pk


def job(pk: int) -> ImportJob:
    with schema_context("anhui"):
        return ImportJob.objects.get(pk=pk)


def test_a_confirmed_job_waits_for_a_worker_with_a_deadline_and_no_holder(
    confirmed, django_capture_on_commit_callbacks
):
    queued = job(confirmed)
    assert (queued.state, queued.lease_token, queued.attempts) == ("applying", None, 0)
    assert queued.apply_user == "anhui_admin"
    assert timezone.now() < queued.lease_until <= timezone.now() + lease.duration()
    with django_capture_on_commit_callbacks() as sent:
        assert reconcile_schema("anhui") == {"resumed": 0, "failed": 0}  # not yet due
    assert sent == []


def test_a_job_nobody_picked_up_is_sent_again_once(confirmed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as sent:
        assert reconcile_all(timezone.now() + LATER) == {"resumed": 1, "failed": 0}
        assert reconcile_all(timezone.now() + LATER) == {"resumed": 0, "failed": 0}
    assert len(sent) == 1
    resumed = job(confirmed)
    assert (resumed.state, resumed.lease_token, resumed.attempts) == ("applying", None, 0)
    assert resumed.lease_until > timezone.now() + LATER  # a new deadline, from the run's clock


def test_the_lease_admits_one_run_and_fences_its_outcome(confirmed):
    with schema_context("anhui"):
        first = lease.acquire(confirmed)
        assert first is not None
        assert lease.acquire(confirmed) is None  # a second delivery: held
        assert lease.renew(confirmed, first)
        ImportJob.objects.filter(pk=confirmed).update(lease_until=timezone.now() - LATER)
        second = lease.acquire(confirmed)  # the first let it run out: handed on
        assert second not in (None, first)
        assert not lease.renew(confirmed, first)
        assert not lease.finish(confirmed, first, ImportJob.State.APPLIED, outcome="旧的")
        assert lease.finish(confirmed, second, ImportJob.State.APPLIED, outcome="新的")
    done = job(confirmed)
    assert (done.state, done.outcome, done.lease_token) == ("applied", "新的", None)
    assert done.attempts == 2


def test_a_job_interrupted_as_often_as_allowed_fails_with_a_message_for_the_clerk(
    confirmed, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_APPLY_MAX_ATTEMPTS = 2
    with schema_context("anhui"):
        ImportJob.objects.filter(pk=confirmed).update(
            attempts=2, lease_token=lease.uuid.uuid4(), lease_until=timezone.now() - LATER
        )
    with django_capture_on_commit_callbacks() as sent:
        assert reconcile_schema("anhui") == {"resumed": 0, "failed": 1}
        assert reconcile_schema("anhui") == {"resumed": 0, "failed": 0}
    assert sent == []
    failed = job(confirmed)
    assert (failed.state, failed.lease_token, failed.lease_until) == ("failed", None, None)
    assert failed.outcome == (
        "导入中断：处理进程意外退出（已尝试 2 次），未写入任何数据。"
        "请重新上传文件后再次导入；如仍失败，请联系管理员"
    )
    page = admin_client("anhui").get(reverse("uploads_admin:job", args=[confirmed]))
    assert "导入中断：处理进程意外退出（已尝试 2 次）" in page.content.decode()
    assert not Matter.objects.filter(province__slug="anhui").exists()


def test_a_running_apply_is_left_alone_in_every_region(confirmed):
    with schema_context("anhui"):
        assert lease.acquire(confirmed)
    assert reconcile_all() == {"resumed": 0, "failed": 0}
    with schema_context("shushan"):
        ImportJob.objects.create(
            kind="listing", region_id=0, schema_name="shushan", file_name="x.json", file_size=1,
            uploaded_by=get_user_model().objects.get(username="shushan_admin"), sha256="0",
            state="applying", attempts=1, lease_until=timezone.now() - LATER,
        )  # fmt: skip
    assert reconcile_all() == {"resumed": 1, "failed": 0}  # 蜀山's, not 安徽's running one
    assert job(confirmed).state == "applying" and job(confirmed).attempts == 1


@pytest.fixture
def uploaded(settings):
    """The sample catalogue uploaded in 安徽 as a large file: waiting for a worker's preview."""
    settings.IMPORT_INLINE_MAX_KB = 0
    with (SAMPLES / "catalogue-sample.json").open("rb") as upload:
        admin_client("anhui").post(
            reverse("uploads_admin:home", args=["catalogue"]), {"file": upload}
        )
    with schema_context("anhui"):
        return ImportJob.objects.get(state="uploaded").pk


def test_a_preview_takes_the_lease_once_and_is_fenced(uploaded):
    with schema_context("anhui"):
        first = lease.acquire(uploaded, ImportJob.State.PREVIEWING)
        assert first is not None and job(uploaded).state == "previewing"
        assert lease.acquire(uploaded, ImportJob.State.PREVIEWING) is None  # held
        assert lease.acquire(uploaded) is None  # not confirmed for import
        ImportJob.objects.filter(pk=uploaded).update(lease_until=timezone.now() - LATER)
        second = lease.acquire(uploaded, ImportJob.State.PREVIEWING)
        assert second not in (None, first)
        assert not lease.finish(uploaded, first, ImportJob.State.PREVIEWED, outcome="旧的")
        assert lease.finish(uploaded, second, ImportJob.State.INVALID, outcome="新的")
    done = job(uploaded)
    assert (done.state, done.outcome, done.lease_token, done.attempts) == (
        "invalid",
        "新的",
        None,
        2,
    )


def test_a_preview_interrupted_as_often_as_allowed_fails_with_its_own_message(
    uploaded, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_APPLY_MAX_ATTEMPTS = 2
    with schema_context("anhui"):
        ImportJob.objects.filter(pk=uploaded).update(
            state="previewing", attempts=1, lease_token=lease.uuid.uuid4(),
            lease_until=timezone.now() - LATER,
        )  # fmt: skip
    with django_capture_on_commit_callbacks() as sent:
        assert reconcile_schema("anhui") == {"resumed": 1, "failed": 0}
    assert len(sent) == 1  # the preview task, sent again
    with schema_context("anhui"):
        assert lease.acquire(uploaded, ImportJob.State.PREVIEWING)  # the next run takes it …
        ImportJob.objects.filter(pk=uploaded).update(lease_until=timezone.now() - LATER)
    assert reconcile_schema("anhui") == {"resumed": 0, "failed": 1}  # … and dies too
    failed = job(uploaded)
    assert (failed.state, failed.attempts, failed.lease_token) == ("failed", 2, None)
    assert failed.outcome == (
        "预览中断：处理进程意外退出（已尝试 2 次）。请重新上传文件；如仍失败，请联系管理员"
    )
