"""Import and export in the admin: export → edit → upload → preview → confirm or cancel, large
files through the Celery task, permissions and region scoping of the uploaded files."""

import io
import json

import pytest
from django.urls import reverse
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.catalogue.exchange.importer import import_catalogue
from core.listings.admin.forms import ItemForm
from core.listings.exchange.importer import import_listing
from core.listings.models import ImplementationItem
from core.uploads import tasks
from core.uploads.models import ImportJob
from tenants.models import Region
from tests import conftest
from tests.admin.helpers import admin_client, post_data, staff_user

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db
FOOD = "000131106000"
FOOD_CODE = "11340104MB3579887N4000131106000"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    return conftest.private_storage(settings, "imports", tmp_path / "private")


@pytest.fixture
def shushan():
    import_catalogue(Region.objects.get(slug="anhui"), SAMPLES / "catalogue-sample.json")
    region = Region.objects.get(slug="shushan")
    import_listing(region, SAMPLES / "listing-sample.json")
    return region


def url(name, *args):
    return reverse(f"uploads_admin:{name}", args=args)


def food() -> ImplementationItem:
    with schema_context("shushan"):
        return ImplementationItem.objects.get(matter__basic_code=FOOD)


def job_of(pk: int) -> ImportJob:
    with schema_context("shushan"):
        return ImportJob.objects.get(pk=pk)


def edited_export(client, edits: dict, **query) -> io.BytesIO:
    """The list exported through the admin, with cells (sheet, header) of FOOD's first row
    set to new values, as a clerk saves it from Excel."""
    response = client.get(url("export", "listing"), {"format": "xlsx", **query})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    for (sheet, header), value in edits.items():
        ws = book[sheet]
        column = [c.value for c in ws[1]].index(header)
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == FOOD)
        row[column].value = value
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "蜀山区实施清单.xlsx"
    return out


def test_clerk_exports_edits_two_cells_previews_exactly_them_and_applies(shushan):
    client = admin_client("shushan")
    old = food()
    upload = edited_export(
        client,
        {
            ("实施清单", "办理时间"): "周一至周六 9:00-17:00",
            ("申请材料", "来源渠道"): "政府部门核发",
        },
    )
    response = client.post(url("home", "listing"), {"file": upload})
    assert response.status_code == 302
    with schema_context("shushan"):
        job = ImportJob.objects.get()
    assert (job.state, job.file_name, job.background) == ("previewed", "蜀山区实施清单.xlsx", False)
    page = client.get(response.url).content.decode()
    assert page.count("data-field") == 2
    assert "办理时间" in page and "申请材料 第1项 · 来源渠道" in page
    assert "20 政府部门核发" in page and "周一至周六 9:00-17:00" in page
    assert food().revision == old.revision  # nothing written by the preview
    response = client.post(url("apply", job.pk))
    assert response.status_code == 302
    job = job_of(job.pk)
    assert job.state == "applied"
    assert job.outcome == "蜀山区实施清单.xlsx：新认领 0 项，更新要素 1 项，发布 1 项，未变化 2 项"
    new = food()
    assert (new.hours, new.materials[0]["source"], new.state) == (
        "周一至周六 9:00-17:00", "20", "published",
    )  # fmt: skip
    assert client.post(url("apply", job.pk)).status_code == 302  # a second click does nothing
    assert food().revision == new.revision


def test_an_untouched_export_previews_as_no_change(shushan):
    client = admin_client("shushan")
    upload = edited_export(client, {})
    response = client.post(url("home", "listing"), {"file": upload})
    page = client.get(response.url).content.decode()
    assert "蜀山区实施清单.xlsx：没有变化（3 项均与现有数据一致）" in page
    assert "确认导入" not in page


def test_problems_are_listed_with_sheet_row_and_column_and_cancel_deletes_the_file(
    shushan, private_storage
):
    client = admin_client("shushan")
    upload = edited_export(client, {("实施清单", "到办事现场次数"): "很多"})
    response = client.post(url("home", "listing"), {"file": upload})
    page = client.get(response.url).content.decode()
    assert page.count("data-problem") == 1
    assert "<td>实施清单</td><td>3</td><td>到办事现场次数</td><td>J3</td>" in page
    with schema_context("shushan"):
        job = ImportJob.objects.get()
    assert job.state == "invalid"
    stored = private_storage / job.file.name
    assert stored.exists()
    response = client.post(url("cancel", job.pk))
    assert response.status_code == 302
    assert (job_of(job.pk).state, stored.exists()) == ("cancelled", False)


