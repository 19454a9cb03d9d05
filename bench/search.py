"""Benchmark: search_guides on the PostgreSQL backend over 200,000 synthetic guides in 121
tenants (1 province, 12 cities, 108 counties), against two baselines for the search a Wagtail
user would get without this project, interleaved query by query; plus relevance of every
engine on the tuning set and the held-out set (tests/search/README.md).

- ``baseline``: one hand-written statement over its own table (``bench_baseline``): a
  ``simple``-config tsvector of name (A), aliases (B) and description (C), a GIN index and
  ``ts_rank``, the first 20 rows. It is the shape of Wagtail's database backend with nothing
  else: a lower bound of what a Wagtail site pays (one query, no join, no count, no models).
- ``wagtail``: Wagtail's own database search backend (``PostgresSearchBackend``,
  ``SEARCH_CONFIG`` simple) as a Wagtail site uses it: the documents as an indexed model (bench
  only, unmanaged, on the project's table), indexed into ``wagtailsearch_indexentry`` by
  Wagtail's indexing code, searched with ``backend.search(query, queryset)`` on the scope's
  ``region_code__in`` queryset, then a Paginator page of 20 (Wagtail's count query and page
  query) and the model instances.

Runs in its own database (``BENCH_SEARCH_DB``, default zwfw_bench_search, dropped and
recreated); only the public tables are migrated (and Wagtail's index table created there),
documents are inserted directly (no tenant schemas); the held-out catalogue's 176 documents
are added (regions 33…):

    .venv/bin/python bench/search.py [--documents 200000] [--queries 400] [--reuse] [--slowest N]

``--reuse`` keeps an already loaded corpus (migrations are still applied; the baseline table
and Wagtail's index are built when missing or incomplete); ``--slowest N`` lists the N slowest
queries with their scope.

Prints Markdown tables to paste into bench/RESULTS.md.
"""

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds modules named like packages (bench/graphql.py): import from the repository root.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_SEARCH_DB", "zwfw_bench_search")
PREVIOUS_DB = os.environ.get("BENCH_SEARCH_PREVIOUS_DB", f"{BENCH_DB}_previous")
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")
os.environ.pop("ELASTICSEARCH_URL", None)  # the PostgreSQL backend is measured

OBJECTS = [
    "建设项目",
    "农业机械",
    "渔业船舶",
    "林木采伐",
    "道路运输",
    "特种设备",
    "水利工程",
    "户外广告",
    "文物保护",
    "消防设施",
    "危险化学品",
    "出版物",
    "电影放映",
    "旅行社",
    "民办学校",
    "职业培训",
    "养老机构",
    "医疗机构",
    "殡葬设施",
    "宗教活动场所",
    "种子生产",
    "兽药经营",
    "农药经营",
    "饲料生产",
    "粮食收购",
    "燃气经营",
    "供水",
    "城市道路",
    "占道施工",
    "绿地",
    "河道采砂",
    "取水",
    "测绘",
    "地质灾害",
    "矿产",
    "船员",
    "机动车维修",
    "出租汽车",
    "公交线路",
    "慈善组织",
]
ACTIONS = [
    "许可",
    "备案",
    "核准",
    "审批",
    "登记",
    "年检",
    "变更",
    "注销",
    "补贴发放",
    "资格认定",
    "验收",
    "检验",
    "延续",
    "补证",
    "监督检查",
    "信息公开",
    "奖励",
    "处罚",
    "确认",
    "证明",
    "查询",
    "咨询",
    "投诉",
    "培训",
    "考试",
    "评审",
    "抽查",
    "公示",
    "复核",
    "转让",
    "迁移",
    "撤销",
    "换发",
    "核发",
    "审核",
    "申报",
    "评估",
    "鉴定",
    "监测",
    "服务",
]


def recreate_database():
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    subprocess.run([sys.executable, str(ROOT / "scripts/ensure_database.py")], check=True)


def regions() -> list[tuple[str, list[str]]]:
    """121 (code, ancestor codes): 安徽-like province, 12 cities, 9 counties each."""
    out = [("340000", [])]
    for city in range(1, 13):
        city_code = f"34{city:02d}00"
        out.append((city_code, ["340000"]))
        out += [(f"34{city:02d}{n:02d}", [city_code, "340000"]) for n in range(2, 11)]
    return out


