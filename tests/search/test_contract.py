"""One contract, both backends: PostgreSQL always, Elasticsearch when ELASTICSEARCH_URL is set."""

import os

import pytest
from django_tenants.utils import schema_context

from core.published.models import PublishedGuide
from search import backends, indexing
from search.models import BestBet, Synonym
from search.service import search_guides, suggest
from tenants.models import Region

pytestmark = pytest.mark.django_db
SHUSHAN, YAOHAI, HEFEI, ANHUI = "340104", "340102", "340100", "340000"
ES_URL = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(params=["postgres", "elasticsearch"])
def backend(request, demo_corpus, settings):
    if request.param == "elasticsearch":
        if not ES_URL:
            pytest.skip("ELASTICSEARCH_URL is not set")
        settings.SEARCH_BACKEND, settings.ELASTICSEARCH_URL = "elasticsearch", ES_URL
        settings.SEARCH_INDEX_PREFIX = "test-zwfw"
        indexing.rebuild()
    else:
        settings.SEARCH_BACKEND = "postgres"
    yield request.param
    backends._elasticsearch.cache_clear()


def basics(results):
    codes = dict(PublishedGuide.objects.values_list("implementation_code", "basic_code"))
    return [codes[hit.implementation_code] for hit in results.hits]


def test_colloquial_query_finds_the_official_matter_with_fillers_kept_for_display(backend):
    results = search_guides("開飯店要辦什麼證", SHUSHAN)
    assert results.backend == backend
    assert results.query == "開飯店要辦什麼證"
    assert results.normalised_query == "开饭店要办什么证"
    assert basics(results)[0] == "000131106000"
    # the concept's catalogue keyword is marked in the official name
    assert results.hits[0].highlight.startswith("<mark>食品经营</mark>许可")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("准生证", "002026001000"), ("shenfenzheng", "000713002000"), ("sfz", "000713002000"),
     ("身分证", "000713002000"), ("身份證補辦", "000713002000"), ("ＴＩＧＯＮＧＪＩＪＩＮ", "002021001000")],
)  # fmt: skip
def test_synonym_pinyin_typo_traditional_and_full_width_queries(backend, query, expected):
    assert basics(search_guides(query, SHUSHAN))[0] == expected


def test_the_most_local_implementation_is_kept_once_per_matter(backend):
    for region in (SHUSHAN, YAOHAI, HEFEI):
        results = search_guides("二手房过户", region)
        transfer = [h for h, b in zip(results.hits, basics(results), strict=True)
                    if b == "000718001002"]  # fmt: skip
        assert [h.region_code for h in transfer] == [region]


def test_a_county_sees_its_province_implementation_when_it_has_none(backend):
    assert search_guides("港澳通行证", SHUSHAN).hits[0].region_code == ANHUI
    assert search_guides("港澳通行证", YAOHAI).hits[0].region_code == YAOHAI
    assert search_guides("办护照", SHUSHAN).hits[0].region_code == SHUSHAN


def test_a_province_covers_its_descendants_and_prefers_its_own(backend):
    assert search_guides("准生证", ANHUI).hits[0].region_code == SHUSHAN
    assert search_guides("办护照", ANHUI).hits[0].region_code == ANHUI
    assert (
        search_guides("准生证", YAOHAI).hits == []
        or basics(search_guides("准生证", YAOHAI))[0] != "002026001000"
    )


def test_filters_and_facets(backend):
    everything = search_guides("公积金", SHUSHAN)
    assert set(basics(everything)) >= {"002021001000", "002021002000", "002021003000"}
    types = {f.value: f for f in everything.facets["type"]}
    assert types["20"].label == "公共服务"
    assert sorted(everything.facets) == [
        "department",
        "online_depth",
        "service_object",
        "theme",
        "type",
    ]
    only = search_guides("登记", SHUSHAN, matter_type="20")
    assert only.total == types_count(search_guides("登记", SHUSHAN), "20") and only.total > 0
    legal = search_guides("营业执照", SHUSHAN, audience="legal")
    assert "000131127001" in basics(legal)
    department = everything.hits[0]
    uscc = PublishedGuide.objects.get(pk=department.guide_id).department_uscc
    assert {h.guide_id for h in search_guides("公积金", SHUSHAN, department=uscc).hits} >= {
        department.guide_id
    }


def types_count(results, value):
    return next(f.count for f in results.facets["type"] if f.value == value)


def test_paging(backend):
    first = search_guides("登记", SHUSHAN, limit=3)
    second = search_guides("登记", SHUSHAN, offset=3, limit=3)
    assert first.total == second.total > 6
    assert len(first.hits) == len(second.hits) == 3
    assert not {h.implementation_code for h in first.hits} & {
        h.implementation_code for h in second.hits
    }


def test_did_you_mean_never_offers_a_matter_the_scope_lacks(backend):
    # 养犬登记 is a 蜀山 matter: 瑶海 finds nothing and is not sent to a matter it lacks.
    results = search_guides("办狗证", YAOHAI)
    assert (results.total, results.suggestion) == (0, None)
    assert basics(search_guides("办狗证", SHUSHAN))[0] == "340113101000"


def test_province_synonyms_and_best_bets(backend):
    anhui = Region.objects.get(slug="anhui")
    assert search_guides("小本本", SHUSHAN).total == 0
    Synonym.objects.create(province=anhui, term="小本本", official="内地居民结婚登记")
    assert basics(search_guides("小本本", SHUSHAN))[0] == "000714001001"
    BestBet.objects.create(province=anhui, query="开店", code="000131128000")
    assert basics(search_guides("开店怎么办", SHUSHAN))[0] == "000131128000"


def test_results_do_not_depend_on_the_connection_schema(backend):
    public = search_guides("身份证", SHUSHAN)
    with schema_context("yaohai"):
        inside = search_guides("身份证", SHUSHAN)
    assert inside.hits == public.hits and inside.total == public.total


def test_suggestions_for_chinese_and_pinyin_prefixes(backend):
    texts = suggest("身份", SHUSHAN)
    assert texts[0].text.startswith("身份") and texts[0].implementation_code.endswith(
        "000713002000"
    )
    assert [s.text for s in suggest("gjj", SHUSHAN)][:1] == ["住房公积金提取"]
    hk = next(s for s in suggest("港澳", SHUSHAN) if s.implementation_code)
    assert hk.implementation_code.endswith("3000113005000") or hk.implementation_code.endswith(
        "2000113005000"
    )
    assert suggest("", SHUSHAN) == []


def test_every_suggestion_leads_to_a_guide_of_the_scope(backend):
    # 办狗证 (alias and dictionary term of 养犬登记, a 蜀山 matter): 瑶海 lacks the matter
    assert [(s.text, s.implementation_code[-12:]) for s in suggest("办狗", SHUSHAN)] == [
        ("办狗证", "340113101000")
    ]
    assert suggest("办狗", YAOHAI) == []
    # a dictionary term that is no name or alias leads to the guide it finds
    [term] = [s for s in suggest("开餐", SHUSHAN) if s.text == "开餐厅"]
    assert term.implementation_code.endswith("000131106000")
    assert all(s.implementation_code for s in suggest("开", SHUSHAN))
