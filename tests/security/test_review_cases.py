"""Adversarial review of 网上办件 (review4): IDOR across citizens, enterprises and departments,
upload tricks, double submit, hostile GraphQL input, probing case numbers. Each test of a
problem found failed before its fix."""

import json
import re
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from core.cases import applying, services
from core.cases.models import Case, CaseFile
from core.domain.errors import DomainError
from core.identity import enterprises
from tenants.models import Department, Region
from tests.cases.helpers import PDF, PNG, REQUIRED, applicant, clerk, food_entry, open_case, upload
from tests.identity.factories import EnterpriseFactory, VerifiedPersonFactory
from tests.identity.helpers import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("case_files_dir")]


def citizen():
    connection.set_schema_to_public()
    return VerifiedPersonFactory()


def client_on(slug: str, **kwargs) -> Client:
    return Client(HTTP_HOST=f"{slug}.localhost",
                  REMOTE_ADDR=f"10.8.{uuid.uuid4().int % 250}.9", **kwargs)  # fmt: skip


def gql(client, name, **variables):
    response = client.post("/graphql/", json.dumps({"id": name, "variables": variables}),
                           content_type="application/json")  # fmt: skip
    return response.json()


def uploaded(client, material="", name="a.pdf", content=PDF):
    response = client.post("/cases/uploads/", {
        "file": SimpleUploadedFile(name, content), "material": material,
    })  # fmt: skip
    return response


def positions(item) -> dict[str, int]:
    with schema_context("shushan"):
        materials = item.live_version.elements["local"]["materials"]
    return {m["name"]: i for i, m in enumerate(materials)}


def form_data(item, files_per_material=1) -> dict:
    where = positions(item)
    return {
        f"material-{where[name]}": [
            SimpleUploadedFile(f"{i}-{n}.pdf", PDF) for n in range(files_per_material)
        ]
        for i, name in enumerate(REQUIRED)
    }


# --- IDOR: citizens, enterprises, departments ------------------------------------------------


def test_a_revoked_agent_loses_the_enterprises_case_its_files_and_actions():
    item = food_entry()
    enterprise = EnterpriseFactory(name="蜀山审查有限公司")
    agent = VerifiedPersonFactory(name="钱经办")  # 实名 L2: may apply
    grant = enterprises.grant_agent(enterprise, enterprise.administrator, agent.mobile)
    client = client_on("shushan")
    sign_in(client, agent, enterprise=enterprise)
    materials = [{"material": m, "fileIds": [uploaded(client, m).json()["id"]]} for m in REQUIRED]
    done = gql(client, "SubmitCase", implementationCode=item.implementation_code,
               materials=materials)["data"]["submitCase"]  # fmt: skip
    assert done["errors"] == []
    number = done["case"]["number"]
    with schema_context("shushan"):
        file_id = Case.objects.get(number=number).files.first().pk
    assert client.get(f"/cases/{number}/").status_code == 200
    assert client.get(f"/cases/files/{file_id}/").status_code == 200
    connection.set_schema_to_public()
    enterprises.revoke_agent(enterprise, enterprise.administrator, grant.pk)
    assert client.get(f"/cases/{number}/").status_code == 404
    assert client.get(f"/cases/files/{file_id}/").status_code == 404
    assert client.post(f"/cases/{number}/withdraw/").status_code == 404
    refused = gql(client, "WithdrawCase", number=number)["data"]["withdrawCase"]
    assert refused["errors"][0]["code"] == "NOT_FOUND"  # as for a number that does not exist
    assert gql(client, "MyCases")["data"]["myCases"] == []
    with schema_context("shushan"):
        assert Case.objects.get(number=number).state == "submitted"
    # the administrator still acts for it
    boss = client_on("shushan")
    sign_in(boss, enterprise.administrator, enterprise=enterprise)
    assert [c["number"] for c in gql(boss, "MyCases")["data"]["myCases"]] == [number]


