"""GraphiQL works offline: every request of the page goes to the project's own host (npm assets
vendored by `make vendor`), and the editor renders and runs a query with the network to the
outside cut off."""

import os
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from .conftest import ARTIFACTS, _wait_for_server_connections_to_close, free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def graphiql_server(django_db_setup, django_db_blocker):
    port = free_port()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.browser.graphiql_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DB_CONN_MAX_AGE": "0",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "graphiql_server.log", "w")  # noqa: SIM115 (closed at teardown)
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
                pytest.fail("runserver exited: see tests/artifacts/graphiql_server.log")
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("runserver did not answer within 60 s")
    yield port
    process.terminate()
    process.wait(timeout=20)
    log.close()
    with django_db_blocker.unblock():
        _wait_for_server_connections_to_close()


def test_graphiql_renders_and_runs_a_query_offline(browser, graphiql_server):
    host = f"shushan.localhost:{graphiql_server}"
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    requested, blocked = [], []

    def only_local(route):
        url = route.request.url
        requested.append(url)
        if urlsplit(url).netloc == host:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", only_local)
    tab = context.new_page()
    try:
        query = "{ regions { name } }"
        tab.goto(f"http://{host}/graphql/?query={urllib.request.quote(query)}")
        tab.locator(".graphiql-container").wait_for()
        tab.locator(".graphiql-execute-button").click()
        result = tab.locator(".result-window")
        result.get_by_text('"regions"').first.wait_for()  # executed against this host's API
        assert '"data"' in result.inner_text() and '"errors"' not in result.inner_text()
    finally:
        tab.screenshot(path=str(ARTIFACTS / "portal_graphiql_offline.png"))
        context.close()
    assert blocked == []
    assert any(u.endswith("/static/vendor/graphiql/graphiql.min.js") for u in requested)
