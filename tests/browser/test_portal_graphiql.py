"""GraphiQL works offline: every request of the page goes to the project's own host (npm assets
vendored by `make vendor`), and the editor renders and runs a query with the network to the
outside cut off."""

from urllib.parse import quote, urlsplit

import pytest

from .conftest import ARTIFACTS, running_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def graphiql_server(django_db_setup, django_db_blocker):
    with running_server(
        "tests.browser.graphiql_settings", "graphiql_server.log", django_db_blocker
    ) as port:
        yield port


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
        tab.goto(f"http://{host}/graphql/?query={quote(query)}")
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
