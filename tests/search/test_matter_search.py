"""The PostgreSQL search by matter (search.matters, backends.postgres_matters): the same answers
as the per-document statement, a walk that keeps the most local *matching* implementation,
candidate rows that stay a superset under edits and under writers racing on one matter."""

import itertools
import time

import pytest
from django.db import connection, transaction

from core.domain.scope import scope_for
from search import matters
from search.backends import postgres_matters, postgres_sql
from search.backends.base import Filters, Request
from search.backends.postgres import PostgresBackend
from search.models import SearchDocument, SearchMatter, SuggestionTerm
from search.query import parse
from search.service import search_guides, suggest
from tests.search import heldout
from tests.search.relevance import labelled
from tests.security.concurrency import race

# A made-up province 37…: two counties of one city, a second city, the province.
PROVINCE, CITY, COUNTY_A, COUNTY_B, CITY_2 = "370000", "370100", "370102", "370103", "370200"
ANCESTORS = {PROVINCE: [], CITY: [PROVINCE], CITY_2: [PROVINCE], COUNTY_A: [CITY, PROVINCE],
             COUNTY_B: [CITY, PROVINCE]}  # fmt: skip
DEPTH = {PROVINCE: 1, CITY: 2, CITY_2: 2, COUNTY_A: 3, COUNTY_B: 3}
MATTER = "370000009000"


def document(region: str, description: str = "", name: str = "古树名木迁移审批") -> dict:
    impl = f"1137{region}0000000{DEPTH[region]}{MATTER}"[:31]
    return {
        "id": f"matterwalk:{impl}", "guide_id": 700_000 + int(region[2:]),
        "implementation_code": impl, "basic_code": MATTER, "region_code": region,
        "depth": DEPTH[region], "ancestor_codes": ANCESTORS[region], "name": name,
        "aliases": [], "description": description, "conditions": "", "materials": [],
        "department_uscc": "11370000MB0000000X", "department_name": "林业局",
        "matter_type": "01", "service_objects": ["1"], "themes": [], "online_depth": 3,
    }  # fmt: skip


def regions_found(query: str, region: str | None) -> list[str]:
    return [h.region_code for h in search_guides(query, region).hits]


def lexemes(province: str = PROVINCE) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unnest(tsvector_to_array(vector)) FROM public.search_searchmatter"
            " WHERE province_code = %s AND basic_code = %s",
            [province, MATTER],
        )
        return {word for (word,) in cursor.fetchall()}


@pytest.mark.django_db
def test_the_walk_keeps_the_most_local_implementation_that_matches():
    # Only county A's description names the bridge; the city's and county B's do not.
    PostgresBackend().index([
        document(COUNTY_A, "彩虹桥附近古树"), document(CITY), document(COUNTY_B), document(PROVINCE),
    ])  # fmt: skip
    assert regions_found("彩虹桥", COUNTY_A) == [COUNTY_A]
    assert regions_found("彩虹桥", CITY) == [COUNTY_A]  # its own does not match: below it
    assert regions_found("彩虹桥", PROVINCE) == [COUNTY_A]
    assert regions_found("彩虹桥", None) == [COUNTY_A]
    assert regions_found("彩虹桥", CITY_2) == []  # not in its scope (nor its relaxed pass)
    # the name matches everywhere: the nearest implementation
    assert regions_found("古树名木迁移", COUNTY_B) == [COUNTY_B]
    assert regions_found("古树名木迁移", CITY) == [CITY]
    assert regions_found("古树名木迁移", CITY_2) == [PROVINCE]
    assert regions_found("古树名木迁移", None) == [COUNTY_A]  # deepest, then the lower code


@pytest.mark.django_db
def test_candidate_rows_keep_old_words_until_the_nightly_rebuild_and_never_answer_with_them():
    backend = PostgresBackend()
    backend.index([document(COUNTY_A, "彩虹桥附近古树"), document(CITY)])
    assert {"彩虹桥", "古树"} <= lexemes()
    backend.index([document(COUNTY_A, "河道旁古树")])  # an edit drops the bridge
    assert "彩虹桥" in lexemes() and "河道" in lexemes()  # a superset: added, not recomputed
    assert search_guides("彩虹桥", CITY).total == 0
    assert regions_found("河道", CITY) == [COUNTY_A]
    backend.delete([document(COUNTY_A)["id"]])
    assert search_guides("河道", PROVINCE).total == 0  # its row still has the word
    assert regions_found("古树名木迁移", PROVINCE) == [CITY]
    assert matters.rebuild() == SearchMatter.objects.values("province_code", "basic_code").count()
    assert "彩虹桥" not in lexemes() and "河道" not in lexemes() and "古树" in lexemes()


def _both(backend, request) -> tuple:
    """The request's first pass by matter, and by the per-document statement (planned for its
    values, as for common words); facets in a fixed order."""
    params = {**postgres_sql.params(request), "offset": request.offset, "limit": request.limit}
    by_document = backend.fetch(postgres_sql.search(request, False), params, generic=False)
    return tuple(
        (raw.total, raw.hits, {k: sorted(v) for k, v in raw.facets.items()})
        for raw in (backend._run(request, False), by_document)
    )


