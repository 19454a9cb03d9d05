"""The guide body memo (api.guide.body): the same response as resolving every field, reused
only while the row's content is unchanged, and never for what the row does not hold."""

from unittest import mock

import pytest
from django.core.cache import cache

from api.guide import body
from core.catalogue import services as catalogue
from core.catalogue.models import Matter, MatterVersion
from core.catalogue.signals import catalogue_imported
from core.published.models import PublishedGuide
from tests.api.conftest import FOOD_LICENCE, operation_text
from tests.factories import published_entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _executed_every_time(settings):
    """Response cache off: every request executes; the memo starts empty."""
    settings.GRAPHQL_RESPONSE_CACHE = False
    body.bodies.clear()
    cache.clear()  # rateGuide's limits
    yield
    body.bodies.clear()


def _detail(client, code) -> bytes:
    response = client.client.post(
        "/graphql/", {"id": "GuideDetail", "variables": {"implementationCode": code}},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200 and b'"errors"' not in response.content
    return response.content


def test_a_reused_body_gives_the_same_bytes_as_resolving_every_field(gql, settings):
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    client = gql("shushan")
    settings.GRAPHQL_GUIDE_BODY_MEMO = False
    resolved = _detail(client, code)
    assert len(body.bodies.items) == 0
    settings.GRAPHQL_GUIDE_BODY_MEMO = True
    assert _detail(client, code) == resolved  # computed and kept
    assert len(body.bodies.items) == 1
    with mock.patch("api.guide.elements.online_depth", side_effect=AssertionError("resolved")):
        assert _detail(client, code) == resolved  # reused: the body's fields are not resolved


def test_a_row_written_any_way_is_resolved_again(gql):
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    client = gql("shushan")
    before = client.operation("GuideDetail", implementationCode=code)["data"]["guide"]
    row = PublishedGuide.objects.get()
    row.payload["local"]["materials"] = row.payload["local"]["materials"][:1]
    row.save()  # not through the sync: synced_at unchanged, the content hash is not
    after = client.operation("GuideDetail", implementationCode=code)["data"]["guide"]
    assert (len(before["materials"]), len(after["materials"])) == (6, 1)


def test_rating_summary_and_matter_are_resolved_on_every_request(gql):
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    client = gql("shushan")
    first = client.operation("GuideDetail", implementationCode=code)["data"]["guide"]
    rated = client.operation("RateGuide", implementationCode=code, score=1)
    assert rated["data"]["rateGuide"]["errors"] == []
    second = client.operation("GuideDetail", implementationCode=code)["data"]["guide"]
    assert (first["ratingSummary"]["count"], second["ratingSummary"]["count"]) == (0, 1)
    assert list(second) == list(first)  # the selection's order, with the fresh fields merged
    assert {k: v for k, v in second.items() if k != "ratingSummary"} == {
        k: v for k, v in first.items() if k != "ratingSummary"
    }


def test_list_nodes_reuse_their_bodies_too(gql):
    published_entry("shushan", FOOD_LICENCE)
    client = gql("shushan")
    first = client.operation("Guides", first=10)
    assert len(body.bodies.items) == 1
    assert client.operation("Guides", first=10) == first


def test_documents_sent_as_text_are_resolved_field_by_field(gql):
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    query = operation_text("GuideDetail").replace("query GuideDetail", "query MyGuide")
    data = gql("shushan")(query, implementationCode=code)
    assert data["guide"]["basicCode"] == FOOD_LICENCE
    assert len(body.bodies.items) == 0


def test_a_kept_matter_is_read_again_after_a_new_catalogue_version(gql):
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    client = gql("shushan")
    assert (
        client.operation("GuideDetail", implementationCode=code)["data"]["guide"]["matter"][
            "version"
        ]
        == 1
    )
    matter = Matter.objects.get(basic_code=FOOD_LICENCE)
    draft = catalogue.start_version(matter, allow_national=True)
    catalogue.update_draft(
        draft, {**draft.elements(), "name": "食品经营许可（新版）", "change_note": "事项名称调整"}
    )
    catalogue.submit_version(draft)
    catalogue.publish_version(draft)
    kept = client.operation("GuideDetail", implementationCode=code)["data"]["guide"]["matter"]
    assert (kept["version"], kept["name"]) == (2, "食品经营许可（新版）")


def test_a_catalogue_import_makes_kept_matters_stale(gql):
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    client = gql("shushan")
    client.operation("GuideDetail", implementationCode=code)
    # An import writes in bulk (no row signals) and announces itself.
    MatterVersion.objects.filter(matter__basic_code=FOOD_LICENCE).update(name="批量改名")
    catalogue_imported.send(sender=Matter, province=None)
    matter = client.operation("GuideDetail", implementationCode=code)["data"]["guide"]["matter"]
    assert matter["name"] == "批量改名"
