"""Ratings patch cached responses (api.core.holes): the summary is recomputed, the rest reused,
and the bytes equal an uncached execution; every other change still makes a miss."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.core import cache as response_cache
from api.core import dependencies, holes
from api.guide import rating_holes
from core.catalogue import services as catalogue
from core.catalogue.models import Matter
from core.published.models import PublishedGuide
from core.published.ratings import rate_guide
from tests.api.conftest import FOOD_LICENCE
from tests.api.test_query_counts import _api_sql
from tests.factories import published_entry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


def post(client, name: str, **variables):
    response = client.post("/graphql/", json.dumps({"id": name, "variables": variables}),
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 200
    return response.headers.get("X-API-Cache"), response.content


def executed(client, settings, name: str, **variables) -> bytes:
    """The response bytes of an execution with the response cache off."""
    settings.GRAPHQL_RESPONSE_CACHE = False
    try:
        outcome, content = post(client, name, **variables)
    finally:
        settings.GRAPHQL_RESPONSE_CACHE = True
    assert outcome is None
    return content


def rate(code: str, score: int, client_key: str = "c1") -> None:
    rate_guide(code, score, "", "web", client_key)


def summary(content: bytes) -> dict:
    return json.loads(content)["data"]["guide"]["ratingSummary"]


def test_a_rating_patches_the_summary_into_the_cached_guide(region_client, settings):
    client = region_client("shushan")
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    assert post(client, "GuideDetail", implementationCode=code)[0] == "miss"
    rate(code, 1)
    rate(code, 5, "c2")
    with CaptureQueriesContext(connection) as patching:
        outcome, patched = post(client, "GuideDetail", implementationCode=code)
    assert outcome == "patched"
    assert len(_api_sql(patching)) == 1  # the summaries' aggregate, nothing else
    assert summary(patched) == {
        "count": 2, "average": 3.0, "satisfaction": 50.0,
        "levels": [{"score": s, "label": label, "count": int(s in (1, 5))} for s, label in
                   enumerate(["非常满意", "满意", "基本满意", "不满意", "非常不满意"], 1)],
    }  # fmt: skip
    assert patched == executed(client, settings, "GuideDetail", implementationCode=code)
    with CaptureQueriesContext(connection) as again:
        assert post(client, "GuideDetail", implementationCode=code) == ("hit", patched)
    assert _api_sql(again) == []  # the patched entry was stored with the new stamp


def test_a_rating_landing_while_a_patch_is_computed_is_patched_in_next_time(
    region_client, settings, monkeypatch
):
    # The patch reads the stale stamps, then the summaries, then stores the entry under the
    # stamps it read: a rating committed between the summaries' read and the store must leave
    # the stored entry stale, so that the next lookup patches again (never a lost rating).
    client = region_client("shushan")
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    post(client, "GuideDetail", implementationCode=code)
    rate(code, 1)
    compute = holes.patchers[rating_holes.KIND]

    def then_another_rating(args):
        found = compute(args)
        rate(code, 5, "c2")  # lands after the summaries were read, before the entry is stored
        return found

    monkeypatch.setitem(holes.patchers, rating_holes.KIND, then_another_rating)
    outcome, first = post(client, "GuideDetail", implementationCode=code)
    assert (outcome, summary(first)["count"]) == ("patched", 1)
    monkeypatch.setitem(holes.patchers, rating_holes.KIND, compute)
    outcome, second = post(client, "GuideDetail", implementationCode=code)
    assert (outcome, summary(second)["count"]) == ("patched", 2)
    assert second == executed(client, settings, "GuideDetail", implementationCode=code)
    assert post(client, "GuideDetail", implementationCode=code) == ("hit", second)


def test_a_rating_of_one_tenants_guide_leaves_the_others_cached(region_client):
    shushan, yaohai = region_client("shushan"), region_client("yaohai")
    own = published_entry("shushan", FOOD_LICENCE).implementation_code
    other = published_entry("yaohai", FOOD_LICENCE).implementation_code
    before = post(yaohai, "GuideDetail", implementationCode=other)[1]
    post(shushan, "GuideDetail", implementationCode=own)
    rate(own, 2)
    with CaptureQueriesContext(connection) as untouched:
        assert post(yaohai, "GuideDetail", implementationCode=other) == ("hit", before)
    assert _api_sql(untouched) == []
    assert summary(before)["count"] == 0
    assert summary(post(shushan, "GuideDetail", implementationCode=own)[1])["count"] == 1


def test_a_list_patches_every_summary_of_the_rated_guide(region_client, settings):
    client = region_client("shushan")
    codes = [published_entry("shushan", basic).implementation_code
             for basic in (FOOD_LICENCE, "000131127001")]  # fmt: skip
    assert post(client, "Guides", first=5)[0] == "miss"
    rate(codes[1], 4)
    outcome, patched = post(client, "Guides", first=5)
    assert outcome == "patched"
    assert patched == executed(client, settings, "Guides", first=5)
    counts = {edge["node"]["implementationCode"]: edge["node"]["ratingSummary"]["count"]
              for edge in json.loads(patched)["data"]["guides"]["edges"]}  # fmt: skip
    assert counts == {codes[0]: 0, codes[1]: 1}


@pytest.mark.parametrize("change", ["listing", "matter", "regions"])
def test_a_rating_with_another_change_is_a_miss(region_client, settings, change):
    client = region_client("shushan")
    code = published_entry("shushan", FOOD_LICENCE).implementation_code
    post(client, "GuideDetail", implementationCode=code)
    rate(code, 1)
    if change == "listing":
        row = PublishedGuide.objects.get(implementation_code=code)
        row.payload["local"]["materials"] = row.payload["local"]["materials"][:2]
        row.save()
    elif change == "matter":
        matter = Matter.objects.get(basic_code=FOOD_LICENCE)
        draft = catalogue.start_version(matter, allow_national=True)
        catalogue.update_draft(draft, {**draft.elements(), "name": "食品经营许可（新版）",
                                       "change_note": "名称调整"})  # fmt: skip
        catalogue.submit_version(draft)
        catalogue.publish_version(draft)
    else:
        dependencies.regions_changed()
    outcome, content = post(client, "GuideDetail", implementationCode=code)
    assert outcome == "miss"
    assert content == executed(client, settings, "GuideDetail", implementationCode=code)
    guide = json.loads(content)["data"]["guide"]
    assert guide["ratingSummary"]["count"] == 1
    assert len(guide["materials"]) == (2 if change == "listing" else 6)
    assert guide["matter"]["version"] == (2 if change == "matter" else 1)


def test_a_stamp_guarding_more_than_holes_is_never_patched():
    code = "11340104MB1234567X4000131106000"
    stamp = dependencies.rating(code)
    key, _, read = response_cache.find("sha", "shushan", None, {"c": code})
    with dependencies.collecting(read) as collected:
        dependencies.depends_on([*dependencies.EVERY_RESPONSE, stamp])
        holes.record(["guide", "ratingSummary"], stamp, "rating", (code, "{\n  count\n}"))
        holes.unpatchable(stamp)  # e.g. a summary selected through a fragment
    response_cache.store(key, collected, {"guide": {"ratingSummary": {"count": 0}}})
    assert response_cache.find("sha", "shushan", None, {"c": code})[1] is not None
    dependencies.ratings_changed(code)
    assert response_cache.find("sha", "shushan", None, {"c": code})[1] is None


def test_split_gives_the_encoded_text_and_each_holes_range():
    collected = dependencies.Collected({"s": 1})
    data = {"a": [{"r": {"n": 1}}, {"r": {"n": 1}}], "b": "\x00x"}
    for index in (0, 1):
        collected.holes.append((("a", index, "r"), f"s{index}", "rating", (str(index),)))
    text, found = holes.split(collected, data, response_cache.encode)
    assert text == response_cache.encode(data)
    assert [text[h.start : h.end] for h in found] == ['{"n":1}', '{"n":1}']
    assert [h.stamp for h in found] == ["s0", "s1"]
    assert data == {"a": [{"r": {"n": 1}}, {"r": {"n": 1}}], "b": "\x00x"}  # unchanged
