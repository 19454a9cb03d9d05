"""Fine-grained response cache: each kind of write makes stale exactly the cached responses that
show what it changed (never one more response served stale), and leaves the others cached.

Regions: 安徽 (340000) > 合肥 (340100) > 蜀山 (340104), 瑶海 (340102). Each test warms a set of
responses, writes, then asks again: ``miss`` where the write shows, ``hit`` elsewhere."""

import pytest
from django.core.cache import cache
from django_tenants.utils import schema_context

from api.core import cache as response_cache
from api.core import dependencies
from core.catalogue import services as catalogue
from core.catalogue.models import Matter, MatterVersion
from core.listings import services as listings
from core.listings.models import ImplementationItem
from core.published.models import PublishedGuide
from core.published.sync import sync_guide
from tenants.lifecycle import set_region_active
from tenants.models import Department, Region
from tenants.signals import region_changed
from tests.api.conftest import FOOD_LICENCE
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

RESTAURANT = "000131127001"  # another guide of 蜀山 (and of 瑶海)
CITY_GUIDE = "000119001000"  # a guide of 合肥 itself


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # rateGuide allows 5 ratings per client and hour
    yield
    cache.clear()


class Probe:
    """Named requests on region hosts; ``warm`` asks each twice (the second must hit)."""

    def __init__(self, gql, requests: dict):
        self.gql, self.requests = gql, requests

    def ask(self, name: str) -> tuple[str, dict]:
        slug, operation, variables = self.requests[name]
        client = self.gql(slug)
        body = client.operation(operation, **variables)
        assert "errors" not in body, body
        return client.last_cache, body["data"]

    def warm(self) -> None:
        for name in self.requests:
            assert self.ask(name)[0] == "miss", name
            assert self.ask(name)[0] == "hit", name

    def outcomes(self) -> dict[str, str]:
        return {name: self.ask(name)[0] for name in self.requests}


def detail(slug, code):
    return (slug, "GuideDetail", {"implementationCode": code})


def guides(slug, region=None, scope=None):
    variables = {"first": 50}
    if region:
        variables["region"] = region
    if scope:
        variables["scope"] = scope
    return (slug, "Guides", variables)


def codes_of(data) -> list[str]:
    return [edge["node"]["implementationCode"] for edge in data["guides"]["edges"]]


def _sync(slug, item) -> str:
    """Run the guide's sync as the outbox drainer would."""
    with schema_context(slug):
        return sync_guide(item.pk)


def _edit_and_republish(slug, item, **values) -> str:
    with schema_context(slug):
        item.refresh_from_db()
        listings.update_item(item, values)
        listings.publish_item(item, direct=True)
    return _sync(slug, item)


@pytest.fixture
def anhui_guides():
    """蜀山's 食品经营许可 and 餐饮 guide, 瑶海's 食品经营许可, a guide of 合肥 itself."""
    return {
        "shushan_food": published_entry("shushan", FOOD_LICENCE),
        "shushan_other": published_entry("shushan", RESTAURANT),
        "yaohai_food": published_entry("yaohai", FOOD_LICENCE),
        "city": published_entry("hefei", CITY_GUIDE),
    }


def test_a_listing_edit_makes_stale_its_guide_and_the_lists_it_is_in_only(gql, anhui_guides):
    food = anhui_guides["shushan_food"]
    code = food.implementation_code
    probe = Probe(gql, {
        "detail": detail("shushan", code),
        "detail on another host": detail("yaohai", code),
        "other guide": detail("shushan", anhui_guides["shushan_other"].implementation_code),
        "yaohai's food guide": detail("yaohai", anhui_guides["yaohai_food"].implementation_code),
        "shushan's list": guides("shushan"),
        "yaohai's list": guides("yaohai"),
        "hefei within": guides("hefei", scope="WITHIN"),
        "anhui within": guides("anhui", scope="WITHIN"),
        "hefei own": guides("hefei"),
        "yaohai available": guides("yaohai", scope="AVAILABLE"),
        "matter": ("shushan", "Matter", {"basicCode": FOOD_LICENCE}),
        "other matter": ("shushan", "Matter", {"basicCode": RESTAURANT}),
    })  # fmt: skip
    probe.warm()

    assert _edit_and_republish("shushan", food, hours="每天 8:00-20:00") == "live"

    assert probe.outcomes() == {
        "detail": "miss", "detail on another host": "miss", "other guide": "hit",
        "yaohai's food guide": "hit", "shushan's list": "miss", "yaohai's list": "hit",
        "hefei within": "miss", "anhui within": "miss", "hefei own": "hit",
        "yaohai available": "hit", "matter": "miss", "other matter": "hit",
    }  # fmt: skip
    assert probe.ask("detail")[1]["guide"]["hours"] == "每天 8:00-20:00"
    assert probe.ask("detail on another host")[1]["guide"]["version"] == 2


