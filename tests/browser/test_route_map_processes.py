"""The route map (cms.routing) across real server processes: two servers, each with its own
warm map of a region's pages, both route a page published or unpublished in a third process
(this one) on their next request. No browser needed: plain HTTP requests."""

import urllib.error
import urllib.request
from contextlib import ExitStack

import pytest
from django.db.models import Max
from django_tenants.utils import schema_context
from wagtail.models import PageLogEntry, Revision

from cms.models import IndexPage

from .conftest import running_server

# no django_db mark: the changes are committed (autocommit, django_db_blocker), as another
# process makes them, not held in a test transaction the servers cannot see
pytestmark = pytest.mark.browser

PATH = "/departments/"  # a section page of every region


def status(port: int, path: str = PATH) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    request.add_header("Host", f"shushan.localhost:{port}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    """Two portal servers on the test database (two processes, two route maps)."""
    with ExitStack() as stack:
        servers = (running_server("core.settings.test", f"routes_{n}.log", django_db_blocker)
                   for n in (1, 2))  # fmt: skip
        yield [stack.enter_context(server) for server in servers]


@pytest.fixture
def section(django_db_blocker):
    """The committed section page, live again and without this test's revisions and log
    entries afterwards (the session's regions are shared by every test)."""
    with django_db_blocker.unblock(), schema_context("shushan"):
        marks = {model: model.objects.aggregate(m=Max("pk"))["m"] or 0
                 for model in (Revision, PageLogEntry)}  # fmt: skip
        page = IndexPage.objects.get(slug="departments")
    yield page
    with django_db_blocker.unblock(), schema_context("shushan"):
        page.refresh_from_db()
        if not page.live:
            page.save_revision().publish()
        for model, mark in marks.items():
            model.objects.filter(pk__gt=mark).delete()


def test_both_processes_route_a_change_made_in_a_third(servers, section, django_db_blocker):
    for port in servers:  # each process serves the path twice: its map holds the route
        assert [status(port), status(port)] == [200, 200]
    with django_db_blocker.unblock(), schema_context("shushan"):
        section.unpublish()  # committed (autocommit): its on-commit work bumps the stamp
    assert [status(port) for port in servers] == [404, 404]
    with django_db_blocker.unblock(), schema_context("shushan"):
        section.refresh_from_db()
        section.save_revision().publish()
    assert [status(port) for port in servers] == [200, 200]
