"""The result document of 办结: attached by the clerk (same checks as uploads) or generated as
a 决定书; downloadable by the applicant (我的办件, case page) and the case's handlers only."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from core.case_register.models import CaseRecord
from core.cases import register, results, services, states, uploads
from core.cases.models import Case, ResultDocument
from core.domain.errors import DomainError
from tests.identity.factories import VerifiedPersonFactory
from tests.identity.helpers import sign_in

from .helpers import PDF, applicant, clerk, food_entry, open_case
from .test_admin import _pdf_text, logged_in

pytestmark = pytest.mark.django_db
LICENCE = "食品经营许可证 JY13401040000001"


def processing_case(item, person=None, username="result-clerk"):
    with schema_context("shushan"):
        user = clerk(username, department=item.department)
        case = services.accept(open_case(item, person=person), user)
    return case, user


def stored_names() -> list[str]:
    _, files = uploads.storage().listdir("shushan/results")
    return files


def test_the_clerk_attaches_the_licence_scan_on_completion():
    item = food_entry()
    case, user = processing_case(item)
    scan = SimpleUploadedFile("许可证.pdf", PDF + b"licence")
    with schema_context("shushan"):
        services.complete(case, user, True, result_name=LICENCE, result_upload=scan)
        document = ResultDocument.objects.get(case=case)
        assert (document.title, document.original_name, document.generated, document.added_by) \
            == ("结果文书", "许可证.pdf", False, "result-clerk")  # fmt: skip
        assert document.sha256 == hashlib.sha256(PDF + b"licence").hexdigest()
        assert uploads.open_file(document).read() == PDF + b"licence"
    record = CaseRecord.objects.get(number=case.number)
    assert (record.state, record.has_result_document) == (states.APPROVED, True)


def test_without_an_attachment_the_platform_generates_the_decision(tmp_path):
    item = food_entry()
    case, user = processing_case(item)
    denied, _ = processing_case(item, applicant(2), "result-clerk-2")
    with schema_context("shushan"):
        services.complete(case, user, True, result_name=LICENCE, base_url="http://shushan.x/")
        services.complete(denied, user, False, reason="经营场所与住宅未有效隔离")
        approval, denial = (
            ResultDocument.objects.get(case=case),
            ResultDocument.objects.get(case=denied),
        )
        approval_pdf, denial_pdf = (
            uploads.open_file(approval).read(),
            uploads.open_file(denial).read(),
        )
    assert (approval.title, approval.generated, approval.content_type) == (
        "准予许可决定书", True, "application/pdf")  # fmt: skip
    text = _pdf_text(approval_pdf, tmp_path).replace(" ", "")
    for expected in ("准予许可决定书", case.number, LICENCE.replace(" ", ""), "决定准予许可"):
        assert expected in text, expected
    text = _pdf_text(denial_pdf, tmp_path).replace(" ", "")
    for expected in ("不予许可决定书", denied.number, "经营场所与住宅未有效隔离", "行政复议"):
        assert expected in text, expected


def test_a_bad_result_file_is_refused_and_nothing_changes():
    item = food_entry()
    case, user = processing_case(item)
    renamed = SimpleUploadedFile("决定书.pdf", b"MZ\x90\x00 not a pdf")
    with schema_context("shushan"):
        with pytest.raises(DomainError) as refused:
            services.complete(case, user, True, result_name=LICENCE, result_upload=renamed)
        assert [(p.field, p.message) for p in refused.value.problems] == [
            ("result_file", "文件“决定书.pdf”的内容与扩展名 .pdf 不符")
        ]
        assert Case.objects.get(pk=case.pk).state == states.PROCESSING
        assert not ResultDocument.objects.exists()
        assert stored_names() == [] if uploads.storage().exists("shushan/results") else True


def test_a_completion_that_does_not_commit_leaves_no_stored_file(monkeypatch):
    item = food_entry()
    case, user = processing_case(item)

    def fails(case):
        raise RuntimeError("register unavailable")

    monkeypatch.setattr(register, "sync_case", fails)
    with schema_context("shushan"):
        with pytest.raises(RuntimeError):
            services.complete(case, user, True, result_name=LICENCE,
                              result_upload=SimpleUploadedFile("证.pdf", PDF))  # fmt: skip
        assert Case.objects.get(pk=case.pk).state == states.PROCESSING
        assert not ResultDocument.objects.exists()
        assert stored_names() == []


def test_only_the_applicant_downloads_it_from_my_cases():
    item = food_entry()
    connection.set_schema_to_public()
    person, stranger = VerifiedPersonFactory(), VerifiedPersonFactory()
    case, user = processing_case(item, applicant(person.pk, person.name))
    with schema_context("shushan"):
        services.complete(case, user, True, result_name=LICENCE,
                          result_upload=SimpleUploadedFile("许可证.pdf", PDF))  # fmt: skip
    url = f"/cases/{case.number}/result/"
    client = Client(HTTP_HOST="shushan.localhost")
    sign_in(client, person)
    mine = client.get("/cases/mine/").content.decode()
    assert f'<a class="result-document" href="{url}">下载</a>' in mine
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store"
    other = Client(HTTP_HOST="shushan.localhost")
    sign_in(other, stranger)
    assert other.get(url).status_code == 404
    assert Client(HTTP_HOST="shushan.localhost").get(url).status_code == 404  # anonymous
    # staff: the handler gets it in the admin; a neighbour county's admin does not
    assert logged_in("shushan", user).get(f"/admin/cases/{case.pk}/result/").status_code == 200
    with schema_context("yaohai"):
        neighbour = clerk("yaohai-result", superuser=True)
    assert logged_in("yaohai", neighbour).get(f"/admin/cases/{case.pk}/result/").status_code == 404
    with schema_context("shushan"):
        tax = clerk("tax-result", department=None)
    assert logged_in("shushan", tax).get(f"/admin/cases/{case.pk}/result/").status_code == 404


def test_a_case_without_a_result_document_answers_404():
    item = food_entry()
    connection.set_schema_to_public()
    person = VerifiedPersonFactory()
    case, _ = processing_case(item, applicant(person.pk, person.name))
    client = Client(HTTP_HOST="shushan.localhost")
    sign_in(client, person)
    assert client.get(f"/cases/{case.number}/result/").status_code == 404
    assert results.of(case) is None
    assert 'class="result-document"' not in client.get("/cases/mine/").content.decode()
