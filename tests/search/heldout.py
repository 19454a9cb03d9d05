"""The held-out relevance set (tests/search/heldout/): a 浙江 county's catalogue, names only, and
citizen queries written before it was ever searched. Never tuned against: see README.md.

Its documents are written straight into the search table (regions 330106 西湖区, 330100 杭州市,
330000 浙江省; no tenant, no projection row): the engine is measured, not the publishing."""

import zlib
from pathlib import Path

from search import analysis
from search.backends.postgres import PostgresBackend
from search.models import SearchDocument

from .relevance import Labelled

HERE = Path(__file__).with_name("heldout")
REGIONS = {"county": ("330106", ["330100", "330000"]), "city": ("330100", ["330000"]),
           "province": ("330000", [])}  # fmt: skip
LEVEL = {"county": "4", "city": "3", "province": "2"}
GUIDE_IDS = 900_000_000  # far from any projection row's id
PREFIX = "heldout:"


def _rows(name: str) -> list[list[str]]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def catalogue() -> list[dict]:
    """One entry per matter: its local basic code (33 + type + sequence), name, department."""
    found = []
    for number, (matter_type, where, department, name) in enumerate(_rows("catalogue.tsv"), 1):
        found.append({"basic_code": f"33{matter_type}{number:05d}000", "name": name,
                      "department": department, "type": matter_type,
                      "where": where.split(",")})  # fmt: skip
    return found


QUERIES = "queries.tsv"  # written before the first run (208)
FRESH = "queries_fresh.tsv"  # written after the engine work, before their first run (78)


def labelled(queries: str = QUERIES) -> list[Labelled]:
    codes = {matter["name"]: matter["basic_code"] for matter in catalogue()}
    return [
        Labelled(query, region or None, frozenset(codes[name] for name in expected.split("|")))
        for query, region, expected in _rows(queries)
    ]


def _uscc(department: str) -> str:
    return f"113301{zlib.crc32(department.encode()) % 10**11:011d}X"[:18]


def documents() -> list[dict]:
    """Search-document fields (as ``search.documents.fields_of`` returns them)."""
    docs, guide_id = [], GUIDE_IDS
    for matter in catalogue():
        for where in matter["where"]:
            region, ancestors = REGIONS[where]
            guide_id += 1
            code = f"{_uscc(matter['department'])}{LEVEL[where]}{matter['basic_code']}"
            docs.append({
                "id": f"{PREFIX}{code}", "guide_id": guide_id, "implementation_code": code,
                "basic_code": matter["basic_code"], "region_code": region,
                "depth": {"county": 3, "city": 2, "province": 1}[where],
                "ancestor_codes": ancestors, "name": analysis.normalise(matter["name"]),
                "aliases": [], "description": "", "conditions": "", "materials": [],
                "department_uscc": _uscc(matter["department"]),
                "department_name": matter["department"], "matter_type": matter["type"],
                "service_objects": ["1"], "themes": [], "online_depth": 3,
            })  # fmt: skip
    return docs


def build() -> int:
    destroy()
    return PostgresBackend().index(documents())


def destroy() -> None:
    SearchDocument.objects.filter(id__startswith=PREFIX).delete()