def templates(count: int) -> list[dict]:
    """The demo catalogue's matters, then synthetic ones, as document fields."""
    from tests.factories import _demo

    rows = []
    for matter in _demo("catalogue", "anhui")["matters"]:
        rows.append(_fields(matter["basic_code"], matter["name"], matter.get("aliases") or [],
                            matter.get("description") or "", matter.get("conditions") or "",
                            [m["name"] for m in matter.get("materials") or []], matter["type"]))  # fmt: skip
    pairs = [(o, a) for o in OBJECTS for a in ACTIONS]
    random.Random(7).shuffle(pairs)
    for n, (obj, action) in enumerate(pairs[: max(0, count - len(rows))]):
        name = f"{obj}{action}"
        rows.append(_fields(f"99{n:08d}00", name, [], f"{name}的申请、受理、审查和决定。",
                            f"申请人符合{obj}管理规定。", ["申请书", "营业执照"], "01"))  # fmt: skip
    return rows


def _fields(basic_code, name, aliases, description, conditions, materials, matter_type):
    from search import analysis

    return {
        "basic_code": basic_code, "name": analysis.normalise(name),
        "aliases": [analysis.normalise(a) for a in aliases],
        "description": analysis.normalise(description), "conditions": conditions,
        "materials": materials, "matter_type": matter_type, "service_objects": ["1"],
        "themes": ["p010"], "online_depth": 3,
    }  # fmt: skip


def load(total: int, previous=None) -> int:
    """Insert ``total`` documents: every tenant implements the same ~total/121 matters (and the
    same documents into the previous ranking's database when ``previous`` is given)."""

    from core.domain.scope import depth_of
    from search.backends.postgres import PostgresBackend, row

    tenants = regions()
    per_tenant = total // len(tenants)
    docs, guide_id = 0, 0
    for index, fields in enumerate(templates(per_tenant)):
        batch = []
        for number, (code, ancestors) in enumerate(tenants):
            guide_id += 1
            impl = f"1134{number:04d}MB00000000{depth_of(code) + 1}{fields['basic_code']}"[:31]
            batch.append({**fields, "id": f"t{number:03d}:{impl}", "guide_id": guide_id,
                          "implementation_code": impl, "region_code": code,
                          "depth": depth_of(code), "ancestor_codes": ancestors,
                          "department_uscc": f"1134{number:04d}MB0000000X",
                          "department_name": f"部门{number % 20}"})  # fmt: skip
        shared = row(batch[0])  # text analysis once per matter
        PostgresBackend().upsert([{**shared, **row_fast(d)} for d in batch])
        if previous:
            previous.call("load", documents=batch)
        docs += len(batch)
        if index % 200 == 0:
            print(f"  {docs} documents", file=sys.stderr)
    from tests.search import heldout

    docs += PostgresBackend().index(heldout.documents())
    if previous:
        load_heldout_previous(previous)
    add_wagtail_index()
    add_baseline()  # vacuums and analyses every table, Wagtail's index too
    from search import common

    print(f"  common words: {common.refresh()}", file=sys.stderr)
    return docs


def load_heldout_previous(previous) -> None:
    """The held-out catalogue's documents, indexed by the previous code (one matter each)."""
    from tests.search import heldout

    for document in heldout.documents():
        previous.call("load", documents=[document])
    previous.call("count", vacuum=True)


BASELINE_TABLE = "bench_baseline"


def has_baseline() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [BASELINE_TABLE])
        return cursor.fetchone()[0]


def add_baseline() -> None:
    """The Wagtail-style index in its own table, as Wagtail's database backend keeps its own
    (``wagtailsearch_indexentry``): a ``simple`` tsvector (no Chinese segmentation) with GIN,
    and a btree on the region. (Its column used to sit in the project's
    table, where the project's indexes could change its plans: gone.)"""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS baseline")
        cursor.execute(f"DROP TABLE IF EXISTS {BASELINE_TABLE}")
        cursor.execute(f"""CREATE TABLE {BASELINE_TABLE} AS SELECT guide_id, basic_code,
            region_code, ancestor_codes,
            setweight(to_tsvector('simple', name), 'A')
            || setweight(to_tsvector('simple', array_to_string(aliases, ' ')), 'B')
            || setweight(to_tsvector('simple', description), 'C') AS baseline
            FROM search_searchdocument""")  # fmt: skip
        cursor.execute(f"CREATE INDEX bench_baseline_gin ON {BASELINE_TABLE}"
                       " USING gin (baseline) WITH (fastupdate = off)")  # fmt: skip
        # No GIN on the ancestors: ANDed with the words' few matches it cost the baseline a
        # 15,000-posting scan below a city (1.2 ms; a filter on the matched rows: 0.3 ms).
        cursor.execute(f"CREATE INDEX bench_baseline_region ON {BASELINE_TABLE} (region_code)")
    vacuum_analyse()