def test_the_person_is_not_the_enterprise_and_the_enterprise_is_not_the_person():
    item = food_entry()
    enterprise = EnterpriseFactory()
    boss = enterprise.administrator
    with schema_context("shushan"):
        own = open_case(item, applicant(boss.pk, boss.name))
        firm = open_case(item, applicant(boss.pk, boss.name, enterprise.pk, enterprise.name))
    as_person, as_firm = client_on("shushan"), client_on("shushan")
    sign_in(as_person, boss)
    sign_in(as_firm, boss, enterprise=enterprise)
    assert as_person.get(f"/cases/{own.number}/").status_code == 200
    assert as_person.get(f"/cases/{firm.number}/").status_code == 404
    assert as_firm.get(f"/cases/{firm.number}/").status_code == 200
    assert as_firm.get(f"/cases/{own.number}/").status_code == 404


def test_a_clerk_of_another_department_gets_404_for_everything_of_the_case():
    item = food_entry()
    with schema_context("shushan"):
        case = open_case(item)
        other = Department.objects.filter(region=case.department.region).exclude(
            pk=case.department_id).first()  # fmt: skip
        outsider = clerk("outsider", department=other)
        file_id = case.files.first().pk
        admin = client_on("shushan")
        admin.force_login(outsider)
    for path in (f"/admin/cases/{case.pk}/", f"/admin/cases/files/{file_id}/",
                 f"/admin/cases/{case.pk}/notice/accept.pdf"):  # fmt: skip
        assert admin.get(path).status_code == 404, path
    assert admin.post(f"/admin/cases/{case.pk}/act/accept/").status_code == 404
    assert admin.get("/admin/cases/", {"department": case.department_id}).context["rows"] == []
    with schema_context("shushan"):
        assert Case.objects.get(pk=case.pk).state == "submitted"


def test_a_case_cannot_be_transferred_to_another_regions_department():
    item = food_entry()
    with schema_context("shushan"):
        case = open_case(item)
        boss = clerk("boss", superuser=True)
        foreign = Department.objects.exclude(region__schema_name="shushan").filter(
            is_active=True).first()  # fmt: skip
        with pytest.raises(DomainError, match="只能转办给本区划启用中的部门"):
            services.transfer(case, boss, foreign, "试试")
        assert Case.objects.get(pk=case.pk).department_id == case.department_id


def test_a_clerk_of_one_county_is_no_one_on_another_countys_host():
    item = food_entry()
    with schema_context("shushan"):
        case = open_case(item)
        user = clerk("countyclerk", superuser=True)
        shushan = client_on("shushan")
        shushan.force_login(user)
    yaohai = client_on("yaohai")
    with schema_context("yaohai"):
        assert not yaohai.login(username="countyclerk", password="x")
    assert shushan.get(f"/admin/cases/{case.pk}/").status_code == 200
    cookie = shushan.cookies["sessionid"].value
    yaohai.cookies["sessionid"] = cookie  # the cookie carried to the other host by hand
    assert yaohai.get(f"/admin/cases/{case.pk}/").status_code == 302  # to the login page


