"""Fan-out jobs in trouble are shown to the province with their error, and can be retried."""

from unittest import mock

import pytest
from django.urls import reverse

from core.catalogue.models import MatterVersion, SyncJob
from tenants.models import Region
from tests.admin.helpers import admin_client
from tests.factories import catalogue_matter, listing_entry

pytestmark = pytest.mark.django_db

FOOD = "000131106000"


def failed_job(slug="shushan", province="anhui") -> SyncJob:
    listing_entry(slug, FOOD, province)
    version = MatterVersion.objects.get(matter=catalogue_matter(FOOD), number=1)
    return SyncJob.objects.create(
        version=version, region=Region.objects.get(slug=slug), state=SyncJob.State.FAILED,
        attempts=6, error="重试 6 次仍未完成：OperationalError: 磁盘已满",
    )  # fmt: skip


def test_the_province_sees_a_failed_job_with_its_error_and_retries_it(
    django_capture_on_commit_callbacks,
):
    job = failed_job()
    client = admin_client("anhui")
    page = client.get(reverse("catalogue_admin:claims")).content.decode()
    assert "下发异常（合并失败或正在重试）" in page
    assert "重试 6 次仍未完成：OperationalError: 磁盘已满" in page and "蜀山区" in page
    retry = reverse("catalogue_admin:retry_job", args=[job.pk])
    with (
        mock.patch("core.catalogue.tasks._send_merge") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(retry)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == ("pending", 0, "")
    send.assert_called_once()


def test_a_county_admin_cannot_retry_it():
    job = failed_job()
    retry = reverse("catalogue_admin:retry_job", args=[job.pk])
    assert admin_client("shushan").post(retry).status_code == 404
    job.refresh_from_db()
    assert job.state == "failed"
