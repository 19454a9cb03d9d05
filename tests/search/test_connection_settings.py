"""The trigram threshold the ranking is tuned with holds for the whole life of a connection."""

import pytest
from django.db import connections

pytestmark = pytest.mark.django_db


def threshold(connection) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW pg_trgm.word_similarity_threshold")
        return cursor.fetchone()[0]


def test_the_word_similarity_threshold_survives_pg_trgm_being_loaded_in_parallel_mode():
    # A new connection (autocommit, outside the test's transaction), as a process opens it. A
    # parallel VACUUM of the documents loads pg_trgm for their trigram index in parallel mode,
    # where a SET made before the library was loaded (a placeholder) cannot be applied: the
    # session went on with the library's 0.6 ("cannot be set during a parallel operation").
    connection = connections.create_connection("default")
    try:
        assert threshold(connection) == "0.5"
        with connection.cursor() as cursor:
            cursor.execute("SET min_parallel_index_scan_size = 0")  # every index qualifies
            cursor.execute("VACUUM (PARALLEL 2) public.search_searchdocument")
        assert threshold(connection) == "0.5"
    finally:
        connection.close()