def vacuum_analyse() -> None:
    """Statistics and visibility maps of every search table, as autovacuum leaves them on a
    live database (straight after the load there were none: the suggestion prefixes were
    estimated at 30 rows for 739, a plan no running site has)."""
    from django.db import connection
    from wagtail.search.models import IndexEntry

    from search import suggestions

    tables = ("public.search_searchdocument", *suggestions.TABLES, BASELINE_TABLE,
              f"public.{IndexEntry._meta.db_table}")  # fmt: skip
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")


BASELINE = f"""
    SELECT guide_id, basic_code, ts_rank(baseline, q) AS rank, count(*) OVER () AS total
    FROM {BASELINE_TABLE} d, plainto_tsquery('simple', %(query)s) q
    WHERE d.baseline @@ q AND (%(region)s::text IS NULL OR d.region_code = ANY(%(chain)s)
          OR d.ancestor_codes @> ARRAY[%(region)s]::varchar[])
    ORDER BY rank DESC, guide_id LIMIT 20
"""


def baseline_search(query: str, region: str | None) -> list[tuple[int, str]]:
    """(guide id, basic code) of the baseline's first page, in the same scope as the project."""
    from django.db import connection

    from core.domain.scope import scope_for

    scope = scope_for(region)
    with connection.cursor() as cursor:
        cursor.execute(BASELINE, {"query": query, "region": scope.region_code,
                                  "chain": list(scope.chain)})  # fmt: skip
        return [(guide_id, basic) for guide_id, basic, _, _ in cursor.fetchall()]


def row_fast(doc: dict) -> dict:
    from search.backends.postgres import COLUMNS

    return {c: doc[c] for c in COLUMNS if c in doc}


# --- the ``wagtail`` engine: Wagtail's own database search backend, as a Wagtail site uses it --

WAGTAIL_CONFIG = "simple"  # the baseline's configuration: no Chinese segmentation either
WAGTAIL_PER_PAGE = 20
WAGTAIL_CHUNK = 1000  # Wagtail's update_index chunk size (DEFAULT_CHUNK_SIZE)
_wagtail: dict = {}  # the model and backend, declared once per process (after django.setup())
_wagtail_scopes: dict[str | None, list[str] | None] = {}  # region → the codes it shows


def wagtail_model():
    """The documents as a Wagtail-indexed model (bench only: unmanaged, on the project's table).

    Declared after ``django.setup()``, so what Wagtail's app ``ready()`` does for every indexed
    model is done here for this one: the ``index_entries`` relation the database backend joins
    on. Its boost (2, the page title's) is one of the project's, so the weights Wagtail derived
    at start-up are the ones a model declared in an app would get."""
    if "model" in _wagtail:
        return _wagtail["model"]
    from django.contrib.postgres.fields import ArrayField
    from django.db import models
    from modelsearch.abstract_models import TextIDGenericRelation
    from modelsearch.backends.database.postgres import weights
    from wagtail.search import index
    from wagtail.search.models import IndexEntry

    class BenchWagtailDocument(index.Indexed, models.Model):
        id = models.CharField(primary_key=True, max_length=100)
        guide_id = models.BigIntegerField()
        basic_code = models.CharField(max_length=12)
        region_code = models.CharField(max_length=6)
        # the matter's name as a page's title: Wagtail indexes a "title" field apart (title
        # vector, title_norm) and Page.search_fields boosts it by 2
        title = models.CharField(max_length=200, db_column="name")
        aliases = ArrayField(models.CharField(max_length=100))  # indexed as "a, b"
        description = models.TextField()

        search_fields = [
            index.SearchField("title", boost=2),
            index.SearchField("aliases"),
            index.SearchField("description"),
            index.FilterField("region_code"),
        ]

        class Meta:
            app_label = "search"
            managed = False
            db_table = "search_searchdocument"

        def __str__(self):
            return self.title

    assert 2 in {boost for boost, _ in weights.BOOSTS_WEIGHTS}, weights.BOOSTS_WEIGHTS
    TextIDGenericRelation(IndexEntry).contribute_to_class(BenchWagtailDocument, "index_entries")
    _wagtail["model"] = BenchWagtailDocument
    return BenchWagtailDocument


