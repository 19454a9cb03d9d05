"""A real Celery worker on Redis runs each task in the schema it was sent from."""

import time
import uuid

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from core.jobs import enqueue, schema_headers
from core.tasks import whereami

pytestmark = [pytest.mark.django_db, pytest.mark.worker]


def test_tasks_run_in_the_sender_schema(celery_worker_process):
    with schema_context("shushan"):
        shushan = whereami.apply_async(headers=schema_headers())
    with schema_context("yaohai"):
        yaohai = whereami.apply_async(headers=schema_headers())
    public = whereami.apply_async(headers=schema_headers())

    assert shushan.get(timeout=30) == {"schema": "shushan", "site_hostname": "shushan.localhost"}
    assert yaohai.get(timeout=30) == {"schema": "yaohai", "site_hostname": "yaohai.localhost"}
    assert public.get(timeout=30) == {"schema": "public", "site_hostname": None}


def test_enqueue_waits_for_commit_and_keeps_the_schema(
    celery_worker_process, django_capture_on_commit_callbacks
):
    marker = uuid.uuid4().hex
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        schema_context("yaohai"),
    ):
        enqueue(whereami, marker=marker)
    assert len(callbacks) == 1  # nothing is sent before the transaction commits
    with schema_context("shushan"):  # committing later, elsewhere, must not change the schema
        callbacks[0]()
    # The task was really sent: the worker answers from yaohai.
    deadline, results = time.monotonic() + 30, []
    while time.monotonic() < deadline and not results:
        results = [r for r in _recent_results() if r.get("marker") == marker]
        time.sleep(0.2)
    assert results == [{"schema": "yaohai", "site_hostname": "yaohai.localhost", "marker": marker}]


def _recent_results():
    """Read the result backend for whereami results (the enqueue API returns no handle)."""
    import json

    import redis

    client = redis.Redis.from_url(settings.CELERY_RESULT_BACKEND)
    found = []
    for key in client.scan_iter("celery-task-meta-*"):
        payload = json.loads(client.get(key) or b"{}")
        if isinstance(payload.get("result"), dict):
            found.append(payload["result"])
    return found
