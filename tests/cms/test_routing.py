"""Page routing from the per-process route map (cms.routing): no routing query once a path was
served, yet every change of pages, view restrictions or Sites (in this process or another one,
committed or rolled back) routes correctly on the next request, per region."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

from cms import fragments, routing
from cms.models import GuidePage, IndexPage
from core import stamps

from .conftest import ID_CARD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_map():
    routing.routes.clear()
    yield
    routing.routes.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(region, fn, *args)``: run a change in the region's schema and its on-commit
    work (the second stamp bump, the end of the changing transaction), as a commit would."""

    def run(region, function, *args, **kwargs):
        with schema_context(region), django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def _page_queries(client, path):
    """(response, statements reading pages, Sites or view restrictions)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    tables = ("wagtailcore_page", "wagtailcore_site", "wagtailcore_pageviewrestriction")
    routed = [q["sql"] for q in queries.captured_queries if any(t in q["sql"] for t in tables)]
    return response, routed


def _section(slug: str, section: str) -> IndexPage:
    with schema_context(slug):
        return IndexPage.objects.get(slug=section)


def _publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_a_served_path_routes_from_memory_and_unknown_paths_404_each_time(region_client):
    client = region_client("shushan")
    first, routed = _page_queries(client, "/departments/")
    assert first.status_code == 200 and routed  # Wagtail's routing, remembered
    second, routed = _page_queries(client, "/departments/")
    assert second.status_code == 200 and routed == []
    assert second.context["page"].title == "部门窗口"
    for path in ("/nowhere/", "/departments/nothing/"):
        assert client.get(path).status_code == 404
        response, routed = _page_queries(client, path)
        assert response.status_code == 404 and routed  # not remembered: Wagtail says 404
    response = client.get("/departments")
    assert (response.status_code, response["Location"]) == (301, "/departments/")


def test_two_regions_never_share_a_route(region_client, committed):
    shushan, hefei = region_client("shushan"), region_client("hefei")
    assert shushan.get("/departments/").status_code == hefei.get("/departments/").status_code
    committed("shushan", _publish, _section("shushan", "departments"), title="蜀山部门窗口")
    assert shushan.get("/departments/").context["page"].title == "蜀山部门窗口"
    response, routed = _page_queries(hefei, "/departments/")
    assert response.context["page"].title == "部门窗口" and routed == []
    committed("shushan", lambda: _section("shushan", "departments").unpublish())
    assert shushan.get("/departments/").status_code == 404
    assert hefei.get("/departments/").status_code == 200


def test_unpublish_and_publish_route_on_the_next_request(region_client, committed):
    client = region_client("shushan")
    page = _section("shushan", "departments")
    assert client.get("/departments/").status_code == 200
    committed("shushan", page.unpublish)
    assert client.get("/departments/").status_code == 404
    committed("shushan", _publish, page)
    assert client.get("/departments/").status_code == 200


def _redirected_to(client, path: str) -> str:
    """Where Wagtail's redirects app (a redirect made by the slug change) sends ``path``."""
    response = client.get(path)
    assert response.status_code == 301
    return response["Location"]


def test_a_slug_change_routes_the_new_path_only(region_client, committed):
    client = region_client("shushan")
    page = _section("shushan", "departments")
    assert client.get("/departments/").status_code == 200
    committed("shushan", _publish, page, slug="bumen")
    assert client.get("/bumen/").context["page"].pk == page.pk
    assert _redirected_to(client, "/departments/") == "/bumen/"
    page.refresh_from_db()
    page.slug = "bumen-chuangkou"
    committed("shushan", page.save)  # saved outside publishing (a script, the sync)
    assert client.get("/bumen-chuangkou/").context["page"].pk == page.pk
    assert _redirected_to(client, "/bumen/") == "/bumen-chuangkou/"


def test_a_moved_and_a_deleted_guide_page_route_afresh(publish, region_client, committed):
    publish("shushan", ID_CARD)
    client = region_client("shushan")
    with schema_context("shushan"):
        page = GuidePage.objects.get()
        old = page.url_path.removeprefix("/home-region")
    assert client.get(old).status_code == 200
    committed("shushan", lambda: page.move(_section("shushan", "topics"), pos="last-child"))
    new = f"/topics/{page.slug}/"
    moved = client.get(old)  # Wagtail's redirects app remembered the old path
    assert (moved.status_code, moved["Location"]) == (301, new)
    assert client.get(new).status_code == 200
    committed("shushan", lambda: GuidePage.objects.get(pk=page.pk).delete())
    assert client.get(new).status_code == 404


