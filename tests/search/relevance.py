"""The labelled citizen queries and the relevance measures (shared with bench/search.py)."""

from dataclasses import dataclass
from pathlib import Path

LABELS = Path(__file__).with_name("relevance.tsv")


@dataclass(frozen=True)
class Labelled:
    query: str
    region_code: str | None
    expected: frozenset[str]  # basic codes; any of them counts


def labelled() -> list[Labelled]:
    rows = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, region, expected = line.split("\t")
        rows.append(Labelled(query, region or None, frozenset(expected.split(","))))
    return rows


def rank_of(basic_codes: list[str], expected: frozenset[str]) -> int | None:
    """1-based rank of the first expected matter, or None."""
    return next((i for i, code in enumerate(basic_codes, 1) if code in expected), None)


def measure(search, items: list[Labelled] | None = None) -> dict:
    """hit@5 and MRR@10 over a labelled set (the tuning set by default);
    ``search(query, region) → [basic codes]``."""
    hits5, rr, misses = 0, 0.0, []
    items = labelled() if items is None else items
    for item in items:
        rank = rank_of(search(item.query, item.region_code)[:10], item.expected)
        hits5 += bool(rank and rank <= 5)
        rr += 1 / rank if rank else 0
        if not rank or rank > 1:
            misses.append((item.query, item.region_code, rank))
    return {"queries": len(items), "hit@5": hits5 / len(items), "mrr@10": rr / len(items),
            "not_first": misses}  # fmt: skip
