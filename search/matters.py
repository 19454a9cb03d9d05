"""Matter candidates: per province and basic code, the candidate words and pinyin of all its
documents (``search_searchmatter``), for the search by matter.

A province's matter has one document per implementing region (营业执照: 1,573 documents of 13
matters at province scope); a search found every matching document, then kept each matter's
most local one. The PostgreSQL backend's first pass now finds the matters here, one row each,
then walks each matter's documents in locality order and stops at the first that matches
(``backends.postgres_matters``).

The rows are a superset, kept without a read of the matter's other documents: writing a
document adds its lexemes (``||`` under the row's lock, so concurrent writers each add theirs);
an edit that drops a word or a deleted document leaves lexemes that no longer match anywhere,
which only costs the walk of that matter (it finds nothing, the matter is not a result).
``rebuild`` (nightly) and a full reindex make them exact again. The lexemes are stripped of
positions and weights: they only select matters, the documents rank.
"""

from django.db import connection, transaction

TABLE = "public.search_searchmatter"
DOCUMENTS = "public.search_searchdocument"

# Candidate fields only (A name, B aliases and dictionary terms, C description, conditions,
# department), as the documents' candidate index: materials (D) only rank.
VECTOR = "public.search_tsvector_union(strip(ts_filter(d.vector, '{a,b,c}')))"
PINYIN = "public.search_tsvector_union(strip(d.pinyin))"
LEXEMES = f"{VECTOR}, {PINYIN}"
PROVINCE = "left(d.region_code, 2) || '0000'"

# The lexemes of some documents added to their matters' rows (a new row if none), in key
# order, so that two writers lock the matters they share in the same order; a row that already
# has them is not rewritten.
ADD_WHERE = f"""
    INSERT INTO {TABLE} AS m (province_code, basic_code, vector, pinyin)
    SELECT {PROVINCE}, d.basic_code, {LEXEMES}
    FROM {DOCUMENTS} d WHERE DOCUMENTS_WHERE
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (basic_code, province_code) DO UPDATE
        SET vector = m.vector || EXCLUDED.vector, pinyin = m.pinyin || EXCLUDED.pinyin
        WHERE m.vector || EXCLUDED.vector <> m.vector OR m.pinyin || EXCLUDED.pinyin <> m.pinyin
"""
ADD = ADD_WHERE.replace("DOCUMENTS_WHERE", "d.id = ANY(%s)")

# One matter's row from its documents, as a later statement than the row's lock (it sees every
# writer that added to the row before); none when no document is left.
KEY = f"d.basic_code = %(basic)s AND {PROVINCE} = %(province)s"
LOCK = f"""SELECT 1 FROM {TABLE} WHERE basic_code = %(basic)s AND province_code = %(province)s
    FOR UPDATE"""
REWRITE = f"""
    UPDATE {TABLE} m SET vector = c.vector, pinyin = c.pinyin
    FROM (SELECT {VECTOR} AS vector, {PINYIN} AS pinyin FROM {DOCUMENTS} d WHERE {KEY}) c
    WHERE m.basic_code = %(basic)s AND m.province_code = %(province)s
"""
DROP = f"""DELETE FROM {TABLE} m WHERE m.basic_code = %(basic)s AND m.province_code = %(province)s
    AND NOT EXISTS (SELECT 1 FROM {DOCUMENTS} d WHERE {KEY})"""
# A matter without a row (none when the rebuild started): as a writer adds, never replacing
# what a writer that came in between added.
CREATE = ADD_WHERE.replace("DOCUMENTS_WHERE", KEY)
KEYS = f"""SELECT basic_code, province_code FROM {TABLE}
    UNION SELECT d.basic_code, {PROVINCE} FROM {DOCUMENTS} d ORDER BY 1, 2"""


def add(document_ids: list[str]) -> None:
    """Add the lexemes of documents just written (same transaction) to their matters' rows."""
    if document_ids:
        with connection.cursor() as cursor:
            cursor.execute(ADD, [list(document_ids)])


def clear() -> None:
    """Delete every row (a rebuild, inside its transaction)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")


def rebuild() -> int:
    """Rewrite every row from the documents: exact again, no lexeme of an old text left (the
    nightly ``search.refresh_derived``). One matter per transaction, under its row's lock:
    a writer never waits for more than one matter's rewrite, and the rebuild, holding one lock
    at a time, cannot deadlock with a sync that holds several (a DELETE of the whole table
    did both). Returns the rows there are after it."""
    with connection.cursor() as cursor:
        cursor.execute(KEYS)
        keys = cursor.fetchall()
        for basic, province in keys:
            key = {"basic": basic, "province": province}
            with transaction.atomic():
                cursor.execute(LOCK, key)
                if cursor.fetchone():
                    cursor.execute(REWRITE, key)
                    cursor.execute(DROP, key)
                else:
                    cursor.execute(CREATE, key)
        cursor.execute(f"ANALYZE {TABLE}")
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        return cursor.fetchone()[0]
