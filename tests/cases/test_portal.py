"""The portal: apply with uploads, limits, who may read a file, 进度查询 on another host, 一事一评."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils.timezone import localtime
from django_tenants.utils import schema_context

from core.case_register.models import CaseRecord
from core.cases import services, states
from core.cases.models import Case, CaseEvent
from core.published.models import FollowUp
from tests.identity.factories import VerifiedPersonFactory
from tests.identity.helpers import sign_in

from .helpers import PDF, REQUIRED, TOLERATED, clerk, food_entry

pytestmark = pytest.mark.django_db


def citizen():
    """A verified person (public schema: a request before may have left the connection in a
    region's schema)."""
    connection.set_schema_to_public()
    return VerifiedPersonFactory()


def client_on(slug: str) -> Client:
    """A client of its own address (rate limits are per address)."""
    return Client(HTTP_HOST=f"{slug}.localhost", REMOTE_ADDR=f"10.9.{uuid.uuid4().int % 250}.7")


def form_files(item, names=REQUIRED, content=PDF, suffix="pdf"):
    with schema_context("shushan"):
        materials = item.live_version.elements["local"]["materials"]
    position = {m["name"]: i for i, m in enumerate(materials)}
    return {
        f"material-{position[name]}": SimpleUploadedFile(f"{i}.{suffix}", content)
        for i, name in enumerate(names)
    }


def apply(client, item, **files):
    return client.post(
        f"/cases/apply/{item.implementation_code}/", {"contact_phone": "13900000000", **files}
    )


def submitted(client, item):
    response = apply(client, item, **form_files(item))
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context("shushan"):
        return Case.objects.get(number=response["Location"].split("/")[-2])


def test_a_citizen_applies_with_uploads_and_sees_the_case():
    item = food_entry()
    person = citizen()
    client = client_on("shushan")
    anonymous = client_on("shushan").get(f"/cases/apply/{item.implementation_code}/")
    assert "请先" in anonymous.content.decode()
    sign_in(client, person)
    form = client.get(f"/cases/apply/{item.implementation_code}/")
    assert form.status_code == 200
    assert "电子证照：可不上传，系统调取" in form.content.decode()
    case = submitted(client, item)
    assert (case.applicant_person_id, case.applicant_name) == (person.pk, person.name)
    with schema_context("shushan"):
        status = dict(case.materials.values_list("name", "status"))
        assert status["营业执照"] == "e_license"
        assert status[TOLERATED] == "tolerated"
        assert {status[n] for n in REQUIRED} == {"uploaded"}
        assert case.materials.get(name="营业执照").e_license_ref.startswith("待调取:")
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert case.number in page and case.query_code in page and "待预审" in page


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        (b"MZ\x90\x00 not a pdf", "pdf", "内容与扩展名 .pdf 不符"),
        (PDF, "exe", "类型不允许"),
        (b"%PDF-" + b"0" * (1024 * 1024 + 10), "pdf", "超过 1 MB"),
    ],
)
def test_uploads_outside_the_limits_are_refused(settings, content, suffix, message):
    settings.CASE_UPLOAD_MAX_MB = 1
    item = food_entry()
    client = client_on("shushan")
    sign_in(client, citizen())
    response = apply(client, item, **form_files(item, content=content, suffix=suffix))
    assert response.status_code == 400
    assert message in response.content.decode()
    with schema_context("shushan"):
        assert not Case.objects.exists()


def test_files_and_cases_are_shown_to_their_applicant_only():
    item = food_entry()
    owner, other = citizen(), citizen()
    client = client_on("shushan")
    sign_in(client, owner)
    case = submitted(client, item)
    with schema_context("shushan"):
        file_id = case.files.first().pk
    assert client.get(f"/cases/files/{file_id}/").getvalue() == PDF
    stranger = client_on("shushan")
    sign_in(stranger, other)
    for c in (stranger, client_on("shushan")):  # another citizen, anonymous
        assert c.get(f"/cases/files/{file_id}/").status_code == 404
        assert c.get(f"/cases/{case.number}/").status_code in (302, 404)
    # another county's host does not know the file at all
    neighbour = client_on("yaohai")
    sign_in(neighbour, owner)
    assert neighbour.get(f"/cases/files/{file_id}/").status_code == 404


def test_progress_on_another_host_with_number_and_query_code_then_rating(settings):
    item = food_entry()
    client = client_on("shushan")
    sign_in(client, citizen())
    case = submitted(client, item)
    with schema_context("shushan"):
        user = clerk("pc", superuser=True)
        case = services.accept(case, user)
        services.complete(case, user, True, result_name="食品经营许可证")
    hefei = client_on("hefei")
    wrong = hefei.post("/cases/progress/", {"number": case.number, "query_code": "WRONG234"})
    assert wrong.status_code == 400 and "办件编号或查询码不正确" in wrong.content.decode()
    found = hefei.post(
        "/cases/progress/", {"number": case.number, "query_code": case.query_code.lower()}
    )
    page = found.content.decode()
    assert found.status_code == 200 and "办结（准予许可）" in page and "一事一评" in page
    with schema_context("shushan"):
        events = list(CaseEvent.objects.filter(case=case).order_by("at", "pk"))
    # each step at the deployment's local time (Asia/Shanghai), like 申请时间 above it
    shown = [f"{localtime(e.at):%Y-%m-%d %H:%M}</time> {states.LABELS_OF_TRANSITIONS[e.action]}"
             for e in events]  # fmt: skip
    assert [e.action for e in events] == ["submit", "accept", "complete"]
    assert all(line in page for line in shown), shown
    rated = hefei.post("/cases/progress/", {
        "number": case.number, "query_code": case.query_code, "score": "5", "comment": "等太久",
    })  # fmt: skip
    assert "您已评价：非常不满意" in rated.content.decode()
    record = CaseRecord.objects.get(number=case.number)
    assert (record.rating.score, record.rating.region.slug) == (5, "shushan")
    assert FollowUp.objects.filter(rating=record.rating, state="open").count() == 1
    again = hefei.post("/cases/progress/", {
        "number": case.number, "query_code": case.query_code, "score": "1",
    })  # fmt: skip
    assert "该办件已评价（一事一评）" in again.content.decode()


def test_progress_queries_are_rate_limited(settings):
    settings.CASE_QUERY_HOURLY_LIMIT = 3
    client = client_on("hefei")
    for _ in range(3):
        assert (
            client.post("/cases/progress/", {"number": "X", "query_code": "Y"}).status_code == 400
        )
    refused = client.post("/cases/progress/", {"number": "X", "query_code": "Y"})
    assert "查询过于频繁" in refused.content.decode()


def test_my_cases_lists_the_persons_cases_across_hosts():
    item = food_entry()
    person = citizen()
    client = client_on("shushan")
    sign_in(client, person)
    case = submitted(client, item)
    elsewhere = client_on("hefei")
    sign_in(elsewhere, person)
    page = elsewhere.get("/cases/mine/").content.decode()
    assert case.number in page and f"http://shushan.localhost/cases/{case.number}/" in page
    other = client_on("hefei")
    sign_in(other, citizen())
    assert case.number not in other.get("/cases/mine/").content.decode()
    assert states.LABELS[states.SUBMITTED] in page
