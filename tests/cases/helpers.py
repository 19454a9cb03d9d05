"""Cases test helpers: an applicant, a clerk of a department, uploads, an open case."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from core.cases import applying, uploads
from core.cases.access import Applicant
from core.cases.models import CaseHandler
from tests.factories import published_entry

FOOD_LICENCE = "000131106000"  # 食品经营许可, 蜀山: Ⅳ 全程网办, 5 working days
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
# The 必要 materials of the food licence that are not 电子证照 (营业执照 is fetched).
REQUIRED = (
    "食品经营许可申请书",
    "与食品经营相适应的主要设备设施、经营布局、操作流程等文件",
    "食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录",
)
TOLERATED = "食品安全管理人员基本情况"
BY_AGENT = "授权委托书及代理人身份证明"


def applicant(person_id=1001, name="张三", enterprise_id=None, enterprise_name="", level=2):
    """An applicant whose account is 实名 L2 (what applying needs by default)."""
    return Applicant(person_id, name, enterprise_id, enterprise_name, level)


def pdf_upload(name="材料.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def upload(person, material="", name="材料.pdf", content=PDF):
    return uploads.store(pdf_upload(name, content), person.person_id, material)


def clerk(username="clerk", department=None, superuser=False):
    """A staff user of the current schema handling ``department``'s cases."""
    user = get_user_model().objects.create_user(username, password="x", is_staff=True)
    if superuser:
        user.is_superuser = True
        user.save()
    user.user_permissions.add(Permission.objects.get(codename="handle_case"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if department is not None:
        CaseHandler.objects.create(user=user, department=department)
    return get_user_model().objects.get(pk=user.pk)


def food_entry(slug="shushan"):
    return published_entry(slug, FOOD_LICENCE, project=True)


def open_case(item, person=None, situations=(), materials=REQUIRED):
    """Submit a case in the current schema with a PDF for each of ``materials``."""
    person = person or applicant()
    files = {m: [upload(person, m).pk] for m in materials}
    return applying.submit(item, person, list(situations), files)


def in_shushan_case(**kwargs):
    item = food_entry()
    with schema_context("shushan"):
        return item, open_case(item, **kwargs)


def image_bytes() -> bytes:
    return io.BytesIO(PNG).getvalue()