def test_view_restrictions_change_and_are_checked_for_each_visitor(region_client, committed):
    page = _section("shushan", "departments")
    anonymous, editor = region_client("shushan"), region_client("shushan")
    with schema_context("shushan"):
        user = get_user_model().objects.create_user("bianji", "b@example.cn", "pw")
        editor.force_login(user)
    assert anonymous.get("/departments/").status_code == 200
    restriction = committed(
        "shushan", PageViewRestriction.objects.create, page=page, restriction_type="login"
    )
    response, routed = _page_queries(anonymous, "/departments/")
    assert response.status_code == 302 and "/_util/login/" in response["Location"]
    response, routed = _page_queries(anonymous, "/departments/")
    assert response.status_code == 302 and routed == []  # restriction from the map, checked
    assert editor.get("/departments/").status_code == 200
    group = committed("shushan", Group.objects.create, name="窗口人员")

    def groups_only():
        restriction.restriction_type = "groups"
        restriction.save()
        restriction.groups.add(group)

    committed("shushan", groups_only)
    assert editor.get("/departments/").status_code == 302  # signed in, not in the group
    with schema_context("shushan"):
        user.groups.add(group)  # membership is the visitor's: no stamp, checked per request
    assert editor.get("/departments/").status_code == 200
    committed("shushan", restriction.delete)
    assert anonymous.get("/departments/").status_code == 200


def test_an_alias_uses_its_sources_restrictions(region_client, committed):
    page = _section("shushan", "departments")
    client = region_client("shushan")
    with schema_context("shushan"):
        home = page.get_parent()
    committed("shushan", page.create_alias, parent=home, update_slug="chuangkou")
    assert client.get("/chuangkou/").status_code == 200
    committed("shushan", PageViewRestriction.objects.create, page=page, restriction_type="login")
    assert client.get("/chuangkou/").status_code == 302


def test_a_site_change_routes_afresh(region_client, committed):
    client = region_client("shushan")
    assert client.get("/").context["page"].slug == "home-region"

    def root_at(slug):
        site = Site.objects.get(is_default_site=True)
        site.root_page = Page.objects.get(slug=slug)
        site.save()  # also clears Wagtail's cached site root paths (kept in Redis)

    try:
        committed("shushan", root_at, "search")
        response = client.get("/")
        assert response.status_code == 200 and response.context["page"].slug == "search"
    finally:  # the rollback does not reach the root paths Wagtail cached meanwhile
        committed("shushan", root_at, "home-region")
    assert client.get("/").context["page"].slug == "home-region"


def test_hooks_and_redirects_still_apply_to_remembered_routes(region_client, committed):
    client = region_client("shushan")
    assert client.get("/departments/").status_code == 200

    def refuse(page, request, args, kwargs):
        return HttpResponse("维护中", status=503)

    with hooks.register_temporarily("before_serve_page", refuse):
        response, routed = _page_queries(client, "/departments/")
    assert (response.status_code, routed) == (503, [])
    committed("shushan", Redirect.add_redirect, "/bumen", redirect_to="/departments/")
    response = client.get("/bumen/")
    assert (response.status_code, response["Location"]) == (301, "/departments/")


def test_a_change_in_another_process_routes_on_the_next_request(region_client):
    client = region_client("shushan")
    page = _section("shushan", "departments")
    assert client.get("/departments/").status_code == 200
    with schema_context("shushan"):  # a row written elsewhere: no signal in this process
        Page.objects.filter(pk=page.pk).update(live=False)
    response, routed = _page_queries(client, "/departments/")
    assert (response.status_code, routed) == (200, [])  # the map serves until the stamp moves
    _bump_in_another_process(fragments.pages("shushan"))
    assert client.get("/departments/").status_code == 404


def _bump_in_another_process(name: str) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "core.settings.test",
        "TEST_REDIS_URL": settings.CACHES["default"]["LOCATION"],
    }
    code = f"import django; django.setup(); from core import stamps; stamps.bump({name!r})"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, check=True)


def test_a_rolled_back_change_never_reaches_the_map(region_client):
    client = region_client("shushan")
    assert client.get("/departments/").status_code == 200
    with pytest.raises(RuntimeError), transaction.atomic(), schema_context("shushan"):
        _publish(_section("shushan", "departments"), slug="bumen")
        assert client.get("/bumen/").status_code == 200  # the transaction's own view
        raise RuntimeError("roll back")
    assert client.get("/bumen/").status_code == 404
    assert client.get("/departments/").status_code == 200


def test_an_unreadable_stamp_routes_with_wagtail(region_client, monkeypatch):
    client = region_client("shushan")
    assert client.get("/departments/").status_code == 200

    def unavailable(name):
        raise ConnectionError("redis down")

    monkeypatch.setattr(stamps, "read_one", unavailable)
    response, routed = _page_queries(client, "/departments/")
    assert response.status_code == 200 and routed


def test_each_request_gets_its_own_page_object(region_client):
    client = region_client("shushan")
    client.get("/departments/")
    first = client.get("/departments/").context["page"]
    first.title = "leaked"
    assert client.get("/departments/").context["page"].title == "部门窗口"
