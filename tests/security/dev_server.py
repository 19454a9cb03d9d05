"""A real server process under the development settings: ``manage.py runserver`` (connection
handling) or gunicorn (starts without a database, unlike runserver's migration check)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from django.conf import settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str, host: str = "localhost") -> tuple[int, str]:
    """(status, body) of a GET, whatever the status."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@contextmanager
def dev_server(database_url: str, gunicorn: bool = False):
    """Yields the port of a runserver (or gunicorn) on ``database_url`` (the test Redis for
    caches)."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DB_")},
        "DJANGO_SETTINGS_MODULE": "core.settings.dev",
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
    }
    command = (
        [sys.executable, "-m", "gunicorn", "core.wsgi", "--bind", f"127.0.0.1:{port}"]
        if gunicorn
        else [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    )
    server = subprocess.Popen(
        command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)