# --- uploads -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.pdf", b"", "是空文件"),
        ("a.jpg", PNG, "内容与扩展名 .jpg 不符"),
        ("a.png", b"GIF89a" + b"\x00" * 20, "内容与扩展名 .png 不符"),
        ("a.svg", b"<svg onload=alert(1)>", "类型不允许"),
        ("a.html", b"%PDF-<html><script>alert(1)</script>", "类型不允许"),
        ("a.pdf.exe", PDF, "类型不允许"),
        ("pdf", PDF, "类型不允许"),
    ],
)
def test_uploads_with_wrong_bytes_or_types_are_refused(name, content, message):
    client = client_on("shushan")
    sign_in(client, citizen())
    response = uploaded(client, name=name, content=content)
    assert response.status_code == 400 and message in response.json()["error"]
    with schema_context("shushan"):
        assert not CaseFile.objects.exists()


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\boot.pdf", "boot.pdf"),
        ("申请\u202efdp.exe.pdf", "申请fdp.exe.pdf"),
        ("a\x00b.pdf", "ab.pdf"),
    ],
)
def test_filenames_lose_paths_and_invisible_controls(case_files_dir, sent, kept):
    client = client_on("shushan")
    sign_in(client, citizen())
    response = uploaded(client, name=sent)
    assert response.status_code == 200, response.content
    with schema_context("shushan"):
        stored = CaseFile.objects.get(pk=response.json()["id"])
    assert stored.original_name == kept
    assert re.fullmatch(r"shushan/[0-9a-f]{32}\.pdf", stored.storage_name)
    assert [p.name for p in (case_files_dir / "shushan").iterdir()] == [
        stored.storage_name.split("/")[1]
    ]


def test_a_file_is_served_as_its_checked_type_never_sniffed():
    """A PDF/HTML polyglot keeps application/pdf and nosniff (never rendered as a page)."""
    client = client_on("shushan")
    sign_in(client, citizen())
    polyglot = b"%PDF-1.4\n<html><script>alert(document.domain)</script></html>"
    file_id = uploaded(client, name="x.pdf", content=polyglot).json()["id"]
    response = client.get(f"/cases/files/{file_id}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_too_many_files_for_a_material_are_refused_before_anything_is_stored(
    case_files_dir,
):
    item = food_entry()
    client = client_on("shushan")
    sign_in(client, citizen())
    response = client.post(f"/cases/apply/{item.implementation_code}/", form_data(item, 6))
    assert response.status_code == 400 and "最多上传5个文件" in response.content.decode()
    with schema_context("shushan"):
        assert not Case.objects.exists()
        assert not CaseFile.objects.exists()
    assert not list(case_files_dir.rglob("*.pdf"))


# --- the citizen's own mistakes ------------------------------------------------------------------


def test_one_file_cannot_stand_for_two_materials():
    item = food_entry()
    with schema_context("shushan"):
        person = applicant()
        one, other = upload(person), upload(person)
        files = {REQUIRED[0]: [one.pk], REQUIRED[1]: [one.pk], REQUIRED[2]: [other.pk]}
        with pytest.raises(DomainError, match="文件"):
            applying.submit(item, person, [], files)
        assert not Case.objects.exists()


def test_the_same_form_posted_twice_opens_one_case():
    item = food_entry()
    client = client_on("shushan")
    sign_in(client, citizen())
    path = f"/cases/apply/{item.implementation_code}/"
    page = client.get(path).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    first = client.post(path, {**hidden, **form_data(item)})
    second = client.post(path, {**hidden, **form_data(item)})
    assert first.status_code == 302 and second.status_code in (302, 400)
    with schema_context("shushan"):
        assert Case.objects.count() == 1


# --- GraphQL with hostile input ------------------------------------------------------------------


@pytest.mark.parametrize("file_id", ["-1", "0", "99999999999999999999999", "1e3", "١", "'1"])
def test_submit_case_with_hostile_file_ids_gets_a_typed_error(file_id):
    item = food_entry()
    client = client_on("shushan")
    sign_in(client, citizen())
    body = gql(client, "SubmitCase", implementationCode=item.implementation_code,
               materials=[{"material": REQUIRED[0], "fileIds": [file_id]}])  # fmt: skip
    assert "errors" not in body, body
    errors = body["data"]["submitCase"]["errors"]
    assert errors and errors[0]["code"] == "MISSING_MATERIAL"
    assert errors[0]["field"] == f"materials.{REQUIRED[0]}"


