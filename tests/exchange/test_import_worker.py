"""A large upload is previewed and imported by a real Celery worker, in the province's schema."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django_tenants.utils import schema_context

from core.catalogue.models import Matter
from core.uploads.models import ImportJob
from tests.admin.helpers import admin_client
from tests.listings.test_fanout import committed, wait_for  # noqa: F401  (fixture)

from .conftest import SAMPLES

pytestmark = pytest.mark.worker  # no test transaction: the worker must see committed rows


@pytest.fixture
def jobs_removed(committed):  # noqa: F811
    """Committed data (test_fanout's ``committed``), and the province's import jobs and their
    files removed afterwards."""
    yield
    connection.set_schema_to_public()
    with schema_context("anhui"):
        for job in ImportJob.objects.all():
            job.file.delete(save=False)
        ImportJob.objects.all().delete()


def state(pk: int) -> str:
    with schema_context("anhui"):
        return ImportJob.objects.get(pk=pk).state


def test_the_worker_previews_and_applies_a_large_catalogue_file(
    celery_worker_process, jobs_removed, monkeypatch
):
    monkeypatch.setattr(settings, "IMPORT_INLINE_MAX_KB", 0)  # every file is "large"
    client = admin_client("anhui")
    with (SAMPLES / "catalogue-sample.json").open("rb") as upload:
        response = client.post(reverse("uploads_admin:home", args=["catalogue"]), {"file": upload})
    assert response.status_code == 302
    with schema_context("anhui"):
        job = ImportJob.objects.get()
    assert job.background
    assert wait_for(lambda: state(job.pk) == "previewed", 60)
    page = client.get(response.url).content.decode()
    assert "catalogue-sample.json：新建 4 项，未变化 0 项" in page
    assert not Matter.objects.filter(province__slug="anhui").exists()  # the preview wrote nothing
    client.post(reverse("uploads_admin:apply", args=[job.pk]))
    assert wait_for(lambda: state(job.pk) == "applied", 60)
    with schema_context("anhui"):
        job = ImportJob.objects.get(pk=job.pk)
    assert job.outcome == "catalogue-sample.json：新建 4 项，发布新版本 0 项，未变化 0 项"
    assert Matter.objects.filter(province__slug="anhui", current_version__isnull=False).count() == 4
