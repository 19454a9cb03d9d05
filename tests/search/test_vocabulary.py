"""A process that searches knows the catalogue's names and aliases even if it never indexed
them (search.vocabulary, read by search_guides): the query is segmented as in the indexing worker."""

import pytest
from django.db import connection

from search import analysis, documents, suggestions, vocabulary
from search.query import parse
from search.service import search_guides

pytestmark = pytest.mark.django_db

# Names no other test indexes and jieba splits into its own words.
NAME, ALIAS, TERM = "漆线雕工坊认定", "嵌瓷彩绘", "蓑衣编织作坊"


def add_term(text: str, kind: int) -> None:
    """A term row as indexing in another process leaves it (this process never saw the guide)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {suggestions.TERM} (text, kind, regions, under, pinyin, picks, chain_picks)"
            " VALUES (%s, %s, '{360102}', '{360102,360100,360000}', ''::tsvector, '{}', '{}')",
            [text, kind],
        )


def test_names_and_aliases_of_other_processes_are_taught_at_the_next_search():
    assert analysis.whole_words(NAME) == ["漆线", "雕工", "认定"]
    add_term(NAME, suggestions.NAME)
    add_term(ALIAS, suggestions.ALIAS)
    add_term(TERM, suggestions.DICTIONARY_TERM)  # dictionary terms come from the dictionary
    vocabulary.forget()

    search_guides(f"{NAME}要什么材料", "360102")

    assert parse(f"{NAME}要什么材料").match_words == (NAME,)
    assert analysis.whole_words(f"{ALIAS}工艺") == [ALIAS, "工艺"]
    assert analysis.whole_words(TERM) == ["蓑衣", "编织", "作坊"]


def test_the_terms_are_read_once_per_ttl(django_assert_num_queries):
    vocabulary.forget()
    with connection.cursor() as cursor:  # django-tenants sets the search path first
        cursor.execute("SELECT 1")
    with django_assert_num_queries(1):
        vocabulary.ensure()
    with django_assert_num_queries(0):
        vocabulary.ensure()
    vocabulary._state["loaded_at"] -= vocabulary.TTL + 1  # the TTL ran out
    with django_assert_num_queries(1):
        vocabulary.ensure()


def test_later_reads_take_only_the_terms_added_since():
    vocabulary.forget()
    vocabulary.ensure()
    after = vocabulary._state["after"]
    add_term("螺钿镶嵌工坊", suggestions.NAME)
    vocabulary._state["loaded_at"] -= vocabulary.TTL + 1
    vocabulary.ensure()
    assert vocabulary._state["after"] > after
    assert analysis.whole_words("螺钿镶嵌工坊备案") == ["螺钿镶嵌工坊", "备案"]


def test_indexing_knows_the_names_searching_processes_know():
    # a guide's description names another guide that this (indexing) process never indexed
    other = "竹编灯笼作坊"
    assert "竹编灯笼作坊" not in analysis.words(f"{other}认定")
    add_term(other, suggestions.NAME)
    vocabulary.forget()
    fields = {
        "name": "非遗项目申报",
        "aliases": [],
        "description": f"含{other}的申报",
        "conditions": "",
        "department_name": "",
        "materials": [],
        "basic_code": "",
    }
    assert other in documents.segmented(fields)["C"].split()
