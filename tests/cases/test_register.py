"""The public case register holds no personal data (checked on the table's columns and rows)."""

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.case_register import progress
from core.case_register.models import CaseRecord

from .helpers import applicant, food_entry, open_case

pytestmark = pytest.mark.django_db

ALLOWED_COLUMNS = {
    "id", "number", "query_code_digest", "applicant_digest", "region_id", "region_code",
    "ancestor_codes", "case_id", "implementation_code", "matter_name", "department_uscc",
    "department_name", "applicant_type", "state", "step_name", "limit", "submitted_at",
    "accepted_at", "finished_at", "due_date", "paused", "supplement_requested",
    "supplement_items", "on_time", "timeline", "rating_id", "updated_at",
    "has_result_document",  # a flag: the file itself stays in the region
}  # fmt: skip


def test_the_register_table_has_only_columns_without_personal_data():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = %s",
            [CaseRecord._meta.db_table],
        )
        columns = {row[0] for row in cursor.fetchall()}
    assert columns == ALLOWED_COLUMNS


def test_a_register_row_holds_nothing_of_the_applicant():
    item = food_entry()
    person = applicant(person_id=4242, name="欧阳明月", enterprise_id=None)
    with schema_context("shushan"):
        case = open_case(item, person)
        case.contact_phone = "13912345678"
        case.save()
    row = CaseRecord.objects.filter(number=case.number).values().get()
    text = repr(row)
    for secret in ("欧阳明月", "4242", "13912345678", case.query_code):
        assert secret not in text
    assert (row["region_code"], row["state"], row["applicant_type"]) == (
        "340104",
        "submitted",
        "person",
    )
    assert row["matter_name"] == "食品经营许可"
    assert [e["action"] for e in row["timeline"]] == ["submit"]
    found = progress.records_of(4242, None)
    assert [r.number for r in found] == [case.number]
    assert list(progress.records_of(4243, None)) == []
