"""Browser tests: committed demo data, a real server subprocess and headless Debian Chromium.

pytest-django's live_server/transactional_db would flush the public tables (and with them the
session's tenants), so the data is committed here and removed again at module teardown.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(settings_module: str, log_name: str, django_db_blocker, **extra_env):
    """``manage.py runserver`` with ``settings_module`` on the test database, on a free port;
    yields the port and stops the server (and waits for its database sessions) on exit."""
    port = free_port()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "0",  # no database session outlives a request
        **{name: value.format(port=port) for name, value in extra_env.items()},
    }
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz")
            request.add_header("Host", f"shushan.localhost:{port}")
            urllib.request.urlopen(request, timeout=2)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"runserver exited: see tests/artifacts/{log_name}")
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("runserver did not answer within 60 s")
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        with django_db_blocker.unblock():
            _wait_for_server_connections_to_close()


@pytest.fixture(scope="module")
def server(portal_data, django_db_blocker):
    """The portal on the test database (``core.settings.test``); yields its port."""
    # the identity provider on id.localhost:<port>, its back channel on this server
    with running_server(
        "core.settings.test", "server.log", django_db_blocker,
        IDENTITY_PORT="{port}", IDENTITY_BACKCHANNEL_URL="http://127.0.0.1:{port}",
    ) as port:  # fmt: skip
        yield port


def _wait_for_server_connections_to_close(timeout: float = 15) -> None:
    """The server's database sessions end a moment after it exits; the test database can only
    be dropped at the end of the run once they are gone."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.2)
    # Under Playwright's greenlets this may be a connection of its own: never leave it open.
    connection.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/ensure_chromium.sh")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    from django.db import connections

    connections.close_all()  # the ones the tests opened while the event loop ran
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, request):
    """A fresh phone-sized page; a screenshot lands in tests/artifacts/ when the test fails."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
