"""PostgreSQL backend: documents in ``search_searchdocument`` (public), matched with jieba
words in a weighted tsvector, pinyin lexemes and pg_trgm; always available (the fallback)."""

from django.db import connection, transaction

from .. import matters, prepared, suggestions
from ..apps import WORD_SIMILARITY_THRESHOLD
from . import postgres_matters as by_matter
from . import postgres_sql as sql
from .base import RawHit, RawResults, Request

COLUMNS = (
    "id", "guide_id", "implementation_code", "basic_code", "region_code", "depth",
    "ancestor_codes", "name", "aliases", "description", "department_uscc", "department_name",
    "matter_type", "service_objects", "themes", "online_depth",
)  # fmt: skip

UPSERT = f"""
    INSERT INTO {sql.TABLE} ({", ".join(COLUMNS)}, concepts, vector, pinyin, title, indexed_at)
    VALUES ({", ".join(f"%({c})s" for c in COLUMNS)}, %(concepts)s,
        setweight(to_tsvector('simple', %(seg_a)s), 'A')
        || setweight(to_tsvector('simple', %(seg_b)s), 'B')
        || setweight(to_tsvector('simple', %(seg_c)s), 'C')
        || setweight(to_tsvector('simple', %(seg_d)s), 'D'),
        to_tsvector('simple', %(pinyin)s), %(title)s, now())
    ON CONFLICT (implementation_code) DO UPDATE SET
        {", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS)},
        concepts = EXCLUDED.concepts, vector = EXCLUDED.vector, pinyin = EXCLUDED.pinyin,
        title = EXCLUDED.title, indexed_at = now()
"""


def row(fields: dict) -> dict:
    """SQL parameters of one document from ``documents.fields_of`` output."""
    from .. import documents

    seg = documents.segmented(fields)
    return {
        **{c: fields[c] for c in COLUMNS},
        "seg_a": seg["A"], "seg_b": seg["B"], "seg_c": seg["C"], "seg_d": seg["D"],
        "pinyin": documents.pinyin_text(fields), "title": documents.title_text(fields),
        "concepts": documents.concept_labels(fields),
    }  # fmt: skip


class PostgresBackend:
    name = "postgres"

    def upsert(self, rows: list[dict]) -> int:
        """Write documents with their matter rows and suggestion terms, all or nothing (the
        terms' locks are held to the end of this transaction: ``suggestions.LOCK_TERMS``)."""
        if rows:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(UPSERT, rows)
                matters.add([r["id"] for r in rows])
                suggestions.replace(rows)
        return len(rows)

    def index(self, fields_list: list[dict]) -> int:
        return self.upsert([row(f) for f in fields_list])

    def delete(self, document_ids: list[str]) -> int:
        # their suggestion rows go with them (trigger, migration search 0008)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {sql.TABLE} WHERE id = ANY(%s)", [list(document_ids)])
            return cursor.rowcount

    def clear(self) -> None:
        suggestions.clear()  # first: the delete trigger then has nothing to recompute
        matters.clear()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {sql.TABLE}")

    def analyse(self) -> None:
        """Fresh planner statistics for the search tables after a bulk write (a rebuild): with
        none, a two-letter prefix shared by hundreds of terms was estimated at 30 rows and
        sorted in full instead of read in the prefix index's order (2.5 ms → 0.2 ms)."""
        with connection.cursor() as cursor:
            tables = [sql.TABLE, matters.TABLE, *suggestions.TABLES]
            cursor.execute(f"ANALYZE {', '.join(tables)}")

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {sql.TABLE}")
            return cursor.fetchone()[0]

    def search(self, request: Request) -> RawResults:
        """One statement for page, total and facets (``pg_trgm.word_similarity_threshold`` is
        set once per connection, see ``search.apps``)."""
        q = request.query
        # Trigrams (typos, partial words) from three Chinese characters: shorter queries share
        # their trigrams with too many titles. Pinyin letters too, but only when the pinyin
        # prefixes find nothing (a misspelt pinyin): their trigrams are common.
        chinese_trigrams = not q.pinyin and len(q.core.replace(" ", "")) >= 3
        # Both only in the second pass, when the words and pinyin found nothing: the trigram
        # arm's recheck (word_similarity on every title it returns) was most of a broad query's
        # time (开公司 at province scope: 5.4 of 7.8 ms), and where words matched, its fuzzy
        # matches changed the first result of none of 408 relevance queries (the first five
        # of 8, bench/RESULTS.md). Typos in a word are repaired before (spelling).
        found = self._run(request, False)
        if not found.total:  # the first pass's total, whatever the page: every page alike
            # nothing: a misspelt pinyin (its trigrams), or words that only rank (common words,
            # sub-words: 开培训班 → 培训) may make candidates after all
            found = self._run(request, chinese_trigrams or q.pinyin, relaxed=True)
        return found

    def _run(self, request: Request, trigrams: bool, relaxed: bool = False) -> RawResults:
        params = {**sql.params(request, relaxed), "offset": request.offset, "limit": request.limit}
        if not (trigrams or relaxed or sql.broad(request.query, relaxed)):
            # selective words: the matters first, then each one's most local matching document
            # (postgres_matters), under one generic plan per scope shape (search.prepared)
            return self.fetch(by_matter.search(request), {**params, **by_matter.params(request)})
        # common words, sub-words, trigrams: every matching document, deduped per matter, in a
        # plan made for their frequencies
        return self.fetch(sql.search(request, trigrams), params, generic=False)

    @staticmethod
    def fetch(statement: str, params: dict, generic: bool = True) -> RawResults:
        """Run a search statement (page, total and facets rows) into results."""
        with connection.cursor() as cursor:
            prepared.execute(cursor, statement, params, generic=generic)
            rows = cursor.fetchall()
        page, total, facets = [], 0, {}
        for kind, code, guide_id, score, region, name, aliases, description, count in rows:
            if kind == 0:  # count: the position on the page
                hit = RawHit(code, guide_id, float(score), region, name, list(aliases), description)
                page.append((count, hit))
            elif kind == 1:
                total = count
            else:  # code: facet key, region: value, name: label
                facets.setdefault(code, []).append((region, name, count))
        return RawResults(total, [hit for _, hit in sorted(page, key=lambda p: p[0])], facets)

    def did_you_mean(self, request: Request) -> str | None:
        """The closest name in the scope, by the trigram index at did-you-mean's threshold."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql.THRESHOLD, [sql.DID_YOU_MEAN_SIMILARITY])
            cursor.execute(sql.DID_YOU_MEAN, sql.params(request))
            found = cursor.fetchone()
            # a SET LOCAL inside a caller's transaction would outlive this savepoint
            cursor.execute(sql.THRESHOLD, [WORD_SIMILARITY_THRESHOLD])
        return found[0] if found else None

    def suggest(self, prefix: str, pinyin: bool, scope, limit: int) -> list[tuple[str, str]]:
        """(text, implementation_code) of names, aliases and dictionary terms starting with the
        prefix in the scope: one indexed statement (``search.suggestions``)."""
        return suggestions.suggest(prefix, pinyin, scope, limit)
