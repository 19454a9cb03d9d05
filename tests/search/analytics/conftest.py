"""Helpers of the search analytics tests: an empty buffer per test, rows made directly."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from search.analytics import buffer
from search.analytics.models import SearchClick, SearchEvent

# The regions of the session (tests/conftest.py): 安徽 → 合肥 → 蜀山, 瑶海.
ANHUI, HEFEI, SHUSHAN, YAOHAI = "340000", "340100", "340104", "340102"
SICHUAN = "510000"


@pytest.fixture(autouse=True)
def empty_buffer():
    """Redis is not rolled back with the database: start and end each test with no items."""
    buffer.client().delete(buffer.key())
    yield
    buffer.client().delete(buffer.key())


def event(region: str, query: str, count: int, *, ago=timedelta(hours=1), opened=(),
          province: str = ANHUI, channel: str = "portal", first: str = "") -> SearchEvent:  # fmt: skip
    """A recorded search ``ago`` before now; ``opened``: ranks of the results opened from it."""
    row = SearchEvent.objects.create(
        id=uuid.uuid4(), searched_at=timezone.now() - ago, region_code=region,
        province_code=province, channel=channel, query=query, normalised=query,
        result_count=count, first_result=first, opened=bool(opened), first_opened=1 in opened,
    )  # fmt: skip
    for position in opened:
        SearchClick.objects.create(
            event=row, clicked_at=row.searched_at, position=position,
            implementation_code=f"CODE{position}",
        )  # fmt: skip
    return row
