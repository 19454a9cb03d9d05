"""The development server must not leak PostgreSQL connections.

Before: CONN_MAX_AGE=60 under runserver, which serves every request on a new thread; each left
its connection open (25 requests → many idle connections) until PostgreSQL refused clients."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db

REQUESTS = 25


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def connections_of(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [application_name]
        )
        return cursor.fetchone()[0]


@pytest.fixture
def dev_server():
    """``manage.py runserver`` under the development settings, on the test database, with its
    connections tagged by an application_name of their own."""
    db = settings.DATABASES["default"]
    name = f"devserver-{uuid.uuid4().hex[:8]}"
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DB_")},
        "DJANGO_SETTINGS_MODULE": "core.settings.dev",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        f"?application_name={name}",
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(port, "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("runserver did not start")
                time.sleep(0.3)
        yield port, name
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_runserver_closes_its_connections_after_each_request(dev_server):
    port, name = dev_server
    for _ in range(REQUESTS):
        assert get(port, "/healthz") == 200
    time.sleep(0.5)
    assert connections_of(name) == 0
