"""Relevance of the PostgreSQL backend on the demo corpus: ≥ 100 labelled citizen queries."""

import pytest

from core.published.models import PublishedGuide
from search.service import search_guides
from tests.search.relevance import measure

pytestmark = pytest.mark.django_db

# Floors set slightly below the measured figures (see docs/search.md).
HIT_AT_5_FLOOR = 0.97
MRR_AT_10_FLOOR = 0.95


def test_labelled_queries_meet_the_floors(demo_corpus):
    basic = dict(PublishedGuide.objects.values_list("pk", "basic_code"))

    def run(query, region_code):
        results = search_guides(query, region_code, limit=10)
        return [basic[hit.guide_id] for hit in results.hits]

    figures = measure(run)
    print(f"\nrelevance: {figures['queries']} queries, hit@5 {figures['hit@5']:.3f}, "
          f"MRR@10 {figures['mrr@10']:.3f}; not first: {figures['not_first']}")  # fmt: skip
    assert figures["queries"] >= 100
    assert figures["hit@5"] >= HIT_AT_5_FLOOR
    assert figures["mrr@10"] >= MRR_AT_10_FLOOR
