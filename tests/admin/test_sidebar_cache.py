"""The admin sidebar from a short per-user cache: every user gets their own menu, a warm page
skips the menu's queries, and a permission change shows once the entry expired."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from core.cases.models import CaseHandler
from core.workbench.templatetags import workbench_sidebar
from tests.cases.helpers import clerk, food_entry
from tests.cases.test_admin import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sidebar_cache(settings):
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 30
    workbench_sidebar.clear()
    yield
    workbench_sidebar.clear()


def menu_names(response) -> set[str]:
    found = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content.decode(), re.S,
    )  # fmt: skip
    names = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("name"), str):
                names.add(node["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(found.group(1)))
    return names


def queries(client, url="/admin/cases/") -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_each_user_gets_their_own_sidebar_and_a_warm_page_skips_the_menu(sidebar_cache):
    item = food_entry()
    with schema_context("shushan"):
        boss = clerk("sidebar-boss", superuser=True)
        market = clerk("sidebar-market", department=item.department)
    boss_client, market_client = logged_in("shushan", boss), logged_in("shushan", market)
    cold, page = queries(boss_client)
    assert {"explorer", "cases", "listings-inbox"} <= menu_names(page)
    warm, again = queries(boss_client)
    assert menu_names(again) == menu_names(page)
    # the explorer's root page (locale + two page queries) and the 同步收件箱 count
    assert cold - warm == 4, (cold, warm)
    _, theirs = queries(market_client)  # cached after the superuser: still their own menu
    assert "cases" in menu_names(theirs) and "explorer" not in menu_names(theirs)


def test_a_permission_change_shows_once_the_entry_expired(sidebar_cache):
    item = food_entry()
    with schema_context("shushan"):
        user = clerk("sidebar-growing")  # may handle cases, of no department yet
    client = logged_in("shushan", user)
    assert "cases" not in menu_names(queries(client, "/admin/")[1])
    with schema_context("shushan"):
        CaseHandler.objects.create(user=user, department=item.department)
    assert "cases" not in menu_names(queries(client, "/admin/")[1])  # within the 30 s
    for key, (at, html) in list(workbench_sidebar._cache.items()):
        workbench_sidebar._cache[key] = (at - 31, html)  # expired
    assert "cases" in menu_names(queries(client, "/admin/")[1])
