"""No personal data: the tables hold exactly these columns, none about the person."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

SEARCH_COLUMNS = {"id", "searched_at", "region_code", "province_code", "channel", "query",
                  "normalised", "result_count", "first_result", "opened", "first_opened"}  # fmt: skip
CLICK_COLUMNS = {"id", "event_id", "clicked_at", "position", "implementation_code"}
PERSONAL = ("ip", "addr", "user", "session", "agent", "cookie", "device", "phone", "referer")


def columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = %s",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_tables_hold_no_personal_data():
    assert columns("analytics_searchevent") == SEARCH_COLUMNS
    assert columns("analytics_searchclick") == CLICK_COLUMNS
    for name in SEARCH_COLUMNS | CLICK_COLUMNS:
        assert not any(word in name for word in PERSONAL), name


def test_the_tables_live_in_the_public_schema_only():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT table_schema FROM information_schema.tables "
            "WHERE table_name = 'analytics_searchevent'"
        )
        assert [row[0] for row in cursor.fetchall()] == ["public"]
