"""The response cache of persisted queries: hits, and never a response older than a change."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from api.core import cache as response_cache
from api.core import dependencies
from core.catalogue import services as catalogue
from core.catalogue.models import Matter
from core.listings import services as listings
from core.published.models import PublishedGuide, Rating
from core.published.sync import sync_guide
from tests.api.conftest import FOOD_LICENCE
from tests.api.test_query_counts import _api_sql
from tests.factories import published_entry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


def guide(client, code) -> dict | None:
    body = client.operation("GuideDetail", implementationCode=code)
    assert "errors" not in body, body
    return body["data"]["guide"]


def rate(client, code, score):
    body = client.operation("RateGuide", implementationCode=code, score=score)
    assert body["data"]["rateGuide"]["errors"] == [], body
    return client.last_cache


def test_a_repeated_guide_is_served_from_the_cache_without_sql(gql, food_guide):
    client = gql("shushan")
    first = guide(client, food_guide.implementation_code)
    assert client.last_cache == "miss"
    with CaptureQueriesContext(connection) as captured:
        again = guide(client, food_guide.implementation_code)
    assert client.last_cache == "hit"
    assert again == first
    assert _api_sql(captured) == []


def test_publish_query_withdraw_query_returns_null(gql):
    client = gql("shushan")
    item = published_entry("shushan", FOOD_LICENCE)
    code = item.implementation_code
    assert guide(client, code)["name"] == "食品经营许可"
    assert guide(client, code)["name"] == "食品经营许可" and client.last_cache == "hit"
    assert _withdraw(item) == "withdrawn"
    assert guide(client, code) is None
    assert client.last_cache == "miss"


def test_an_unpublished_code_becomes_visible_once_published(gql):
    client = gql("shushan")
    item = published_entry("shushan", FOOD_LICENCE, project=False)
    assert guide(client, item.implementation_code) is None
    with schema_context("shushan"):  # the outbox drained: the guide's sync
        assert sync_guide(item.pk) == "live"
    assert guide(client, item.implementation_code)["basicCode"] == FOOD_LICENCE


def test_a_rating_updates_the_cached_summary(gql, food_guide):
    client = gql("shushan")
    code = food_guide.implementation_code
    assert guide(client, code)["ratingSummary"]["count"] == 0
    assert guide(client, code)["ratingSummary"]["count"] == 0 and client.last_cache == "hit"
    assert rate(client, code, 1) is None  # a mutation is never cached
    assert rate(client, code, 5) is None
    assert Rating.objects.count() == 2
    summary = guide(client, code)["ratingSummary"]
    assert client.last_cache == "patched"  # the summary recomputed, the rest reused
    assert (summary["count"], summary["average"], summary["satisfaction"]) == (2, 3.0, 50.0)


def test_a_new_catalogue_version_updates_the_guides_matter(gql, food_guide):
    client = gql("shushan")
    assert guide(client, food_guide.implementation_code)["matter"]["version"] == 1
    matter = Matter.objects.get(basic_code=FOOD_LICENCE)
    draft = catalogue.start_version(matter, allow_national=True)
    catalogue.update_draft(
        draft, {**draft.elements(), "name": "食品经营许可（新版）", "change_note": "名称调整"}
    )
    catalogue.submit_version(draft)
    catalogue.publish_version(draft)
    assert guide(client, food_guide.implementation_code)["matter"] == {
        "basicCode": FOOD_LICENCE, "name": "食品经营许可（新版）", "isNational": True,
        "version": 2, "department": draft.department,
    }  # fmt: skip


def test_edits_of_the_projection_row_are_never_served_stale(gql, food_guide):
    client = gql("shushan")
    assert len(guide(client, food_guide.implementation_code)["materials"]) == 6
    row = PublishedGuide.objects.get()
    row.payload["local"]["materials"] = row.payload["local"]["materials"][:2]
    row.save()
    assert len(guide(client, food_guide.implementation_code)["materials"]) == 2


def test_hosts_and_variables_have_their_own_entries(gql):
    for slug in ("shushan", "yaohai"):
        published_entry(slug, FOOD_LICENCE)
    shushan, yaohai = gql("shushan"), gql("yaohai")
    own = [shushan.operation("Guides", first=5), yaohai.operation("Guides", first=5)]
    regions = [b["data"]["guides"]["edges"][0]["node"]["region"]["code"] for b in own]
    assert regions == ["340104", "340102"]
    assert yaohai.operation("Guides", first=5) == own[1] and yaohai.last_cache == "hit"
    assert yaohai.operation("Guides", first=1)["data"]["guides"]["edges"]
    assert yaohai.last_cache == "miss"


def test_a_commit_outdates_what_a_concurrent_reader_cached_before_it(
    gql, food_guide, django_capture_on_commit_callbacks
):
    client = gql("shushan")
    code = food_guide.implementation_code
    commit = django_capture_on_commit_callbacks(execute=True)
    with mock.patch("search.signals.enqueue"), commit:
        assert _withdraw(food_guide) == "withdrawn"
        # A reader that ran before the commit cached the old guide under the bumped stamps.
        with schema_context("shushan"):
            key, _, read = response_cache.find(
                _sha("GuideDetail"), "shushan", None, {"implementationCode": code}
            )
        with dependencies.collecting(read) as collected:
            dependencies.depends_on([*dependencies.EVERY_RESPONSE, dependencies.guide(code)])
        response_cache.store(key, collected, {"guide": {"name": "stale"}})
        assert guide(client, code) == {"name": "stale"}
    assert guide(client, code) is None  # the guide's stamp bumped again on commit


def test_generation_lost_restarts_above_every_earlier_one():
    before = response_cache.current_generation()
    response_cache.bump_generation()
    assert response_cache.current_generation() == before + 1
    with schema_context("public"):
        cache.delete(response_cache.GENERATION_KEY)
    assert response_cache.current_generation() > before + 1


def test_search_and_suggest_are_not_cached(gql, food_guide):
    client = gql("shushan")
    for _ in range(2):
        client.operation("Search", query="食品", first=5)
        assert client.last_cache is None


def test_errors_are_not_cached(gql):
    client = gql(None)  # the platform host: Guides needs a region
    for _ in range(2):
        body = client.operation("Guides", first=5)
        assert body["errors"][0]["extensions"]["code"] == "REGION_REQUIRED"
        assert client.last_cache == "miss"


def test_the_cache_can_be_switched_off(gql, food_guide, settings):
    settings.GRAPHQL_RESPONSE_CACHE = False
    client = gql("shushan")
    for _ in range(2):
        assert guide(client, food_guide.implementation_code)["basicCode"] == FOOD_LICENCE
        assert client.last_cache is None


def _withdraw(item) -> str:
    """Suspend the entry and run its guide's sync (as the outbox drainer would)."""
    with schema_context("shushan"):
        item.refresh_from_db()
        listings.suspend_item(item)
        return sync_guide(item.pk)


def _sha(name: str) -> str:
    from api.core import persisted

    return persisted.find(name).sha256