def test_a_rating_patches_only_responses_showing_its_guides_summary(gql, anhui_guides):
    code = anhui_guides["shushan_food"].implementation_code
    probe = Probe(gql, {
        "detail": detail("shushan", code),
        "other guide": detail("shushan", anhui_guides["shushan_other"].implementation_code),
        "shushan's list": guides("shushan"),
        "yaohai's list": guides("yaohai"),
        "matter (no summaries)": ("shushan", "Matter", {"basicCode": FOOD_LICENCE}),
    })  # fmt: skip
    probe.warm()

    body = gql("yaohai").operation("RateGuide", implementationCode=code, score=5)
    assert body["data"]["rateGuide"]["errors"] == [], body

    assert probe.outcomes() == {
        "detail": "patched", "other guide": "hit", "shushan's list": "patched",
        "yaohai's list": "hit", "matter (no summaries)": "hit",
    }  # fmt: skip
    summary = probe.ask("detail")[1]["guide"]["ratingSummary"]
    assert (summary["count"], summary["average"], summary["satisfaction"]) == (1, 5.0, 0.0)
    listed = probe.ask("shushan's list")[1]["guides"]["edges"]
    counts = {e["node"]["implementationCode"]: e["node"]["ratingSummary"]["count"] for e in listed}
    assert counts == {code: 1, anhui_guides["shushan_other"].implementation_code: 0}


def test_publishing_and_withdrawing_reach_every_list_that_shows_the_guide(gql, anhui_guides):
    item = published_entry("hefei", "000120002000", project=False)  # 合肥, not yet synced
    probe = Probe(gql, {
        "shushan own": guides("shushan"),
        "shushan available": guides("shushan", scope="AVAILABLE"),
        "hefei within": guides("hefei", scope="WITHIN"),
        "yaohai own": guides("yaohai"),
        "new guide": detail("shushan", item.implementation_code),
    })  # fmt: skip
    probe.warm()
    assert probe.ask("new guide")[1]["guide"] is None

    assert _sync("hefei", item) == "live"
    assert probe.outcomes() == {
        "shushan own": "hit", "shushan available": "miss", "hefei within": "miss",
        "yaohai own": "hit", "new guide": "miss",
    }  # fmt: skip
    assert item.implementation_code in codes_of(probe.ask("shushan available")[1])
    assert item.implementation_code in codes_of(probe.ask("hefei within")[1])
    assert probe.ask("new guide")[1]["guide"]["name"]

    with schema_context("hefei"):
        item.refresh_from_db()
        listings.suspend_item(item)
    assert _sync("hefei", item) == "withdrawn"
    assert probe.ask("new guide") == ("miss", {"guide": None})
    assert item.implementation_code not in codes_of(probe.ask("shushan available")[1])
    assert item.implementation_code not in codes_of(probe.ask("hefei within")[1])
    assert probe.ask("yaohai own")[0] == "hit"


def test_a_new_catalogue_version_makes_stale_the_responses_showing_that_matter(gql, anhui_guides):
    food, other = anhui_guides["shushan_food"], anhui_guides["shushan_other"]
    probe = Probe(gql, {
        "food detail": detail("shushan", food.implementation_code),
        "yaohai food detail": detail("yaohai", anhui_guides["yaohai_food"].implementation_code),
        "other detail": detail("shushan", other.implementation_code),
        "matter": ("yaohai", "Matter", {"basicCode": FOOD_LICENCE}),
        "list (no matters)": guides("shushan"),
    })  # fmt: skip
    probe.warm()

    matter = Matter.objects.get(basic_code=FOOD_LICENCE)
    draft = catalogue.start_version(matter, allow_national=True)
    catalogue.update_draft(
        draft, {**draft.elements(), "name": "食品经营许可（新版）", "change_note": "事项名称调整"}
    )
    catalogue.submit_version(draft)
    catalogue.publish_version(draft)

    assert probe.outcomes() == {
        "food detail": "miss", "yaohai food detail": "miss", "other detail": "hit",
        "matter": "miss", "list (no matters)": "hit",
    }  # fmt: skip
    assert probe.ask("food detail")[1]["guide"]["matter"]["version"] == 2
    assert probe.ask("matter")[1]["matter"]["name"] == "食品经营许可（新版）"


def test_a_region_switched_off_disappears_from_every_cached_response(gql, anhui_guides):
    yaohai_food = anhui_guides["yaohai_food"]
    probe = Probe(gql, {
        "yaohai detail": detail("shushan", yaohai_food.implementation_code),
        "hefei within": guides("hefei", scope="WITHIN"),
        "shushan detail": detail("shushan", anhui_guides["shushan_food"].implementation_code),
    })  # fmt: skip
    probe.warm()

    region = Region.objects.get(slug="yaohai")
    assert set_region_active(region, False)
    try:
        # Every response depends on the regions: switching one off is rare and changes scopes.
        assert set(probe.outcomes().values()) == {"miss"}
        assert _sync("yaohai", yaohai_food) == "withdrawn"  # as the queued region sync does
        assert probe.ask("yaohai detail") == ("miss", {"guide": None})
        assert yaohai_food.implementation_code not in codes_of(probe.ask("hefei within")[1])
    finally:
        set_region_active(region, True)


