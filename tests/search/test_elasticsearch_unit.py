"""Elasticsearch mapping and generated queries (no cluster needed)."""

from core.domain.scope import Scope
from search.backends import elastic_mapping, elastic_query
from search.backends.base import Filters, RawResults, Request
from search.backends.elastic import ElasticsearchBackend, alias_name, version_name
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
    assert "准生证 => 准生证, 生育登记, 生育服务" in rules
    assert "开饭店 => 开饭店, 食品经营, 餐饮服务" in rules
    # keyword patterns expand to their parts: 营业执照*补 → 营业执照, 补
    assert "营业执照遗失 => 营业执照遗失, 营业执照, 补, 执照遗失" in rules
    assert len(rules) > 1000


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
    # no intent words: the query reads as 新办 (×1.15), other intents (补领, 注销 …) weigh 0.85,
    # and each concept the matter belongs to that the query did not name ×0.9
    scored = query["must"][0]["function_score"]
    assert [f.get("weight") for f in scored["functions"]] == [1.15, 0.85, None]
    assert scored["functions"][2]["script_score"]["script"]["params"] == {"named": ["食品经营许可"]}
    should = scored["query"]["bool"]["should"]
    assert {"wildcard": {"name.raw": {"value": "*食品经营*", "boost": 6}}} in should
    assert {"match_phrase": {"description": {"query": "餐饮服务", "boost": 1.5}}} in should
    assert {"multi_match": {"query": "开饭店", "fields": elastic_query.FIELDS,
                            "type": "best_fields"}} in should  # fmt: skip
    # materials only rank (an optional clause beside the match), as in PostgreSQL
    assert not any(f.startswith("materials") for f in elastic_query.FIELDS)
    assert query["should"] == [
        {"match": {"materials": "开饭店"}},
        {"match": {"title": {"query": "开饭店", "fuzziness": "AUTO", "boost": 0.5}}},
    ]  # fuzzy title matches rank but make no candidate (unless nothing matched)
    assert not any("title" in clause.get("match", {}) for clause in should)
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
    should = body["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]["should"]
    assert {"prefix": {"pinyin_terms": {"value": "shenfenzheng", "boost": 4}}} in should


def test_intent_and_code_families_reach_the_elasticsearch_query():
    request = Request(parse("身份证丢了"), Scope("340104", ("340104", "340100", "340000"), False))
    scored = elastic_query.build(request, "zwfw-guides").to_dict()["query"]["bool"]["must"][0]
    functions = scored["function_score"]["functions"]
    assert [f.get("weight") for f in functions] == [1.5, 0.7, None]
    same = [c["wildcard"]["name.raw"] for c in functions[0]["filter"]["bool"]["should"]]
    assert same == ["*补领*", "*补发*", "*补证*", "*补办*", "*补换*", "*遗失*", "*挂失*"]
    should = scored["function_score"]["query"]["bool"]["should"]
    assert {"prefix": {"basic_code": {"value": "000713002", "boost": 5}}} in should
    assert {"wildcard": {"name.raw": {"value": "*居民身份证*", "boost": 6}}} in should


def test_concept_terms_are_indexed_with_the_document():
    fields = {
        "name": "机动车驾驶证遗失补证",
        "aliases": [],
        "basic_code": "330700001000",
        "description": "",
        "conditions": "",
        "materials": [],
        "department_name": "交警",
    }
    source = elastic_mapping.source({**fields, "id": "x"})
    assert {"驾照", "驾驶证丢了", "驾照补办"} <= set(source["concept_terms"])
    assert "开饭店" not in source["concept_terms"]


def test_fuzzy_title_matches_make_candidates_only_in_the_second_request(monkeypatch):
    request = Request(parse("残疾人证核法"), Scope("340104", ("340104", "340100", "340000"), False))
    fuzzy = {"match": {"title": {"query": "残疾人证核法", "fuzziness": "AUTO", "boost": 0.5}}}
    second = elastic_query.build(request, "zwfw-guides", fuzzy=True).to_dict()["query"]["bool"]
    assert fuzzy in second["must"][0]["function_score"]["query"]["bool"]["should"]
    assert second["should"] == [{"match": {"materials": "残疾人证核法"}}]
    # the backend sends the second request only when the first found nothing
    backend, sent = ElasticsearchBackend("http://127.0.0.1:9"), []
    found = {False: RawResults(0, [], {}), True: RawResults(3, [], {})}
    monkeypatch.setattr(backend, "_search", lambda r, fuzzy: sent.append(fuzzy) or found[fuzzy])
    assert backend.search(request).total == 3 and sent == [False, True]
    found[False] = RawResults(2, [], {})
    sent.clear()
    assert backend.search(request).total == 2 and sent == [False]
