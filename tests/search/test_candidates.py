"""Which guides become candidates (PostgreSQL backend): selective fields, keyword parts together,
common words only rank. Documents written straight into the search table (province 36…)."""

import pytest

from core.domain.scope import scope_for
from search import common
from search.backends import postgres_sql
from search.backends.base import Request
from search.backends.postgres import PostgresBackend
from search.models import SearchDocument
from search.query import parse
from search.service import search_guides
from tests.search.test_suggestions import COUNTY_A, document

pytestmark = pytest.mark.django_db


def names(results) -> list[str]:
    found = dict(SearchDocument.objects.values_list("implementation_code", "name"))
    return sorted(found[h.implementation_code] for h in results.hits)


def test_materials_rank_but_never_make_a_candidate():
    licence = {**document(COUNTY_A, "360000011000", "营业执照办理"), "materials": ["身份证"]}
    other = {**document(COUNTY_A, "360000012000", "渔业船舶登记"), "materials": ["营业执照"]}
    PostgresBackend().index([licence, other])
    assert [h.implementation_code for h in search_guides("营业执照", COUNTY_A).hits] == [
        licence["implementation_code"]
    ]


def test_a_keyword_with_parts_needs_them_together():
    parsed = parse("公司改名")  # concept 公司变更: keywords 公司变更, 公司*变更 …
    assert ("公司", "变更") in parsed.match_groups
    assert "公司" not in parsed.match_words and "变更" not in parsed.match_words
    PostgresBackend().index([
        document(COUNTY_A, "360000021000", "有限责任公司变更登记"),
        document(COUNTY_A, "360000022000", "公司股东名册备案"),
        document(COUNTY_A, "360000023000", "渔业船舶变更"),
    ])  # fmt: skip
    assert names(search_guides("公司改名", COUNTY_A)) == ["有限责任公司变更登记"]


def test_selective_words_first_common_words_together_when_nothing_else():
    frequent = frozenset({"许可", "公司"})
    assert common.selective(["食品经营", "许可"], [], frequent) == (["食品经营"], [])
    assert common.selective(["许可"], [("公司", "变更")], frequent) == ([], [("公司", "变更")])
    assert common.selective(["许可", "公司"], [], frequent) == ([], [("许可", "公司")])
    assert common.selective(["许可"], [("公司",)], frequent) == ([], [("许可", "公司")])


def test_common_words_come_from_document_frequencies_and_only_rank(settings):
    settings.SEARCH_COMMON_WORD_MIN_DOCUMENTS, settings.SEARCH_COMMON_WORD_SHARE = 3, 0.5
    PostgresBackend().index([
        document(COUNTY_A, "360000031000", "食品经营许可"),
        document(COUNTY_A, "360000032000", "燃气供应许可"),
        document(COUNTY_A, "360000033000", "渔业捕捞许可"),
        document(COUNTY_A, "360000034000", "林木采伐许可"),
        document(COUNTY_A, "360000035000", "船员证书核发"),
    ])  # fmt: skip
    assert common.refresh() >= 1 and "许可" in common.words()
    request = Request(parse("食品经营许可"), scope_for(COUNTY_A))
    # the name was taught to jieba at indexing: one word, or its pairs all together; 许可 is
    # never a candidate word of its own
    assert (
        postgres_sql.params(request)["match_tsq"] == "'食品经营许可' | ('食品' & '经营' & '许可')"
    )
    # 食品经营 is selective: 许可 alone no longer pulls the other three in; it still ranks
    assert names(search_guides("食品经营许可", COUNTY_A)) == ["食品经营许可"]
    # a query of common words only still finds their guides
    assert names(search_guides("许可", COUNTY_A)) == [
        "林木采伐许可", "渔业捕捞许可", "燃气供应许可", "食品经营许可"
    ]  # fmt: skip


def test_a_search_that_finds_nothing_runs_once_more_relaxed():
    PostgresBackend().index([document(COUNTY_A, "360000041000", "校外培训机构审批")])
    request = Request(parse("开培训班"), scope_for(COUNTY_A))
    # 培训 is one pair of 培训班: a sub-word, it makes candidates only in the relaxed pass
    assert "'培训'" not in postgres_sql.params(request)["match_tsq"]
    assert "'培训'" in postgres_sql.params(request, relaxed=True)["match_tsq"]
    assert names(search_guides("开培训班", COUNTY_A)) == ["校外培训机构审批"]


def test_every_page_of_a_relaxed_search_comes_from_the_relaxed_pass():
    PostgresBackend().index([
        document(COUNTY_A, "360000041000", "校外培训机构审批"),
        document(COUNTY_A, "360000042000", "职业培训机构审批"),
    ])  # fmt: skip
    first = search_guides("开培训班", COUNTY_A, limit=1)
    second = search_guides("开培训班", COUNTY_A, offset=1, limit=1)
    assert first.total == second.total == 2
    assert len(first.hits) == len(second.hits) == 1
    assert first.hits[0].implementation_code != second.hits[0].implementation_code


def test_trigrams_make_candidates_only_when_the_words_found_nothing():
    PostgresBackend().index([
        document(COUNTY_A, "360000051000", "残疾人证核发"),
        document(COUNTY_A, "360000052000", "困难残疾人生活补贴"),
    ])  # fmt: skip
    # words find the subsidy: the certificate, similar in characters only, is no candidate
    assert names(search_guides("残疾人补贴", COUNTY_A)) == ["困难残疾人生活补贴"]
    # a misspelt word finds nothing by words: its trigrams then do
    assert "残疾人证核发" in names(search_guides("残疾人证核法", COUNTY_A))
