"""Suggestions and county searches run as prepared statements with generic plans
(search.prepared): the same answers as plain statements, prepared once per session, recovered
when the session loses them; broad scopes and LIKE prefixes stay planned per query."""

import json
import subprocess
import sys

import pytest
from django.core import checks
from django.db import ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext

from search import common, prepared
from search.backends.postgres import PostgresBackend
from search.models import CommonWord
from search.service import search_guides, suggest
from tests.conftest import process_env
from tests.search.test_suggestions import COUNTY_A, document

pytestmark = pytest.mark.django_db
ANHUI, HEFEI, SHUSHAN = "340000", "340100", "340104"


def _forget_statements() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    prepared._prepared.pop(connection.connection, None)


@pytest.fixture(autouse=True)
def _new_session_statements():
    """Each test starts with a session that has prepared nothing (another test's statements
    would otherwise be there: they outlive its rolled-back transaction), and leaves none."""
    _forget_statements()
    yield
    _forget_statements()


def statements(call) -> list[str]:
    """The first word of each search statement ``call`` ran (not the loads of the per-process
    caches: chains, dictionaries, best bets)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    first_words = [q["sql"].split(None, 1)[0] for q in captured.captured_queries]
    return [word for word in first_words if word in ("PREPARE", "EXECUTE", "WITH")]


def answers(settings, on: bool):
    settings.SEARCH_PREPARED_STATEMENTS = on
    found = []
    for region in (SHUSHAN, HEFEI, ANHUI, None):
        for query in (
            "开饭店要办什么证",
            "身份证丢了",
            "shenfenzheng",
            "二手房过户",
            "残疾人证核法",
        ):
            results = search_guides(query, region)
            found.append((results.total, [(h.implementation_code, h.score, h.highlight)
                                          for h in results.hits], results.facets))  # fmt: skip
        for prefix in ("身份", "营业", "sh", "yyzz", "食品经营许可证核发申请表"):
            found.append(suggest(prefix, region))
    return found


def test_prepared_and_plain_statements_give_the_same_answers(demo_corpus, settings):
    with_plain = answers(settings, False)
    assert with_plain == answers(settings, True)
    assert any(total for total, *_ in with_plain[:5])  # the corpus answers: not all empty


def test_a_county_search_and_a_suggestion_are_prepared_once_then_executed(demo_corpus):
    assert statements(lambda: search_guides("身份证补办", SHUSHAN)) == ["PREPARE", "EXECUTE"]
    assert statements(lambda: search_guides("营业执照", SHUSHAN)) == ["EXECUTE"]
    assert statements(lambda: suggest("身份", SHUSHAN)) == ["PREPARE", "EXECUTE"]
    assert statements(lambda: suggest("营业", SHUSHAN)) == ["EXECUTE"]
    assert statements(lambda: suggest("shenf", SHUSHAN)) == ["EXECUTE"]  # pinyin: a parameter


def test_every_scope_runs_its_selective_search_prepared(demo_corpus):
    assert statements(lambda: search_guides("身份证补办", ANHUI)) == ["PREPARE", "EXECUTE"]
    assert statements(lambda: search_guides("营业执照", ANHUI)) == ["EXECUTE"]
    # a city's chain has two regions, a province's one (backends.postgres_matters): its own
    # statement, then the same one for any query at any city
    assert statements(lambda: search_guides("营业执照", HEFEI)) == ["PREPARE", "EXECUTE"]
    assert statements(lambda: search_guides("身份证补办", HEFEI)) == ["EXECUTE"]
    assert statements(lambda: search_guides("身份证补办", None)) == ["PREPARE", "EXECUTE"]


def test_common_words_and_long_prefixes_are_planned_per_query(demo_corpus):
    """Where common words make candidates (nothing selective in the query, or the relaxed pass)
    the best plan depends on how many rows they have (a generic plan sorted 39,000 on disk);
    a LIKE pattern needs its value to use the text index."""
    CommonWord.objects.create(word="许可", documents=39_117)
    common.clear()
    try:
        search_guides("许可", ANHUI)  # chains and dictionaries loaded
        assert statements(lambda: search_guides("许可", ANHUI)) == ["WITH"]
        # the first pass finds nothing: the relaxed one (sub-words, trigrams) is planned
        PostgresBackend().index([document(COUNTY_A, "360000041000", "校外培训机构审批")])
        assert statements(lambda: search_guides("开培训班", COUNTY_A)) == [
            "PREPARE", "EXECUTE", "WITH"]  # fmt: skip
    finally:
        common.clear()
    assert statements(lambda: suggest("食品经营许可证核发申请", SHUSHAN)) == ["WITH"]


def test_the_session_plans_them_generically(demo_corpus):
    search_guides("身份证补办", SHUSHAN)
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE generic_plans > 0")
        assert cursor.fetchone()[0] >= 1


# Another process (autocommit, as a web request): the search and the suggestion; again after
# the session was reset as a pooler would (DISCARD ALL: statements and settings gone); again
# after a migration changed the type of a column the suggestion returns (its cached plan then
# fails every execution), the column put back as it was afterwards.
LOST = """
import json, django
django.setup()
from django.db import connection
from search.service import search_guides, suggest
def both():
    hits = [h.implementation_code for h in search_guides("身份证补办", "340104").hits]
    return [hits, [s.text for s in suggest("身份", "340104")]]
def run(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone() if cursor.description else None
found = [both()]
run("DISCARD ALL")
found.append(both())
found.append([run("SHOW plan_cache_mode")[0], run("SHOW pg_trgm.word_similarity_threshold")[0]])
column = "ALTER TABLE public.search_suggestionprefix ALTER COLUMN text TYPE "
original = run("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid ="
               " 'public.search_suggestionprefix'::regclass AND attname = 'text'")[0]
try:
    run(column + "varchar(300)")
    found.append(both())
finally:
    run(column + original)
print(json.dumps(found))
"""


def test_a_session_that_lost_its_statements_prepares_them_again(demo_corpus):
    done = subprocess.run([sys.executable, "-c", LOST], env=process_env(), capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    before, after_reset, session, after_migration = json.loads(done.stdout.splitlines()[-1])
    assert before[0] and before[1]
    assert after_reset == after_migration == before
    assert session == ["force_generic_plan", "0.5"]


def test_inside_a_transaction_a_lost_statement_is_the_callers_error(demo_corpus):
    """Recovering would need a savepoint around every execution: the transaction fails, as on
    any other error (no pooler resets sessions here: docs/operations.md)."""
    search_guides("身份证补办", SHUSHAN)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(ProgrammingError), transaction.atomic():
        search_guides("身份证补办", SHUSHAN)


def test_beyond_the_limit_statements_run_plain(demo_corpus, monkeypatch):
    monkeypatch.setattr(prepared, "MAX_PER_CONNECTION", 0)
    assert statements(lambda: suggest("身份", SHUSHAN)) == ["WITH"]


def test_server_side_binding_is_refused_while_prepared_statements_are_on(settings):
    settings.DATABASES = {"default": {**settings.DATABASES["default"],
                                      "OPTIONS": {"server_side_binding": True}}}  # fmt: skip
    assert [e.id for e in checks.run_checks() if e.id.startswith("search.")] == ["search.E001"]
    settings.SEARCH_PREPARED_STATEMENTS = False
    assert [e.id for e in checks.run_checks() if e.id.startswith("search.")] == []