def test_a_filtered_export_holds_only_the_selection(shushan):
    client = admin_client("shushan")
    response = client.get(url("export", "listing"), {"format": "json", "state": "draft"})
    document = json.loads(b"".join(response.streaming_content))
    assert [i["basic_code"] for i in document["items"]] == ["000105001000"]
    assert response["X-Exported-Count"] == "1"
    response = client.get(url("export", "listing"), {"format": "json", "q": "食品"})
    assert [i["basic_code"] for i in json.loads(b"".join(response.streaming_content))["items"]] == [
        FOOD
    ]


def test_a_large_file_is_previewed_and_applied_by_the_celery_task(
    shushan, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_KB = 0
    client = admin_client("shushan")
    upload = edited_export(client, {("实施清单", "办理时间"): "全天"})
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(url("home", "listing"), {"file": upload})
    assert len(queued) == 1  # the preview task, sent once the upload is committed
    with schema_context("shushan"):
        job = ImportJob.objects.get()
    assert (job.state, job.background) == ("uploaded", True)
    assert client.get(url("status", job.pk)).json() == {
        "state": "uploaded",
        "label": "已上传，等待预览",
        "running": True,
        "done": 0,
        "total": None,
    }
    assert "<progress" in client.get(response.url).content.decode()
    with schema_context("shushan"):
        tasks.preview_job.run(job.pk)
        tasks.preview_job.run(job.pk)  # delivered twice: previewed once
    assert client.get(url("status", job.pk)).json()["state"] == "previewed"
    with django_capture_on_commit_callbacks() as queued:
        client.post(url("apply", job.pk))
    assert (len(queued), job_of(job.pk).state) == (1, "applying")
    with schema_context("shushan"):
        tasks.apply_job.run(job.pk, "shushan_admin")
    job = job_of(job.pk)
    assert (job.state, job.done, job.total) == ("applied", 3, 3)
    assert food().hours == "全天"


def test_jobs_are_scoped_to_the_region_by_schema_and_id(shushan):
    client = admin_client("shushan")
    response = client.post(url("home", "listing"), {"file": edited_export(client, {})})
    with schema_context("shushan"):
        job = ImportJob.objects.get()
        ImportJob.objects.filter(pk=job.pk).update(region_id=Region.objects.get(slug="hefei").pk)
    assert client.get(response.url).status_code == 404
    assert client.get(url("status", job.pk)).status_code == 404
    assert client.post(url("apply", job.pk)).status_code == 404


def test_catalogue_exchange_only_on_the_province_and_apply_needs_a_reviewer(shushan):
    assert admin_client("shushan").get(url("home", "catalogue")).status_code == 404
    assert admin_client("anhui").get(url("home", "catalogue")).status_code == 200
    clerk = staff_user("shushan", "clerk_no_review")
    upload = edited_export(admin_client("shushan"), {("实施清单", "办理时间"): "全天"})
    response = clerk.post(url("home", "listing"), {"file": upload})
    assert "需要审核权限" in clerk.get(response.url).content.decode()
    with schema_context("shushan"):
        job = ImportJob.objects.get()
    refused = clerk.post(url("apply", job.pk))  # Wagtail turns PermissionDenied into this
    assert (refused.status_code, refused.url) == (302, "/admin/")
    assert job_of(job.pk).state == "previewed"


def test_only_json_and_xlsx_are_accepted(shushan):
    client = admin_client("shushan")
    upload = io.BytesIO(b"a,b\n")
    upload.name = "list.csv"
    response = client.post(url("home", "listing"), {"file": upload})
    assert response.status_code == 400
    assert "只支持 .json 和 .xlsx 文件" in response.content.decode()
    with schema_context("shushan"):
        assert not ImportJob.objects.exists()


def test_saving_the_unedited_edit_form_changes_nothing(shushan):
    """The form posts CRLF line breaks and the windows in the checkboxes' order."""
    item = food()
    client = admin_client("shushan")
    form = ItemForm(elements=item.local_elements(), region=item.department.region)
    data = post_data(form)
    data["conditions"] = data["conditions"].replace("\n", "\r\n")
    data["revision"] = str(item.revision)
    response = client.post(reverse("listings_admin:edit", args=[item.pk]), data)
    assert response.status_code == 302
    after = food()
    assert (after.revision, after.state, after.conditions) == (
        item.revision, "published", item.conditions,
    )  # fmt: skip
