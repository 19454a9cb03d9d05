"""One theme encoding, one per-province 服务对象 mapping, per-guide rating invalidation."""

import pytest
from django.core.cache import cache

from core import stamps
from core.domain import audience, themes
from core.published.models import PublishedGuide
from search import documents, service
from tenants.models import Region
from tests.api.conftest import index
from tests.factories import published_entry

pytestmark = pytest.mark.django_db

FOOD, CATERING = "000131106000", "000131128000"
GUIDES = """query($theme: String, $audience: Audience) {
  guides(first: 50, theme: $theme, audience: $audience) {
    edges { node { basicCode serviceObjects { code label } } }
  }
}"""
PLATFORM_OBJECTS = {  # a province numbering like the platform data of DOMAIN.md §3
    "1": {"label": "自然人", "national": "1"},
    "2": {"label": "企业法人", "national": "2"},
    "5": {"label": "非法人企业", "national": "6"},
    "6": {"label": "行政机关", "national": "5"},
    "9": {"label": "其他组织", "national": "6"},
}


@pytest.fixture
def two_guides():
    return [published_entry("shushan", code) for code in (FOOD, CATERING)]


@pytest.fixture
def platform_numbering():
    """安徽 numbers 服务对象 like the platform data (as provisioned from its config file)."""
    province = Region.objects.get(slug="anhui")
    province.applied_config = {**province.applied_config, "service_objects": PLATFORM_OBJECTS}
    province.save(update_fields=["applied_config"])
    audience.clear_cache()
    yield
    audience.clear_cache()


def test_theme_forms():
    assert themes.parse("p090") == themes.Theme("person", "090")
    assert themes.parse("l005") == themes.Theme("legal", "005")
    assert themes.parse("person:090") == themes.parse("p090")  # the portal's old links
    assert themes.parse("legal:005") == themes.parse("l005")
    assert themes.parse("030") == themes.Theme(None, "030")
    assert themes.parse("030").keys == ["p030", "l030"]
    assert (themes.parse("p090").label, themes.parse("l005").label) == ("证件办理", "设立变更")
    for bad in ("x090", "p90", "person:", "", "p090 "[:-1] + "x"):
        with pytest.raises(ValueError, match="服务主题"):
            themes.parse(bad)


def _codes(data) -> list[str]:
    return sorted(edge["node"]["basicCode"] for edge in data["guides"]["edges"])


def test_api_theme_filter_takes_the_one_encoding_and_refuses_bad_values(gql, two_guides):
    rows = list(PublishedGuide.objects.all())
    person = sorted({t for r in rows for t in r.person_themes})
    client = gql("shushan")
    for code in person:
        expected = sorted(r.basic_code for r in rows if code in r.person_themes)
        assert _codes(client(GUIDES, theme=f"p{code}")) == expected
        assert _codes(client(GUIDES, theme=f"person:{code}")) == expected
    [error] = client.errors(GUIDES, theme="p9")
    assert error["extensions"] == {"code": "INVALID_THEME", "argument": "theme"}


def test_region_themes_carry_the_key_the_filters_take(gql, two_guides):
    data = gql("shushan")('{ region(code: "340104") { themes { key code audience } } }')
    found = data["region"]["themes"]
    assert found and all(t["key"] == themes.key(t["audience"].lower(), t["code"]) for t in found)


def test_portal_theme_links_use_the_key_and_old_links_still_work(region_client, two_guides):
    guide = PublishedGuide.objects.get(basic_code=FOOD)
    code = guide.person_themes[0]
    client = region_client("shushan")
    home = client.get("/").content.decode()
    assert f"?theme=p{code}" in home and "?theme=person:" not in home
    new = client.get("/search/", {"theme": f"p{code}"}).content.decode()
    old = client.get("/search/", {"theme": f"person:{code}"}).content.decode()
    assert guide.name in new and new == old


def test_national_numbering_by_default(gql, two_guides):
    assert audience.audiences(["1"], "340000") == {"person"}
    assert audience.audiences(["2", "6"], "340000") == {"legal"}
    assert audience.audiences(["9"], "340000") == set()  # not a national code


def test_a_province_numbering_decides_audience_labels_and_search(
    gql, two_guides, platform_numbering
):
    PublishedGuide.objects.filter(basic_code=FOOD).update(service_objects=["9"])
    PublishedGuide.objects.filter(basic_code=CATERING).update(service_objects=["1", "5"])
    assert audience.audiences(["9"], "340000") == {"legal"}
    assert audience.audiences(["1", "5"], "340000") == {"person", "legal"}
    client = gql("shushan")
    assert _codes(client(GUIDES, audience="LEGAL")) == [FOOD, CATERING]
    assert _codes(client(GUIDES, audience="PERSON")) == [CATERING]
    nodes = {e["node"]["basicCode"]: e["node"] for e in client(GUIDES)["guides"]["edges"]}
    assert nodes[FOOD]["serviceObjects"] == [{"code": "9", "label": "其他组织"}]
    assert nodes[CATERING]["serviceObjects"] == [
        {"code": "1", "label": "自然人"}, {"code": "5", "label": "非法人企业"},
    ]  # fmt: skip
    food = PublishedGuide.objects.get(basic_code=FOOD)
    assert documents.fields_of(food)["service_objects"] == ["6"]  # national in the index
    index(*two_guides)
    catering = PublishedGuide.objects.get(basic_code=CATERING).implementation_code
    found = service.search_guides("食品经营许可", "340104", audience="legal")
    assert [hit.implementation_code for hit in found.hits] == [food.implementation_code]
    # 食品经营许可 is for 其他组织 (9 → national 6) only; 个体工商户登记 also for persons
    assert service.search_guides("食品经营许可", "340104", audience="person").hits == []
    found = service.search_guides("个体工商户", "340104", audience="person")
    assert [hit.implementation_code for hit in found.hits] == [catering]


def _detail(client, code):
    body = client.operation("GuideDetail", implementationCode=code)
    assert "errors" not in body, body
    return body["data"]["guide"]["ratingSummary"]["count"]


@pytest.fixture
def fresh_rate_limits():
    cache.clear()  # rateGuide's rate limit counts per client and hour, in Redis
    yield
    cache.clear()


def test_a_rating_patches_only_responses_showing_its_guide(gql, two_guides, fresh_rate_limits):
    food, catering = (item.implementation_code for item in two_guides)
    client = gql("shushan")
    for _ in range(2):
        assert (_detail(client, food), _detail(client, catering)) == (0, 0)
        client.operation("Guides", first=5)
    assert client.last_cache == "hit"
    body = client.operation("RateGuide", implementationCode=food, score=1)
    assert body["data"]["rateGuide"]["errors"] == [], body
    assert _detail(client, catering) == 0 and client.last_cache == "hit"
    assert _detail(client, food) == 1 and client.last_cache == "patched"
    listed = client.operation("Guides", first=5)
    assert client.last_cache == "patched"
    counts = {e["node"]["implementationCode"]: e["node"]["ratingSummary"]["count"]
              for e in listed["data"]["guides"]["edges"]}  # fmt: skip
    assert counts == {food: 1, catering: 0}


def test_a_lost_stamp_restarts_above_every_earlier_value():
    before = stamps.read_one("test:stamp")
    stamps.bump("test:stamp")
    assert stamps.read_one("test:stamp") == before + 1
    with stamps.public():
        cache.delete("test:stamp")
    assert stamps.read_one("test:stamp") > before + 1