@pytest.mark.django_db
def test_by_matter_answers_exactly_as_the_per_document_statement(demo_corpus):
    heldout.build()
    queries = [item.query for item in labelled()][::3] + [i.query for i in heldout.labelled()][::4]
    scopes = [None, "340000", "340100", "340104", "340102", "330000", "330100", "330106"]
    filters = [Filters(), Filters(matter_type="01"), Filters(audience="person"),
               Filters(online_depth=3)]  # fmt: skip
    backend, compared, found = PostgresBackend(), 0, 0
    for query, region in itertools.product(queries, scopes):
        scope = scope_for(region)
        parsed = parse(query, scope.province_code)
        if postgres_sql.broad(parsed, False):  # not searched by matter
            continue
        for f, (offset, limit), bets in itertools.product(
            filters, [(0, 20), (3, 2)], [(), (demo_corpus[0],), (demo_corpus[5][-12:],)]
        ):
            if bets and (f != Filters() or offset):
                continue
            by_matter, by_document = _both(backend, Request(parsed, scope, f, bets, offset, limit))
            assert by_matter == by_document, (query, region, f, offset, bets)
            compared, found = compared + 1, found + bool(by_matter[0])
    assert compared > 1500 and found > 600


@pytest.mark.django_db
def test_the_scope_gives_the_walk_its_chain_and_code_range():
    def request(region):
        return Request(parse("古树", None), scope_for(region))

    assert postgres_matters.params(request("340000")) == {
        "depth": 1, "province": "340000", "first_code": "34", "after_code": "35"}  # fmt: skip
    city = postgres_matters.params(request("349900"))
    assert (city["depth"], city["first_code"], city["after_code"]) == (2, "3499", "349:")
    county = postgres_matters.search(request("340104"))
    assert "search_doc_matter_walk" not in county and "(%(chain)s::text[])[3]" in county
    assert "%(first_code)s" not in county  # a county's scope is its chain only


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield
        with transaction.atomic():
            SearchDocument.objects.filter(id__startswith="matterwalk:").delete()
            SearchMatter.objects.filter(basic_code__in=[MATTER, OTHER_MATTER]).delete()


OTHER_MATTER = "370000009001"


def other(region: str, name: str = "古树保护补助") -> dict:
    """A document of a second matter."""
    found = document(region, name=name)
    code = found["implementation_code"][:-12] + OTHER_MATTER
    return {**found, "id": f"matterwalk:{code}", "implementation_code": code,
            "basic_code": OTHER_MATTER, "guide_id": found["guide_id"] + 50}  # fmt: skip


def held(seconds: float, *steps):
    """A transaction that runs ``steps`` then stays open ``seconds`` (its locks held)."""

    def run():
        with transaction.atomic():
            for step in steps:
                step()
            time.sleep(seconds)
        return "held"

    return run


def later(seconds: float, step):
    def run():
        time.sleep(seconds)
        return step()

    return run


@pytest.mark.worker  # committed data: the threads' connections must see it
def test_a_suggestion_never_leads_to_a_document_a_racing_writer_deleted(committed):
    """One transaction deletes the city's document and stays open; another indexes a second
    city's meanwhile. The second computes its terms after the first commits (their lock), so
    no pick names the deleted document (before: the second's picks, read before the delete
    committed, were written over the trigger's)."""
    backend = PostgresBackend()
    backend.index([document(CITY), document(PROVINCE)])
    gone, kept, new = (document(r)["implementation_code"] for r in (CITY, PROVINCE, CITY_2))
    results = race(
        held(1.5, lambda: backend.delete([document(CITY)["id"]])),
        later(0.5, lambda: backend.index([document(CITY_2)]) and "indexed"),
    )
    assert results == ["held", "indexed"]
    picks = SuggestionTerm.objects.get(text="古树名木迁移审批").picks
    assert gone not in picks.values()
    assert (picks[""], picks["own:" + PROVINCE], picks[CITY_2]) == (new, kept, new)
    assert [s.implementation_code for s in suggest("古树名木", CITY)] == [kept]


@pytest.mark.worker
def test_the_nightly_rebuild_waits_for_writers_one_matter_at_a_time(committed):
    """The rebuild rewrites one matter per transaction: a writer holding a matter's row and
    then taking another's does not deadlock with it, and a matter created while it runs is
    kept (before: a duplicate key failed the rebuild, or a deadlock aborted the writer)."""
    backend = PostgresBackend()
    backend.index([document(COUNTY_A, "彩虹桥附近古树"), other(COUNTY_A)])
    backend.index([document(COUNTY_A, "河道旁古树")])  # 彩虹桥 stays in the matter's row
    SearchMatter.objects.filter(basic_code=OTHER_MATTER).delete()  # made while it runs
    results = race(
        held(
            1.5,
            lambda: backend.index([document(COUNTY_B, "古树")]),
            lambda: time.sleep(1.0),
            lambda: backend.index([other(COUNTY_B, "古树保护补助")]),
        ),
        later(0.5, matters.rebuild),
    )
    assert results[0] == "held" and isinstance(results[1], int), results
    assert "彩虹桥" not in lexemes() and {"河道", "古树"} <= lexemes()
    assert SearchMatter.objects.filter(basic_code=OTHER_MATTER).exists()


@pytest.mark.worker  # committed data: the threads' connections must see it
def test_writers_racing_on_one_matter_each_add_their_words(committed):
    """Two transactions index two implementations of one matter at the same moment; the one
    that comes second waits on the matter row and adds its words to the first one's."""
    calls = []
    for region, words in ((COUNTY_A, "彩虹桥附近古树"), (COUNTY_B, "河道旁古树")):

        def index(region=region, words=words):
            with transaction.atomic():
                PostgresBackend().index([document(region, words)])
            return region

        calls.append(index)
    for attempt in range(5):  # each round: both rows new, then both updates
        assert race(*calls) == [COUNTY_A, COUNTY_B]
        assert {"彩虹桥", "河道", "古树"} <= lexemes(), attempt
        assert regions_found("彩虹桥", PROVINCE) == [COUNTY_A]
        assert regions_found("河道", PROVINCE) == [COUNTY_B]
        SearchMatter.objects.filter(basic_code=MATTER).delete()
