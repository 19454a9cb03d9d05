"""Rendering a guide page or a portal home costs a fixed number of SQL queries, whatever the
number of materials or guides: rendered afresh (fragment cache off) and served from its cached
fragments (cms.fragments)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from cms.models import GuidePage
from tests.factories import demo_item

from .conftest import FOOD_LICENCE, FUND_LOAN, FUND_WITHDRAWAL, ID_CARD, TRANSFER

pytestmark = pytest.mark.django_db

# Statements other than django-tenants' "SET search_path" (which it repeats depending on the
# connection's history). Routing comes from memory (cms.routing: the route map holds the site,
# the page and its view restrictions; 8 statements for a guide page and 4 for a home before).
GUIDE_QUERIES = 2  # the projection row and the rating aggregate
# Served from its fragments: nothing from PostgreSQL (the projection row and the rating
# aggregate come from Redis with their stamps in one round trip, the route from the map).
GUIDE_QUERIES_CACHED = 0
# The home aggregates themes and 一件事 in SQL (one query) and asks how many regions offer each
# hot service (one query) instead of counting the chain's guides in Python; the same 12 for any
# number of guides.
HOME_QUERIES = 12
# A province has no parent, ancestors or siblings to look up, but counts the guides of each
# region below and finds the most widely implemented matters (measured: 11).
PROVINCE_HOME_QUERIES = 11
# Served from its fragments and the route map (county and province alike).
HOME_QUERIES_CACHED = 0


@pytest.fixture(params=[False, True], ids=["rendered", "cached"])
def cached(request, settings):
    settings.PORTAL_FRAGMENT_CACHE = request.param
    return request.param


def _count(client, path) -> int:
    client.get(path)  # warm Wagtail's site-root cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    statements = [
        q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")
    ]
    print(f"{path}: {len(statements)} statements", *(sql[:120] for sql in statements), sep="\n")
    return len(statements)


def _materials(count: int) -> list[dict]:
    template = demo_item("shushan", ID_CARD)["materials"][-1]
    return [{**template, "name": f"材料{n}", "situation": f"情形{n % 3}"} for n in range(count)]


@pytest.mark.parametrize("materials", [1, 40])
def test_guide_page_queries_do_not_grow_with_materials(publish, region_client, materials, cached):
    publish("shushan", ID_CARD, materials=_materials(materials))
    with schema_context("shushan"):
        path = GuidePage.objects.get().url_path.removeprefix("/home-region")
    expected = GUIDE_QUERIES_CACHED if cached else GUIDE_QUERIES
    assert _count(region_client("shushan"), path) == expected


@pytest.mark.parametrize("guides", [1, 5])
def test_home_queries_do_not_grow_with_guides(publish, region_client, guides, cached):
    plan = [("shushan", ID_CARD), ("hefei", FUND_WITHDRAWAL), ("shushan", FOOD_LICENCE),
            ("shushan", TRANSFER), ("hefei", FUND_LOAN)][:guides]  # fmt: skip
    for slug, code in plan:
        publish(slug, code)
    expected = HOME_QUERIES_CACHED if cached else HOME_QUERIES
    assert _count(region_client("shushan"), "/") == expected


@pytest.mark.parametrize("guides", [1, 5])
def test_province_home_queries_do_not_grow_with_its_regions_guides(
    publish, region_client, guides, cached
):
    plan = [("shushan", ID_CARD), ("hefei", FUND_WITHDRAWAL), ("shushan", FOOD_LICENCE),
            ("yaohai", ID_CARD), ("hefei", FUND_LOAN)][:guides]  # fmt: skip
    for slug, code in plan:
        publish(slug, code)
    expected = HOME_QUERIES_CACHED if cached else PROVINCE_HOME_QUERIES
    assert _count(region_client("anhui"), "/") == expected
