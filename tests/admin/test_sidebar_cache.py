"""The admin sidebar from a short per-user cache: every user gets their own menu, a warm page
skips the menu's queries, and a permission change shows once the entry expired."""

import json
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from core.cases.models import CaseHandler
from core.workbench.templatetags.workbench_sidebar import sidebar_key
from tests.cases.helpers import clerk, food_entry
from tests.cases.test_admin import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def sidebar_cache(settings):
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 30  # keys carry the user: each test has new users
    return settings


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
    queries(boss_client)  # other caches (site root paths …) warm
    cache.delete(sidebar_key(boss))
    cold, page = queries(boss_client)
    assert {"explorer", "cases", "listings-inbox"} <= menu_names(page)
    warm, again = queries(boss_client)
    assert menu_names(again) == menu_names(page)
    # a superuser's menu: the explorer's root page (locale + two page queries)
    assert cold - warm == 3, (cold, warm)
    _, theirs = queries(market_client)  # cached after the superuser: still their own menu
    assert "cases" in menu_names(theirs) and "explorer" not in menu_names(theirs)


def test_the_same_user_id_in_another_region_gets_that_regions_menu(sidebar_cache):
    users = {}
    for slug, superuser in (("shushan", True), ("hefei", False)):
        with schema_context(slug):  # users are per region: ids repeat across regions
            user = get_user_model().objects.create_user(
                f"sidebar-twin-{slug}", password="x", is_staff=True, id=900001,
                is_superuser=superuser,
            )  # fmt: skip
            user.user_permissions.add(Permission.objects.get(codename="access_admin"))
            users[slug] = user
    shushan_page = queries(logged_in("shushan", users["shushan"]), "/admin/")[1]
    hefei_page = queries(logged_in("hefei", users["hefei"]), "/admin/")[1]
    assert "explorer" in menu_names(shushan_page) and "explorer" not in menu_names(hefei_page)


def test_a_permission_change_shows_once_the_entry_expired(sidebar_cache):
    sidebar_cache.ADMIN_SIDEBAR_CACHE_SECONDS = 1
    item = food_entry()
    with schema_context("shushan"):
        user = clerk("sidebar-growing")  # may handle cases, of no department yet
    client = logged_in("shushan", user)
    assert "cases" not in menu_names(queries(client, "/admin/")[1])
    with schema_context("shushan"):
        CaseHandler.objects.create(user=user, department=item.department)
    assert "cases" not in menu_names(queries(client, "/admin/")[1])  # within the second
    time.sleep(1.1)  # the cache entry's own expiry
    assert "cases" in menu_names(queries(client, "/admin/")[1])
