import pytest
from django.db import connection

from search import caching
from tests.search import corpus


@pytest.fixture(scope="module")
def demo_corpus(django_db_setup, django_db_blocker):
    """The demo corpus, committed for the module and removed afterwards."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        codes = corpus.build()
        yield codes
        connection.set_schema_to_public()
        corpus.destroy(codes)


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    """Rolled-back synonyms and best bets send no signal: forget this process's copies."""
    yield
    caching.clear()
