"""Applying needs 实名等级 L2 by default; a province or the setting may ask for another level."""

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from core.cases.models import Case, CaseFile
from core.domain import province_config
from core.domain.errors import DomainError
from tenants.models import Region
from tests.identity.factories import PersonFactory
from tests.identity.helpers import sign_in

from .helpers import REQUIRED, applicant, food_entry, open_case, pdf_upload
from .test_portal import apply, form_files

pytestmark = pytest.mark.django_db
MESSAGE = "网上申请需要实名等级 L2（已完成实名核验），您的账户目前为 L1，请先完成实名认证后再申请"


@pytest.fixture
def province_rules():
    """Set the province's ``cases`` block (inside the test transaction) and forget it after."""

    def set_rules(**rules):
        anhui = Region.objects.get(schema_name="anhui")
        Region.objects.filter(pk=anhui.pk).update(
            applied_config={**(anhui.applied_config or {}), "cases": rules}
        )
        province_config.clear_cache()

    yield set_rules
    province_config.clear_cache()


def test_an_l1_account_cannot_apply_and_nothing_is_kept():
    item = food_entry()
    with schema_context("shushan"):
        with pytest.raises(DomainError) as refused:
            open_case(item, person=applicant(level=1))
        assert [(p.field, p.message) for p in refused.value.problems] == [
            ("identity_level", MESSAGE)
        ]
        assert Case.objects.count() == 0
        assert CaseFile.objects.filter(case__isnull=False).count() == 0


def test_an_l2_and_an_l3_account_may_apply():
    item = food_entry()
    with schema_context("shushan"):
        open_case(item, person=applicant(person_id=1, level=2))
        open_case(item, person=applicant(person_id=2, level=3))
        assert Case.objects.count() == 2


def test_the_province_may_accept_l1_and_its_rule_wins_over_the_setting(province_rules, settings):
    item = food_entry()
    province_rules(min_identity_level=1)
    with schema_context("shushan"):
        assert open_case(item, person=applicant(level=1)).state == "submitted"
    settings.CASE_MIN_IDENTITY_LEVEL = 1
    province_rules(min_identity_level=3)
    with schema_context("shushan"), pytest.raises(DomainError) as refused:
        open_case(item, person=applicant(person_id=7, level=2))
    assert refused.value.problems[0].message.startswith("网上申请需要实名等级 L3")


def test_the_setting_applies_where_the_province_says_nothing(settings):
    settings.CASE_MIN_IDENTITY_LEVEL = 1
    item = food_entry()
    with schema_context("shushan"):
        assert open_case(item, person=applicant(level=1)).number


def test_the_form_tells_an_l1_citizen_and_links_to_identity_verification():
    item = food_entry()
    connection.set_schema_to_public()
    person = PersonFactory()  # L1: mobile only
    client = Client(HTTP_HOST="shushan.localhost")
    sign_in(client, person)
    page = client.get(f"/cases/apply/{item.implementation_code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert MESSAGE in html
    assert 'href="http://id.localhost/account/#profile-h">去实名认证</a>' in html
    assert 'id="apply-form"' not in html
    refused = apply(client, item, **form_files(item, REQUIRED))
    assert refused.status_code == 400 and MESSAGE in refused.content.decode()
    with schema_context("shushan"):
        assert (Case.objects.count(), CaseFile.objects.count()) == (0, 0)


def test_the_api_answers_a_typed_error_to_an_l1_account():
    from .test_graphql import run
    from .test_portal import client_on

    item = food_entry()
    connection.set_schema_to_public()
    client = client_on("shushan")
    sign_in(client, PersonFactory())
    upload = client.post("/cases/uploads/", {"file": pdf_upload(), "material": REQUIRED[0]})
    assert (upload.status_code, upload.json()) == (403, {"error": MESSAGE})
    refused = run(client, "SubmitCase", implementationCode=item.implementation_code, materials=[])
    assert refused["data"]["submitCase"] == {"case": None, "errors": [
        {"field": None, "message": MESSAGE, "code": "IDENTITY_LEVEL"}
    ]}  # fmt: skip
    assert run(client, "MyCases")["data"]["myCases"] == []
    with schema_context("shushan"):
        assert Case.objects.count() == 0
