"""SQL queries per operation are pinned and independent of list sizes (dataloaders, one page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.core.cache import bump_generation
from core.published.models import PublishedGuide
from search import service
from tests.api.conftest import FOOD_LICENCE, index
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

FEW = ["000131106000"]
MANY = ["000131106000", "000131127001", "000131127002", "000131127003", "000131128000",
        "000137001000", "000104002000", "000120001000"]  # fmt: skip


def _api_sql(captured) -> list[str]:
    """Statements the API ran: without django-tenants' ``SET search_path`` (one per cursor
    unless TENANT_LIMIT_SET_CALLS) and the host → tenant lookup of the routing middleware."""
    return [q["sql"] for q in captured.captured_queries
            if not q["sql"].startswith("SET search_path") and "tenants_domain" not in q["sql"]]  # fmt: skip


def _queries(client, name, **variables) -> int:
    with CaptureQueriesContext(connection) as captured:
        body = client.operation(name, **variables)
    assert "errors" not in body, body
    return len(_api_sql(captured))


def test_guide_detail_takes_two_queries_whatever_its_materials(gql):
    item = published_entry("shushan", FOOD_LICENCE)
    client = gql("shushan")
    # guide row with its rating aggregates, catalogue matter
    assert _queries(client, "GuideDetail", implementationCode=item.implementation_code) == 2
    guide = PublishedGuide.objects.get()
    guide.payload["local"]["materials"] *= 10
    guide.save()
    # the guide row; the matter is kept by the process while its stamp is unchanged
    assert _queries(client, "GuideDetail", implementationCode=item.implementation_code) == 1
    bump_generation()
    assert _queries(client, "GuideDetail", implementationCode=item.implementation_code) == 2
    body = client.operation("GuideDetail", implementationCode=item.implementation_code)
    assert len(body["data"]["guide"]["materials"]) == 60


def test_a_guide_detail_miss_sends_no_search_path_on_a_connection_already_there(gql):
    item = published_entry("shushan", FOOD_LICENCE)
    client = gql("shushan")
    client.operation("GuideDetail", implementationCode=item.implementation_code)
    bump_generation()  # the next request is a miss again: it reads stamps and runs its queries
    with CaptureQueriesContext(connection) as captured:
        body = client.operation("GuideDetail", implementationCode=item.implementation_code)
    assert client.last_cache == "miss" and body["data"]["guide"]["name"] == "食品经营许可"
    assert [q["sql"] for q in captured.captured_queries] == _api_sql(captured)  # no SET either
    assert len(captured.captured_queries) == 2


@pytest.mark.parametrize("codes", [FEW, MANY], ids=["one", "eight"])
def test_guides_queries_do_not_grow_with_the_page(gql, codes):
    for code in codes:
        published_entry("shushan", code)
    # page, totalCount, rating summaries
    assert _queries(gql("shushan"), "Guides", first=50) == 3


# The ranking belongs to the search service: "many" only needs several hits.
@pytest.mark.parametrize(
    ("codes", "hits"), [(FEW, range(1, 2)), (MANY, range(3, 9))], ids=["one", "many"]
)
def test_search_queries_do_not_grow_with_the_hits(gql, codes, hits):
    index(*[published_entry("shushan", code) for code in codes])
    # The service keeps region chains and dictionaries per process: count it once they are loaded.
    service.search_guides("许可", "340104", limit=50)
    with CaptureQueriesContext(connection) as service_only:
        results = service.search_guides("许可", "340104", limit=50)
    assert results.total in hits
    # whatever the search service runs, plus one query for the guides of all hits
    expected = len(_api_sql(service_only)) + 1
    assert _queries(gql("shushan"), "Search", query="许可", first=50) == expected
    assert expected <= 2
