"""Suggestion terms precomputed at indexing (search.suggestions): scope, locality, maintenance,
one statement per keystroke. Documents are written straight into the search table (regions of
a made-up province 36…: two counties of one city, a second city, the province)."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from search import suggestions
from search.backends.postgres import PostgresBackend
from search.models import SearchDocument, SuggestionPrefix, SuggestionSource, SuggestionTerm
from search.service import suggest

pytestmark = pytest.mark.django_db

PROVINCE, CITY, COUNTY_A, COUNTY_B, CITY_2 = "360000", "360100", "360102", "360103", "360200"
ANCESTORS = {PROVINCE: [], CITY: [PROVINCE], CITY_2: [PROVINCE], COUNTY_A: [CITY, PROVINCE],
             COUNTY_B: [CITY, PROVINCE]}  # fmt: skip
DEPTH = {PROVINCE: 1, CITY: 2, CITY_2: 2, COUNTY_A: 3, COUNTY_B: 3}


def document(region: str, basic_code: str, name: str, aliases=(), guide_id: int = 0) -> dict:
    impl = f"1136{region}0000000{DEPTH[region]}{basic_code}"[:31]
    return {
        "id": f"t{region}:{impl}", "guide_id": guide_id or int(region) * 100 + int(basic_code[-4:]),
        "implementation_code": impl, "basic_code": basic_code, "region_code": region,
        "depth": DEPTH[region], "ancestor_codes": ANCESTORS[region], "name": name,
        "aliases": list(aliases), "description": "", "conditions": "", "materials": [],
        "department_uscc": "11360000MB0000000X", "department_name": "部门",
        "matter_type": "01", "service_objects": ["1"], "themes": [], "online_depth": 3,
    }  # fmt: skip


def codes(found) -> list[tuple[str, str]]:
    return [(s.text, s.implementation_code[4:10]) for s in found]


@pytest.fixture
def indexed():
    backend = PostgresBackend()
    backend.index([
        document(COUNTY_A, "360000001000", "养犬登记", ["办狗证"]),
        document(PROVINCE, "360000002000", "养老服务补贴申领"),
        document(CITY, "360000002000", "养老服务补贴申领"),
        document(COUNTY_B, "360000003000", "养殖场备案"),
    ])  # fmt: skip
    return backend


def texts(found) -> list[str]:
    return [s.text for s in found]


def test_a_county_sees_its_chain_only_a_city_and_the_province_see_below(indexed):
    # names first (shorter first), then the dictionary terms of their concepts (养犬: 养狗 …)
    in_a = suggest("养", COUNTY_A)
    assert codes(in_a)[:3] == [
        ("养犬登记", COUNTY_A),
        ("养老服务补贴申领", CITY),
        ("养狗", COUNTY_A),
    ]
    # 养犬登记 only in county A: neither it nor its concept's terms in county B or the other city
    assert codes(suggest("养", COUNTY_B))[:2] == [
        ("养殖场备案", COUNTY_B), ("养老服务补贴申领", CITY)
    ]  # fmt: skip
    assert not {"养犬登记", "养狗"} & set(texts(suggest("养", COUNTY_B)))
    assert codes(suggest("养", CITY_2))[:1] == [("养老服务补贴申领", PROVINCE)]
    assert not {"养犬登记", "养殖场备案", "养狗"} & set(texts(suggest("养", CITY_2)))
    # the city and the province also show their counties' matters, their own first
    assert codes(suggest("养", CITY))[:3] == [
        ("养犬登记", COUNTY_A), ("养殖场备案", COUNTY_B), ("养老服务补贴申领", CITY)
    ]  # fmt: skip
    assert codes(suggest("养", PROVINCE))[2] == ("养老服务补贴申领", PROVINCE)
    assert texts(suggest("养", None))[:3] == ["养犬登记", "养殖场备案", "养老服务补贴申领"]
    # aliases after names; another province's region sees nothing
    assert codes(suggest("办狗", COUNTY_A)) == [("办狗证", COUNTY_A)]
    assert suggest("办狗", COUNTY_B) == [] and suggest("养", "370102") == []


def test_dictionary_terms_and_pinyin_prefixes(indexed):
    # 养狗 is a term of the shipped concept 养犬 (keyword in the name): it leads to the matter
    assert codes(suggest("养狗", COUNTY_A))[:1] == [("养狗", COUNTY_A)]
    assert suggest("养狗", COUNTY_B) == []
    assert [s.text for s in suggest("yqdj", COUNTY_A)][:1] == ["养犬登记"]
    assert [s.text for s in suggest("yangquan", COUNTY_A)][:1] == ["养犬登记"]


def test_reindexing_and_removing_a_document_updates_the_terms(indexed):
    renamed = document(COUNTY_B, "360000003000", "畜禽养殖场备案")
    indexed.index([renamed])
    assert "养殖场备案" not in texts(suggest("养殖", COUNTY_B))
    assert texts(suggest("畜禽", COUNTY_B))[:1] == ["畜禽养殖场备案"]
    indexed.delete([document(COUNTY_A, "360000001000", "养犬登记")["id"]])
    assert suggest("养犬", CITY) == [] and suggest("办狗", None) == []
    assert not SuggestionTerm.objects.filter(text__in=["养犬登记", "办狗证", "养殖场备案"]).exists()
    assert not SuggestionSource.objects.filter(text="养犬登记").exists()
    # the province's implementation goes, the city's stays and is offered in the province
    indexed.delete([document(PROVINCE, "360000002000", "养老服务补贴申领")["id"]])
    assert codes(suggest("养老", PROVINCE)) == [("养老服务补贴申领", CITY)]
    assert suggest("养老", CITY_2) == []


def test_a_document_deleted_outside_the_backend_takes_its_suggestions_along(indexed):
    # the ORM (tests, clean-ups) or raw SQL: the delete trigger (migration search 0008)
    SearchDocument.objects.filter(region_code=COUNTY_A).delete()
    assert (
        suggest("养犬", CITY) == []
        and not SuggestionSource.objects.filter(region_code=COUNTY_A).exists()
    )
    # a text still offered elsewhere keeps its row, with where it now exists
    SearchDocument.objects.filter(region_code=PROVINCE).delete()
    term = SuggestionTerm.objects.get(text="养老服务补贴申领")
    assert (term.regions, sorted(term.under)) == ([CITY], [PROVINCE, CITY])


def test_the_suggestions_command_rebuilds_both_tables_from_the_documents(indexed):
    before = sorted(SuggestionSource.objects.values_list("document_id", "text", "kind"))
    terms = sorted(SuggestionTerm.objects.values_list("text", "kind", "regions", "under"))
    suggestions.clear()
    assert suggest("养", CITY) == []
    call_command("search_index", "suggestions")
    assert sorted(SuggestionSource.objects.values_list("document_id", "text", "kind")) == before
    assert sorted(SuggestionTerm.objects.values_list("text", "kind", "regions", "under")) == terms


def prefixes(text: str) -> set[tuple[str, bool, int]]:
    return set(SuggestionPrefix.objects.filter(text=text).values_list("prefix", "pinyin", "kind"))


def all_prefixes() -> list[tuple]:
    rows = SuggestionPrefix.objects.values_list("prefix", "pinyin", "kind", "length", "text")
    return sorted(rows)


def test_the_prefix_rows_follow_the_terms_through_every_writer(indexed):
    # every prefix of the text and of its pinyin lexemes, at most PREFIX_MAX characters
    rows = prefixes("养犬登记")
    assert {p for p, pinyin, _ in rows if not pinyin} == {"养", "养犬", "养犬登", "养犬登记"}
    assert {("y", True, 0), ("yqdj", True, 0), ("yangquan", True, 0)} <= rows
    assert suggestions.PREFIX_MAX == 8 and max(len(p) for p, _, _ in rows) == 8
    assert SuggestionPrefix.objects.filter(text="养犬登记").values("length").distinct().count() == 1
    # re-indexed: 养殖场备案 is now only an alias (kind 1), 畜禽养殖场备案 a name
    indexed.index([document(COUNTY_B, "360000003000", "畜禽养殖场备案", ["养殖场备案"])])
    assert {kind for _, _, kind in prefixes("养殖场备案")} == {1}
    assert ("畜禽", False, 0) in prefixes("畜禽养殖场备案")
    # deleted outside the backend: the delete trigger (0008) drops the term, whose rows follow
    SearchDocument.objects.filter(region_code=COUNTY_A).delete()
    assert not prefixes("养犬登记") and not prefixes("办狗证")
    # cleared (TRUNCATE fires no row trigger) and rebuilt: the same rows
    before = all_prefixes()
    suggestions.clear()
    assert not SuggestionPrefix.objects.exists()
    suggestions.rebuild()
    assert all_prefixes() == before


def test_prefixes_longer_than_the_stored_ones_still_suggest(indexed):
    indexed.index([document(COUNTY_A, "360000004000", "机动车驾驶证有效期满换证")])
    assert texts(suggest("机动车驾驶证有效期满", COUNTY_A))[:1] == ["机动车驾驶证有效期满换证"]
    assert texts(suggest("jidongchejiashizheng", COUNTY_A))[:1] == ["机动车驾驶证有效期满换证"]
    assert texts(suggest("yangquandengji", COUNTY_A)) == ["养犬登记"]
    assert suggest("yangquandengji", COUNTY_B) == []


def test_a_keystroke_is_one_statement(indexed, django_assert_num_queries):
    suggest("养", COUNTY_A)  # region chains and the province's entries are cached per process
    suggest("yq", PROVINCE)
    with django_assert_num_queries(1):
        assert suggest("养", COUNTY_A)
    with django_assert_num_queries(1):
        assert suggest("yq", PROVINCE)


def test_the_nightly_task_writes_missing_suggestions_once_and_refreshes_common_words(indexed):
    from search.models import CommonWord
    from search.tasks import refresh_derived

    terms = sorted(SuggestionTerm.objects.values_list("text", "kind", "regions", "under"))
    suggestions.clear()  # a database migrated from before the suggestion tables
    assert refresh_derived() == {"common_words": 0, "suggestions_rebuilt_from": 4, "matters": 3}
    assert sorted(SuggestionTerm.objects.values_list("text", "kind", "regions", "under")) == terms
    assert texts(suggest("养", COUNTY_A))[:1] == ["养犬登记"]
    assert refresh_derived()["suggestions_rebuilt_from"] == 0  # present: left alone
    assert CommonWord.objects.count() == 0  # 4 documents: no word reaches 1,000


def test_a_rebuild_in_progress_blocks_no_reader(indexed):
    # the rebuild's transaction (this test's) has deleted every suggestion row; a reader on
    # another connection still reads the committed rows at once (TRUNCATE made it wait)
    from django.db import connection, connections

    suggestions.clear()
    assert not SuggestionTerm.objects.exists()
    reader = connections.create_connection("default")
    try:
        with reader.cursor() as cursor:
            cursor.execute("SET statement_timeout = '2s'")
            for table in suggestions.TABLES:
                cursor.execute(f"SELECT count(*) FROM {table}")
                cursor.fetchone()
    finally:
        reader.close()
    assert connection.in_atomic_block


def test_a_city_host_offers_its_province_before_its_counties_and_follows_deletes(indexed):
    """The pick of a city host (``picks``, migration 0015): the chain (the city, then its
    province) before the regions below it, whichever writer changed the rows."""
    indexed.index([document(COUNTY_A, "360000002000", "养老服务补贴申领")])
    SearchDocument.objects.filter(region_code=CITY, basic_code="360000002000").delete()
    assert codes(suggest("养老", CITY)) == [("养老服务补贴申领", PROVINCE)]  # not county A's
    assert codes(suggest("养老", PROVINCE)) == [("养老服务补贴申领", PROVINCE)]
    assert codes(suggest("养老", CITY_2)) == [("养老服务补贴申领", PROVINCE)]
    assert codes(suggest("养老", None)) == [("养老服务补贴申领", COUNTY_A)]  # deepest first
    # a county host: its own, else the nearest region of its chain with one (chain_picks)
    assert codes(suggest("养老", COUNTY_A)) == [("养老服务补贴申领", COUNTY_A)]
    assert codes(suggest("养老", COUNTY_B)) == [("养老服务补贴申领", PROVINCE)]
    SearchDocument.objects.filter(region_code=PROVINCE).delete()  # the delete trigger
    assert codes(suggest("养老", CITY)) == [("养老服务补贴申领", COUNTY_A)]
    assert codes(suggest("养老", PROVINCE)) == [("养老服务补贴申领", COUNTY_A)]
    assert suggest("养老", CITY_2) == [] and suggest("养老", COUNTY_B) == []
    indexed.index([document(CITY, "360000002000", "养老服务补贴申领")])
    assert codes(suggest("养老", COUNTY_B)) == [("养老服务补贴申领", CITY)]
    assert codes(suggest("养老", COUNTY_A)) == [("养老服务补贴申领", COUNTY_A)]


def test_writing_terms_takes_no_lock_from_the_shared_lock_table():
    """Term writers serialise on the term rows (row locks live in the rows): a lock per text in
    PostgreSQL's shared lock table (64 per connection by default) ran out when the demo's
    projection, 159 guides, was indexed in one transaction ("out of shared memory")."""
    backend = PostgresBackend()
    with transaction.atomic():
        backend.index([
            document(COUNTY_A, f"3600000{n:05d}", f"第{n}号测试事项审批", [f"测试别名{n}"])
            for n in range(200)
        ])  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid()"
                " AND locktype IN ('advisory', 'transactionid', 'tuple')"
                " AND NOT (locktype = 'transactionid' AND mode = 'ExclusiveLock')"
            )
            assert cursor.fetchone() == (0,)
        assert SuggestionTerm.objects.filter(text__startswith="第").count() == 200
