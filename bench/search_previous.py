"""The ranking as it was before issue 12, run beside bench/search.py (``--previous``).

The search code before issue 12 (commit ``d10eb6b``) had another document schema (a ``head``
tsvector, no ``concepts``) and another analysis chain, so it cannot search the project's table
in the same process. It runs here instead, in a child process importing a ``git archive`` of
that commit, against its own copy of the same corpus (the same generator, the same 200,000
guides and the held-out documents, indexed by that code) in ``BENCH_SEARCH_PREVIOUS_DB``.
bench/search.py sends it one request at a time (JSON lines on stdin) between its own engines,
so the runs stay interleaved; the time reported is the ``search_guides`` call alone, measured
in the child exactly as the parent measures its engines.

    python bench/search_previous.py TREE DATABASE   # a JSON-lines server, see ``serve``
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVISION = "d10eb6b"


def prepare_tree(revision: str = REVISION) -> Path:
    """The search code of ``revision`` (``git archive``) in /tmp, extracted once."""
    tree = Path(f"/tmp/zwfw_search_previous_{revision}")
    if not (tree / "manage.py").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision],
                                 check=True, capture_output=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


class Previous:
    """The parent's handle on the child process."""

    def __init__(self, database: str, revision: str = REVISION):
        tree = self.tree = prepare_tree(revision)
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}"}
        self.child = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), str(tree), database],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True, cwd=tree,
        )  # fmt: skip

    def call(self, op: str, **args):
        self.child.stdin.write(json.dumps({"op": op, **args}, ensure_ascii=False) + "\n")
        self.child.stdin.flush()
        answer = json.loads(self.child.stdout.readline())
        if "error" in answer:
            raise RuntimeError(f"previous ranking: {answer['error']}")
        return answer["result"]

    def search(self, query: str, region: str | None) -> tuple[float, list[str]]:
        """(milliseconds, basic codes of the first 10 results)."""
        found = self.call("search", query=query, region=region)
        return found["ms"], found["basic"]

    def close(self):
        self.child.stdin.close()
        self.child.wait(timeout=60)


def serve(tree: Path, database: str) -> None:
    """Answer requests from bench/search.py with the code in ``tree``."""
    # Only the tree's code: neither this checkout nor the working directory may be importable.
    here = {ROOT, ROOT / "bench"}
    sys.path[:] = [str(tree), *(p for p in sys.path if p and Path(p).resolve() not in here)]
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
    os.environ.pop("ELASTICSEARCH_URL", None)
    ops = {"setup": _setup, "load": _load, "search": _search, "count": _count,
           "count_heldout": _count_heldout, "where": _where}  # fmt: skip
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = {"result": ops[request.pop("op")](**request)}
        except Exception as error:  # reported to the parent, which stops
            answer = {"error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _setup(recreate: bool) -> str:
    """Create (or keep) the database, migrate the public tables, start Django."""
    if recreate:
        import psycopg

        url = "postgres://postgres@127.0.0.1:5432/postgres"
        name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        ensure = Path(sys.path[0]) / "scripts/ensure_database.py"
        subprocess.run([sys.executable, str(ensure)], check=True, stdout=sys.stderr)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate_schemas", "--shared", verbosity=0)
    return "ok"


def _load(documents: list[dict]) -> int:
    """Index ``documents`` (field dicts, as bench/search.py builds them) with the old code, a
    batch per call (the parent sends one matter's implementations at a time)."""
    from search.backends.postgres import PostgresBackend, row

    shared = row(documents[0])  # text analysis once per matter (the parent groups them)
    columns = [c for c in documents[0] if c in shared]
    return PostgresBackend().upsert([{**shared, **{c: d[c] for c in columns}} for d in documents])


def _count(vacuum: bool = False) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if vacuum:
            cursor.execute("VACUUM ANALYZE search_searchdocument")
        cursor.execute("SELECT count(*) FROM search_searchdocument")
        return cursor.fetchone()[0]


def _where() -> str:
    """Where the search code comes from (the report names it)."""
    import search

    return str(Path(search.__file__).resolve().parent)


def _count_heldout() -> int:
    from search.models import SearchDocument

    return SearchDocument.objects.filter(id__startswith="heldout:").count()


_basic: dict[int, str] = {}


def _search(query: str, region: str | None) -> dict:
    from search.models import SearchDocument
    from search.service import search_guides

    start = time.perf_counter()
    hits = search_guides(query, region, limit=10).hits
    ms = (time.perf_counter() - start) * 1000
    missing = [h.guide_id for h in hits if h.guide_id not in _basic]
    if missing:
        _basic.update(SearchDocument.objects.filter(guide_id__in=missing)
                      .values_list("guide_id", "basic_code"))  # fmt: skip
    return {"ms": ms, "basic": [_basic[h.guide_id] for h in hits]}


if __name__ == "__main__":
    serve(Path(sys.argv[1]), sys.argv[2])