def wagtail_backend():
    """The site's default backend (``wagtail.search.backends.database``: PostgresSearchBackend
    on PostgreSQL) with ``SEARCH_CONFIG`` simple."""
    if "backend" not in _wagtail:
        from wagtail.search.backends import get_search_backend

        _wagtail["backend"] = get_search_backend("default", SEARCH_CONFIG=WAGTAIL_CONFIG)
    return _wagtail["backend"]


def ensure_wagtail_table() -> None:
    """Wagtail's index table in the public schema, where the documents are (``wagtail.search``
    is a tenant app: ``migrate_schemas --shared`` does not create it), from Wagtail's model."""
    from django.db import connection
    from wagtail.search.models import IndexEntry

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [IndexEntry._meta.db_table])
        if cursor.fetchone()[0]:
            return
    with connection.schema_editor() as editor:
        editor.create_model(IndexEntry)


def wagtail_indexed() -> int:
    """Entries of the bench model in Wagtail's index."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    model = wagtail_model()
    return IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).count()


def add_wagtail_index() -> int:
    """Every document into Wagtail's index by Wagtail's code, as ``update_index`` does: the
    index's ``add_items`` 1,000 objects at a time (each batch also refreshes the new entries'
    title norms), then the rebuild's final full title-norm refresh. (Not ``update_index``
    itself: it would index every indexed model, and the pages and images tables live in tenant
    schemas this database has not got.)"""
    from modelsearch.backends.database.postgres.postgres import PostgresSearchRebuilder

    ensure_wagtail_table()
    model, backend = wagtail_model(), wagtail_backend()
    index = backend.get_index_for_model(model)
    index.add_model(model)
    start, count, last = time.perf_counter(), 0, ""
    while chunk := list(model.objects.filter(pk__gt=last).order_by("pk")[:WAGTAIL_CHUNK]):
        index.add_items(model, chunk)
        count, last = count + len(chunk), chunk[-1].pk
    PostgresSearchRebuilder(index).finish()  # title norms of every entry, as update_index ends
    print(f"  wagtail index: {count} documents in {time.perf_counter() - start:.1f} s",
          file=sys.stderr)  # fmt: skip
    return count


def wagtail_codes(region: str | None) -> list[str] | None:
    """The region codes a host shows, as a Wagtail site would list them for a region_code__in
    filter: the chain, and on a province or city host every region below it (once per region
    and process, as the other engines keep their chains). None: the platform, no filter."""
    if region in _wagtail_scopes:
        return _wagtail_scopes[region]
    from core.domain.scope import scope_for
    from search.models import SearchDocument

    scope = scope_for(region)
    codes = None
    if scope.region_code:
        codes = list(scope.chain)
        if scope.descendants:
            below = SearchDocument.objects.filter(ancestor_codes__contains=[scope.region_code])
            codes += sorted(set(below.values_list("region_code", flat=True)) - set(codes))
    _wagtail_scopes[region] = codes
    return codes


def wagtail_search(query: str, region: str | None) -> list[tuple[int, str]]:
    """(guide id, basic code) of the first page, as a Wagtail site's search view gets it:
    ``backend.search`` on the scoped queryset, a Paginator of 20 (the count, then the page) and
    the model instances."""
    from django.core.paginator import Paginator

    model = wagtail_model()
    codes = wagtail_codes(region)
    queryset = model.objects.all() if codes is None else model.objects.filter(region_code__in=codes)
    results = wagtail_backend().search(query, queryset)
    page = Paginator(results, WAGTAIL_PER_PAGE).page(1)
    return [(document.guide_id, document.basic_code) for document in page]


ENGINES = ("project", "baseline", "wagtail", "suggest")
PREVIOUS = "previous"  # the ranking before issue 12, in its child process (--previous)


def timed_queries(
    count: int, slow: list | None = None, previous=None
) -> dict[str, dict[str, list[float]]]:
    """Per scope kind and engine, milliseconds; the project, the baseline, Wagtail's backend, a
    suggestion request (and the previous ranking) run on the same query and scope one after the
    other, in an order shuffled per query."""
    from search.service import search_guides, suggest
    from tests.search.relevance import labelled

    rng = random.Random(11)
    # The engines' order, shuffled per query: each follows each other one as often. Alternating
    # one order with its reverse ran the suggestion right after the previous ranking's child
    # process in every other round (the switch to that process and its database backend cost
    # the next call ~0.2 ms: suggestions p50 0.51 ms after it, 0.30 after the baseline), and
    # the baseline never (bench/RESULTS.md, 2026-11-28).
    order = random.Random(13)
    codes = [code for code, _ in regions()]
    counties = [c for c in codes if c[4:] != "00"]
    cities = [c for c in codes if c[2:] != "0000" and c[4:] == "00"]
    queries = [item.query for item in labelled()]
    kinds = ("county", "city", "province", "platform")
    engines = (*ENGINES, PREVIOUS) if previous else ENGINES
    samples = {kind: {engine: [] for engine in engines} for kind in kinds}
    for query in queries[:20]:  # warm caches (jieba, plans)
        search_guides(query, counties[0])
        baseline_search(query, counties[0])
        if "wagtail" in engines:
            wagtail_search(query, counties[0])
        if previous:
            previous.search(query, counties[0])
    # every region's chain, as a running process has them (CHAIN_TTL), and every scope's
    # prepared statements, as a connection has them after its first requests
    for code in [*codes, None]:
        search_guides(queries[0], code)
        suggest(queries[0][:2], code)
        baseline_search(queries[0], code)
        if "wagtail" in engines:
            wagtail_search(queries[0], code)
        if previous:
            previous.search(queries[0], code)
    runs = {
        "project": lambda q, r: search_guides(q, r),
        "baseline": baseline_search,
        "wagtail": wagtail_search,
        "suggest": lambda q, r: suggest(q[:2], r),
    }
    for n in range(count):
        kind = ("county", "county", "county", "city", "province", "platform")[n % 6]
        region = {"county": rng.choice(counties), "city": rng.choice(cities),
                  "province": "340000", "platform": None}[kind]  # fmt: skip
        query = rng.choice(queries)
        for engine in order.sample(engines, len(engines)):
            if engine == PREVIOUS:  # timed in the child, around its search_guides call
                samples[kind][engine].append(previous.search(query, region)[0])
                continue
            start = time.perf_counter()
            runs[engine](query, region)
            samples[kind][engine].append((time.perf_counter() - start) * 1000)
        if slow is not None:
            slow.append((samples[kind]["project"][-1], kind, region, query))
    return samples


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def relevance(previous=None) -> dict[tuple[str, str], dict]:
    """hit@5 / MRR@10 of (engine, set) on this corpus."""
    from search.models import SearchDocument
    from search.service import search_guides
    from tests.search import heldout
    from tests.search.relevance import labelled, measure

    basic = dict(SearchDocument.objects.values_list("guide_id", "basic_code"))
    engines = {
        "project": lambda q, r: [basic[h.guide_id] for h in search_guides(q, r, limit=10).hits],
        "baseline": lambda q, r: [b for _, b in baseline_search(q, r)][:10],
        "wagtail": lambda q, r: [b for _, b in wagtail_search(q, r)][:10],
    }
    if "wagtail" not in ENGINES:
        del engines["wagtail"]
    if previous:
        engines[PREVIOUS] = lambda q, r: previous.search(q, r)[1]
    sets = {"tuning": labelled(), "held-out": heldout.labelled(),
            "held-out fresh": heldout.labelled(heldout.FRESH)}  # fmt: skip
    return {(e, name): measure(run, items) for e, run in engines.items()
            for name, items in sets.items()}  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--reuse", action="store_true", help="keep the loaded corpus")
    parser.add_argument("--slowest", type=int, default=0, help="list the N slowest queries")
    parser.add_argument("--no-previous", action="store_true",
                        help="leave out the ranking before issue 12 (bench/search_previous.py)")  # fmt: skip
    parser.add_argument("--no-wagtail", action="store_true",
                        help="leave out Wagtail's backend: its scans of the whole index table "
                             "(150-300 ms) slow the engines interleaved with it")  # fmt: skip
    args = parser.parse_args()
    if args.no_wagtail:
        global ENGINES
        ENGINES = tuple(e for e in ENGINES if e != "wagtail")
    if not args.reuse:
        recreate_database()
    previous = None if args.no_previous else start_previous(args.reuse)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate_schemas", "--shared", verbosity=0)
    start = time.perf_counter()
    docs = loaded() if args.reuse else 0
    if docs:
        prepare_reused(previous)
    docs = docs or load(args.documents, previous)
    load_s = time.perf_counter() - start
    slow: list = []
    samples = timed_queries(args.queries, slow, previous)
    figures = relevance(previous)
    report(samples, figures, docs, load_s, args.queries, sorted(slow, reverse=True)[: args.slowest])
    if previous:
        previous.close()


def start_previous(reuse: bool):
    from bench.search_previous import Previous

    previous = Previous(PREVIOUS_DB)
    previous.call("setup", recreate=not reuse)
    where = previous.call("where")
    if not where.startswith(str(previous.tree)):  # the child must not import this checkout
        raise SystemExit(f"previous ranking: search code imported from {where}")
    if reuse and not previous.call("count"):
        raise SystemExit(f"{PREVIOUS_DB} is empty: run once without --reuse (or --no-previous)")
    return previous


def prepare_reused(previous) -> None:
    """A reused corpus: the baseline table, Wagtail's index, suggestion terms and the previous
    ranking's copy of the held-out documents when missing or incomplete (a corpus loaded by an
    older bench)."""
    from search import common, suggestions
    from search.models import CommonWord, SearchDocument, SuggestionTerm

    ensure_wagtail_table()
    if wagtail_indexed() != SearchDocument.objects.count():
        add_wagtail_index()
    if not has_baseline():
        add_baseline()
    else:
        vacuum_analyse()
    if not SuggestionTerm.objects.exists():
        print(f"  suggestion terms: {suggestions.rebuild()} documents", file=sys.stderr)
    if not CommonWord.objects.exists():
        print(f"  common words: {common.refresh()}", file=sys.stderr)
    if previous and not previous.call("count_heldout"):
        load_heldout_previous(previous)


def report(samples, figures, docs, load_s, queries, slowest) -> None:
    engines = [e for e in ("project", PREVIOUS, "baseline", "wagtail", "suggest")
               if e in samples["county"]]  # fmt: skip
    print(f"\n## Search (PostgreSQL backend) — {platform.node()}, {platform.processor() or ''}\n")
    print(f"{docs} documents in {len(regions())} tenants (+ the held-out catalogue), loaded in "
          f"{load_s:.0f} s; {queries} queries from the tuning set, each run by "
          f"{', '.join(engines)} (suggest: the first two characters), interleaved.\n")  # fmt: skip
    print("| scope | queries | " + " | ".join(f"{e} p50 / p95 ms" for e in engines)
          + " | project / baseline p95 | suggest / baseline p95"
          + (" | project / wagtail p95 | suggest / wagtail p95" if "wagtail" in engines else "")
          + (" | project / previous p95 |" if PREVIOUS in engines else " |"))  # fmt: skip
    wagtail = "wagtail" in engines
    print("|---" * (len(engines) + 4 + 2 * wagtail + (PREVIOUS in engines)) + "|")
    every = {e: [v for kind in samples.values() for v in kind[e]] for e in engines}
    for kind, values in [*samples.items(), ("all", every)]:
        p95 = {e: percentile(values[e], 95) for e in engines}
        cells = [f"{statistics.median(values[e]):.1f} / {p95[e]:.1f}" for e in engines]
        cells += [
            f"{p95['project'] / p95['baseline']:.1f}×",
            f"{p95['suggest'] / p95['baseline']:.1f}×",
        ]
        if wagtail:
            cells += [f"{p95['project'] / p95['wagtail']:.2f}×",
                      f"{p95['suggest'] / p95['wagtail']:.2f}×"]  # fmt: skip
        if PREVIOUS in engines:
            cells.append(f"{p95['project'] / p95[PREVIOUS]:.2f}×")
        print(f"| {kind} | {len(values['project'])} | " + " | ".join(cells) + " |")
    print("\n| engine | set | queries | hit@5 | MRR@10 |\n|---|---|---|---|---|")
    for (engine, name), f in figures.items():
        print(f"| {engine} | {name} | {f['queries']} | {f['hit@5']:.3f} | {f['mrr@10']:.3f} |")
    for ms, kind, region, query in slowest:
        print(f"  {ms:7.1f} ms  {kind:8} {region or '-':6} {query}")


def loaded() -> int:
    """Documents already in the bench database (``--reuse``)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_searchdocument")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
