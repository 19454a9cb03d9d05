"""Elasticsearch index settings and mapping (pure functions: unit-tested without a cluster)."""

from .. import dictionary


def analysis_settings(ik: bool, pinyin: bool) -> dict:
    """IK analyzers with the ik plugin, else the built-in cjk; search-time synonyms always."""
    tokenizer_index, tokenizer_search = ("ik_max_word", "ik_smart") if ik else ("standard",) * 2
    base_filters = [] if ik else ["cjk_width", "lowercase", "cjk_bigram"]
    rules = synonym_rules(dictionary.shipped())
    settings = {
        "analyzer": {
            "zh_index": {"type": "custom", "tokenizer": tokenizer_index, "filter": base_filters},
            "zh_search": {
                "type": "custom",
                "tokenizer": tokenizer_search,
                "filter": [*base_filters[:2], "zh_synonyms", *base_filters[2:]],
            },
        },
        "filter": {"zh_synonyms": {"type": "synonym_graph", "synonyms": rules, "lenient": True}},
    }
    if pinyin:
        settings["tokenizer"] = {
            "zh_pinyin": {
                "type": "pinyin", "keep_full_pinyin": False, "keep_joined_full_pinyin": True,
                "keep_first_letter": True, "keep_original": False, "lowercase": True,
            }
        }  # fmt: skip
        settings["analyzer"]["zh_pinyin"] = {"type": "custom", "tokenizer": "zh_pinyin"}
    return settings


def synonym_rules(concepts) -> list[str]:
    """The concept dictionary as search-time synonym rules: each term also searches its
    concepts' keywords (the parts of ``a*b``); keyword and code boosts are in the query."""
    expansions: dict[str, list[str]] = {}
    for concept in concepts:
        parts = [p for k in concept.keywords for p in k.split("*") if p]
        for term in concept.terms:
            found = expansions.setdefault(term, [])
            found += [p for p in parts if p not in found and p != term]
    return [
        f"{term} => {', '.join([term, *parts])}"
        for term, parts in sorted(expansions.items())
        if parts and not any(c in term for c in ",=>")
    ]


def text_field(pinyin: bool) -> dict:
    field = {"type": "text", "analyzer": "zh_index", "search_analyzer": "zh_search"}
    if pinyin:
        field["fields"] = {"pinyin": {"type": "text", "analyzer": "zh_pinyin"}}
    return field


def index_body(ik: bool, pinyin: bool) -> dict:
    """Settings + mapping of one versioned guides index."""
    keyword = {"type": "keyword"}
    text = text_field(pinyin)
    return {
        "settings": {"number_of_shards": 1, "analysis": analysis_settings(ik, pinyin)},
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "guide_id": {"type": "long"},
                "implementation_code": keyword, "basic_code": keyword, "region_code": keyword,
                "depth": {"type": "byte"}, "ancestor_codes": keyword,
                "name": {**text, "fields": {**text.get("fields", {}), "raw": keyword}},
                "aliases": {**text, "fields": {**text.get("fields", {}), "raw": keyword}},
                "description": text, "conditions": text, "materials": text,
                # terms of the shipped concepts the matter belongs to (documents.concept_terms)
                "concept_terms": text, "concepts": keyword,
                # pinyin lexemes computed by pypinyin: works without the pinyin plugin.
                "pinyin_terms": {"type": "text", "analyzer": "whitespace"},
                "title": {"type": "text", "analyzer": "zh_index"},
                "department_uscc": keyword, "matter_type": keyword,
                "department_name": {**text, "fields": {"raw": keyword}},
                "service_objects": keyword, "themes": keyword, "online_depth": {"type": "byte"},
            },
        },
    }  # fmt: skip


def source(fields: dict) -> dict:
    """The ES ``_source`` of a document from ``documents.fields_of`` output."""
    from .. import documents

    body = {k: v for k, v in fields.items() if k != "id"}
    body["pinyin_terms"] = documents.pinyin_text(fields)
    body["concept_terms"] = documents.concept_terms(fields)
    body["concepts"] = documents.concept_labels(fields)
    body["title"] = documents.title_text(fields)
    return body