def test_a_region_change_makes_every_response_stale(gql, anhui_guides):
    probe = Probe(gql, {"detail": detail("shushan", anhui_guides["city"].implementation_code),
                        "list": guides("yaohai")})  # fmt: skip
    probe.warm()
    region_changed.send(sender=Region, region=Region.objects.get(slug="hefei"))
    assert probe.outcomes() == {"detail": "miss", "list": "miss"}
    assert probe.outcomes() == {"detail": "hit", "list": "hit"}
    with schema_context("public"):
        Region.objects.get(slug="shushan").save()
    assert probe.outcomes() == {"detail": "miss", "list": "miss"}


def test_a_reorganisation_leaves_no_cached_guide_under_the_old_code(gql, anhui_guides):
    item = anhui_guides["shushan_food"]
    old_code = item.implementation_code
    probe = Probe(gql, {"old code": detail("shushan", old_code)})
    probe.warm()
    with schema_context("shushan"):
        item.refresh_from_db()
        other = Department.objects.filter(region__slug="shushan").exclude(pk=item.department_id)
        new_code = listings.change_implementer(item, other.first(), None, "机构改革")
    assert _sync("shushan", item) == "live"
    assert PublishedGuide.objects.filter(implementation_code=old_code).exists() is False
    # The row was rewritten under the new code: only the sync's codes name the old one.
    assert probe.ask("old code") == ("miss", {"guide": None})
    assert gql("shushan").operation("GuideDetail", implementationCode=new_code)["data"]["guide"]


def test_a_lost_stamp_makes_its_responses_stale(gql, anhui_guides):
    code = anhui_guides["shushan_food"].implementation_code
    probe = Probe(gql, {"detail": detail("shushan", code), "list": guides("yaohai")})
    probe.warm()
    with schema_context("public"):
        cache.delete(dependencies.guide(code))  # evicted, or Redis restarted without it
    assert probe.outcomes() == {"detail": "miss", "list": "hit"}


def test_a_response_that_declared_nothing_is_not_cached(gql):
    key, data, read = response_cache.find("0" * 64, "shushan", None, {})
    assert data is None
    with dependencies.collecting(read) as collected:
        dependencies.depends_on(dependencies.EVERY_RESPONSE)
    response_cache.store(key, collected, {"anything": 1})
    assert response_cache.find("0" * 64, "shushan", None, {})[1] is None
    with dependencies.collecting(read) as collected:
        dependencies.depends_on([*dependencies.EVERY_RESPONSE, dependencies.guide("x")])
    response_cache.store(key, collected, {"anything": 1})
    assert response_cache.find("0" * 64, "shushan", None, {})[1] == '{"anything":1}'


def test_stamps_are_declared_only_while_a_response_is_being_cached():
    dependencies.depends_on([dependencies.guide("x")])  # outside: nothing to collect, no error
    with dependencies.collecting() as outer:
        dependencies.depends_on([dependencies.guide("x")])
    assert list(outer) == [dependencies.guide("x")]
    assert dependencies.basic_code_of("11340104MB0000000X" + "4" + FOOD_LICENCE) == FOOD_LICENCE
    assert dependencies.basic_code_of("short") is None


def test_an_entry_never_published_stays_absent(gql):
    item = published_entry("shushan", FOOD_LICENCE, project=False)
    assert item.state == ImplementationItem.State.PUBLISHED
    probe = Probe(gql, {"detail": detail("shushan", item.implementation_code)})
    probe.warm()
    assert probe.ask("detail") == ("hit", {"guide": None})


def test_a_version_saved_without_its_matter_loaded_bumps_that_matter_only(gql, anhui_guides):
    code = anhui_guides["shushan_food"].implementation_code
    other = anhui_guides["shushan_other"].implementation_code
    draft = catalogue.start_version(
        Matter.objects.get(basic_code=FOOD_LICENCE), allow_national=True
    )
    probe = Probe(gql, {"detail": detail("shushan", code), "other": detail("shushan", other)})
    probe.warm()
    fresh = MatterVersion.objects.get(pk=draft.pk)  # as an admin form loads it: no matter
    fresh.description = "草稿修改"
    fresh.save()  # the receiver looks the matter up to bump its stamp
    assert probe.outcomes() == {"detail": "miss", "other": "hit"}
    assert probe.ask("detail")[1]["guide"]["matter"]["version"] == 1  # a draft is not shown
