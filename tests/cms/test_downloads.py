"""Blank forms and samples attached to a guide's materials: shown under the material, downloaded
under their Chinese title (RFC 6266 / RFC 5987), only while approved on a live guide."""

from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import schema_context
from wagtail.documents import get_document_model

from cms.downloads import content_disposition, download_name
from cms.models import GuideAttachment, GuidePage
from core.published.models import PublishedGuide
from core.published.outbox import drain

from .conftest import ID_CARD

pytestmark = pytest.mark.django_db

FORM = "居民身份证申领登记表（空白）"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _attach(page, title, material, content=b"PK\x03\x04 form", name="form.docx", kind="blank"):
    document = get_document_model().objects.create(
        title=title, file=ContentFile(content, name=name)
    )
    page.attachments.add(
        GuideAttachment(kind=kind, title=title, material=material, document=document)
    )
    return document


def test_download_name_keeps_the_title_and_the_files_extension():
    assert download_name(FORM, "form_x7Qp2aB.DOCX") == f"{FORM}.docx"
    assert download_name("样表.pdf", "a.pdf") == "样表.pdf"
    assert download_name('a/b\\c:"d"\n', "x.xlsx") == "a b c d.xlsx"
    assert download_name("  ", "x.pdf") == "附件.pdf"


def test_content_disposition_has_an_ascii_name_and_the_utf8_name():
    header = content_disposition("居民身份证申领登记表（空白）.docx")
    ascii_part, utf8_part = header.split("; filename*=")
    assert ascii_part.startswith('attachment; filename="') and ascii_part.endswith('.docx"')
    assert ascii_part.isascii() and " " not in ascii_part.removeprefix("attachment; ")
    assert utf8_part == "UTF-8''" + quote("居民身份证申领登记表（空白）.docx", safe="")
    assert content_disposition("a b;c.pdf") == (
        "attachment; filename=\"a-b-c.pdf\"; filename*=UTF-8''a%20b%3Bc.pdf"
    )


def test_a_materials_form_is_listed_under_it_and_downloads_with_its_chinese_name(
    publish, region_client, media
):
    entry = publish("shushan", ID_CARD)
    with schema_context("shushan"):
        page = GuidePage.objects.get(entry_id=entry.pk)
        _attach(page, FORM, "居民户口簿")
        _attach(page, "办理须知", "", b"%PDF-1.4 notes", "notes.pdf", kind="other")
        page.save_revision(clean=False).publish()
    assert drain() == {"synced": 1, "failed": 0}
    client = region_client("shushan")
    path = page.url_path.removeprefix("/home-region")
    html = client.get(path).content.decode()
    material = html[html.index('<label for="m-1-1">居民户口簿</label>') :]
    material = material[: material.index("</li>\n")]
    form_url = f"/files/{page.attachments.get(title=FORM).document_id}/{quote(FORM + '.docx')}"
    assert f'<a class="download" href="{form_url}" download>' in material
    assert "空白表格</span> 居民身份证申领登记表（空白）" in material
    rest = html[html.index('<h3 id="downloads-h">表格下载</h3>') :]
    assert "其他附件</span> 办理须知" in rest  # an attachment of no material
    # the projection (and so GraphQL) carries the same link, absolute
    attachments = PublishedGuide.objects.get(entry_id=entry.pk).payload["additions"]["attachments"]
    assert [(a["title"], a["material"], a["url"]) for a in attachments] == [
        (FORM, "居民户口簿", "http://shushan.localhost" + form_url),
        ("办理须知", "", "http://shushan.localhost" + attachments[1]["url"].split("localhost")[1]),
    ]
    response = client.get(form_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"PK\x03\x04 form"
    assert response["Content-Disposition"] == content_disposition(f"{FORM}.docx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    pdf = client.get(attachments[1]["url"].split("localhost")[1])
    assert pdf["Content-Disposition"].startswith("attachment; ")  # a download, not inline


def test_a_file_of_an_unapproved_or_withdrawn_guide_is_not_served(publish, region_client, media):
    entry = publish("shushan", ID_CARD)
    with schema_context("shushan"):
        page = GuidePage.objects.get(entry_id=entry.pk)
        document = get_document_model().objects.create(
            title="草稿", file=ContentFile(b"draft", name="draft.docx")
        )
        draft = GuidePage.objects.get(pk=page.pk)
        draft.attachments.add(GuideAttachment(title="草稿表", material="", document=document))
        draft.save_revision(clean=False)  # submitted, not approved: the live row has no file
    client = region_client("shushan")
    assert client.get(f"/files/{document.pk}/x.docx").status_code == 404
    with schema_context("shushan"):
        draft.save_revision(clean=False).publish()
        GuidePage.objects.filter(pk=page.pk).update(live=False)  # the entry was suspended
    assert client.get(f"/files/{document.pk}/x.docx").status_code == 404
    # another county's host never serves this county's files
    assert region_client("yaohai").get(f"/files/{document.pk}/x.docx").status_code == 404
