"""Did-you-mean by trigrams (PostgreSQL backend): a name at word similarity over 0.4 in the
scope, found through the trigram index under that threshold, set for its transaction only."""

import pytest
from django.db import connection

from search.backends.postgres import PostgresBackend
from search.service import search_guides
from tests.search.test_suggestions import COUNTY_A, document

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    PostgresBackend().index([document(COUNTY_A, "360000051000", "残疾人证核发")])


def threshold() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        return cursor.fetchone()[0]


def test_a_search_with_nothing_offers_a_name_closer_than_0_4(certificate):
    # a filter leaves nothing; the name is 0.44 similar to the query (under the search's 0.5)
    results = search_guides("残疾证核发", COUNTY_A, matter_type="02")
    assert (results.total, results.suggestion) == (0, "残疾人证核发")
    # inside the caller's transaction (this test's) the search's threshold is back
    assert threshold() == "0.5"


def test_a_name_further_than_0_4_is_not_offered(certificate):
    assert search_guides("残废人证核", COUNTY_A, matter_type="02").suggestion is None  # 0.22
    assert threshold() == "0.5"