def test_submit_case_names_an_unknown_material_and_a_foreign_file():
    item = food_entry()
    owner, thief = client_on("shushan"), client_on("shushan")
    sign_in(owner, citizen())
    sign_in(thief, citizen())
    theirs = uploaded(owner, REQUIRED[0]).json()["id"]
    body = gql(thief, "SubmitCase", implementationCode=item.implementation_code, materials=[
        {"material": REQUIRED[0], "fileIds": [theirs]},
        {"material": "<script>不存在的材料</script>", "fileIds": []},
    ])["data"]["submitCase"]  # fmt: skip
    assert body["case"] is None
    assert {e["message"] for e in body["errors"]} == {
        f"文件 {theirs} 不存在或已使用",
        "“<script>不存在的材料</script>”不是所需的申请材料",
    }
    with schema_context("shushan"):
        assert CaseFile.objects.get(pk=theirs).case_id is None


def test_withdraw_does_not_tell_an_existing_number_from_an_unknown_one():
    item = food_entry()
    with schema_context("shushan"):
        case = open_case(item)
    client = client_on("shushan")
    sign_in(client, citizen())
    unknown = case.number[:-5] + "99999"
    for mutation, extra in (("WithdrawCase", {}), ("SupplementCase", {"materials": []})):
        key = mutation[0].lower() + mutation[1:]
        theirs = gql(client, mutation, number=case.number, **extra)["data"][key]["errors"]
        nothing = gql(client, mutation, number=unknown, **extra)["data"][key]["errors"]
        assert [e["code"] for e in theirs] == [e["code"] for e in nothing]
        assert theirs[0]["message"].replace(case.number, unknown) == nothing[0]["message"]


def test_applicant_services_refuse_without_an_applicant():
    item = food_entry()
    with schema_context("shushan"):
        case = open_case(item)
        with pytest.raises(PermissionDenied):
            applying.withdraw(case, None)
        with pytest.raises(DomainError, match="请先登录"):
            applying.submit(item, None, [], {})
    assert Region.objects.filter(schema_name="shushan").exists()


# --- the public register under a rotated SECRET_KEY ----------------------------------------------


def test_query_codes_and_my_cases_survive_a_documented_secret_key_rotation(settings):
    """Before: the register's digests used SECRET_KEY alone, so rotating it as Django documents
    (old key in SECRET_KEY_FALLBACKS) made every 查询码 wrong and 我的办件 empty."""
    from core.case_register import progress

    item = food_entry()
    with schema_context("shushan"):
        person = applicant()
        case = open_case(item, person)
    old = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "rotated-" + "k" * 50, [old]
    found = progress.lookup(case.number, case.query_code, "10.7.7.1")
    assert found is not None and found.number == case.number
    assert [r.number for r in progress.records_of(person.person_id, None)] == [case.number]
    assert progress.lookup(case.number, "ABCDEFGH", "10.7.7.1") is None
    settings.SECRET_KEY_FALLBACKS = []  # the old key dropped: the old digests are gone too
    assert progress.lookup(case.number, case.query_code, "10.7.7.1") is None
    assert not progress.records_of(person.person_id, None).exists()


# --- staff pages with odd parameters ------------------------------------------------------------


def test_the_inbox_answers_an_odd_department_filter():
    with schema_context("shushan"):
        boss = clerk("inboxboss", superuser=True)
        client = client_on("shushan")
        client.force_login(boss)
    assert client.get("/admin/cases/", {"department": "²"}).status_code == 200


def test_a_transfer_to_a_non_numeric_department_is_refused_cleanly():
    item = food_entry()
    with schema_context("shushan"):
        case = open_case(item)
        boss = clerk("transferboss", superuser=True)
        client = client_on("shushan")
        client.force_login(boss)
    response = client.post(f"/admin/cases/{case.pk}/act/transfer/",
                           {"department": "abc", "reason": "试试"})  # fmt: skip
    assert response.status_code in (302, 400, 404)
    with schema_context("shushan"):
        assert Case.objects.get(pk=case.pk).department_id == case.department_id
