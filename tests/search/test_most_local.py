"""One hit per matter, the most local implementation of it: the order the PostgreSQL backend's
dedupe keeps (``postgres_sql.LOCAL_KEY``), including its ties."""

import pytest

from search import indexing
from search.service import search_guides
from tests.factories import published_entry

pytestmark = pytest.mark.django_db
ANHUI, HEFEI, SHUSHAN, YAOHAI = "340000", "340100", "340104", "340102"
MATTER = "000718001002"  # implemented by 蜀山, 瑶海 and 合肥 in the demo lists


def implementations(*slugs: str) -> None:
    for slug in slugs:
        indexing.index_guide(published_entry(slug, MATTER).implementation_code)


def kept(region: str | None) -> list[str]:
    """Regions of the hits for the matter (one per matter: a list of one)."""
    return [h.region_code for h in search_guides("二手房过户", region).hits
            if h.implementation_code.endswith(MATTER)]  # fmt: skip


def test_two_counties_at_the_same_distance_keep_the_lower_region_code():
    implementations("shushan", "yaohai")
    assert kept(ANHUI) == [YAOHAI]  # below the province: both counties, 340102 < 340104
    assert kept(HEFEI) == [YAOHAI]
    assert kept(None) == [YAOHAI]
    assert kept(SHUSHAN) == [SHUSHAN]  # the region itself first
    assert kept(YAOHAI) == [YAOHAI]


def test_the_chain_comes_before_regions_below_it_and_deeper_before_shallower_below():
    implementations("shushan", "hefei")
    assert kept(HEFEI) == [HEFEI]  # its own, though a county below it has one too
    assert kept(YAOHAI) == [HEFEI]  # its ancestor (chain) before a county beside it
    assert kept(SHUSHAN) == [SHUSHAN]
    assert kept(ANHUI) == [SHUSHAN]  # below the province: the deeper region first
    assert kept(None) == [SHUSHAN]


def test_the_totals_count_matters_not_implementations():
    implementations("shushan", "yaohai", "hefei")
    assert search_guides("二手房过户", None).total == 1
    assert search_guides("二手房过户", ANHUI).total == 1
