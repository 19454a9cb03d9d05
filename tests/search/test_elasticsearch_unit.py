"""Elasticsearch mapping and generated queries (no cluster needed)."""

from core.domain.scope import Scope
from search.backends import elastic_mapping, elastic_query
from search.backends.base import Filters, Request
from search.backends.elastic import alias_name, version_name
from search.query import parse


def test_ik_analyzers_when_the_plugin_is_present_else_cjk():
    ik = elastic_mapping.index_body(ik=True, pinyin=False)["settings"]["analysis"]["analyzer"]
    assert (ik["zh_index"]["tokenizer"], ik["zh_search"]["tokenizer"]) == (
        "ik_max_word",
        "ik_smart",
    )
    cjk = elastic_mapping.index_body(ik=False, pinyin=False)["settings"]["analysis"]["analyzer"]
    assert cjk["zh_index"]["filter"] == ["cjk_width", "lowercase", "cjk_bigram"]
    assert "zh_synonyms" in cjk["zh_search"]["filter"]
    assert "zh_synonyms" not in cjk["zh_index"]["filter"]


def test_search_time_synonyms_come_from_the_shipped_dictionary():
    body = elastic_mapping.index_body(ik=False, pinyin=False)
    rules = body["settings"]["analysis"]["filter"]["zh_synonyms"]["synonyms"]
    assert "准生证 => 准生证, 生育登记" in rules
    assert "开饭店 => 开饭店, 食品经营许可" in rules
    assert len(rules) > 400


def test_pinyin_sub_field_only_with_the_plugin():
    with_plugin = elastic_mapping.index_body(ik=True, pinyin=True)["mappings"]["properties"]
    assert with_plugin["name"]["fields"]["pinyin"] == {"type": "text", "analyzer": "zh_pinyin"}
    without = elastic_mapping.index_body(ik=True, pinyin=False)["mappings"]["properties"]
    assert set(without["name"]["fields"]) == {"raw"}


def test_versioned_index_names_behind_one_alias(settings):
    settings.SEARCH_INDEX_PREFIX = "zwfw"
    assert alias_name() == "zwfw-guides"
    assert version_name(1700000000000) == "zwfw-guides-v1700000000000"


def test_generated_query_scopes_filters_collapses_and_pages():
    request = Request(
        parse("开饭店要办什么证"), Scope("340104", ("340104", "340100", "340000"), False),
        Filters(audience="legal", matter_type="01", theme="005", online_depth=4),
        best_bets=("000131106000",), offset=20, limit=10,
    )  # fmt: skip
    body = elastic_query.build(request, "zwfw-guides").to_dict()
    query = body["query"]["bool"]
    assert query["filter"][0] == {"terms": {"region_code": ["340104", "340100", "340000"]}}
    assert {"terms": {"service_objects": ["2", "3", "4", "5", "6"]}} in query["filter"]
    assert {"terms": {"themes": ["p005", "l005"]}} in query["filter"]
    assert {"term": {"online_depth": 4}} in query["filter"]
    should = query["must"][0]["bool"]["should"]
    assert {"match_phrase": {"name": {"query": "食品经营许可", "boost": 10}}} in should
    assert {"multi_match": {"query": "开饭店", "fields": elastic_query.FIELDS,
                            "type": "best_fields"}} in should  # fmt: skip
    assert body["collapse"]["field"] == "basic_code"
    params = body["collapse"]["inner_hits"]["sort"][0]["_script"]["script"]["params"]
    assert params == {"chain": ["340104", "340100", "340000"]}
    assert (body["from"], body["size"]) == (20, 10)
    assert set(body["aggs"]) == {"total_matters", *elastic_query.FACET_FIELDS}


def test_a_city_scope_covers_its_descendants_and_pinyin_uses_prefixes():
    request = Request(parse("shenfenzheng"), Scope("340100", ("340100", "340000"), True))
    body = elastic_query.build(request, "zwfw-guides").to_dict()
    assert body["query"]["bool"]["filter"][0] == {"bool": {"should": [
        {"terms": {"region_code": ["340100", "340000"]}}, {"term": {"ancestor_codes": "340100"}},
    ]}}  # fmt: skip
    should = body["query"]["bool"]["must"][0]["bool"]["should"]
    assert {"prefix": {"pinyin_terms": {"value": "shenfenzheng", "boost": 4}}} in should
