"""Audit log: staff changes, logins and provisioning are Wagtail log entries in the acting
tenant's schema (who, when, what changed, from which address); province admins read and export
the entries of their own regions; nobody edits or deletes them through the admin."""

import io
import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from core.audit.views import SHOWN, collect, regions_of
from core.catalogue import services as catalogue
from tenants.config import load_configs
from tenants.models import Region
from tenants.provisioning import provision
from tests.admin.helpers import admin_client, staff_user
from tests.admin.test_listings import edit_data
from tests.factories import catalogue_matter, listing_entry

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"
DOG_REGISTRATION = "340113101000"
CLERK_ADDRESS = "203.0.113.7"
AUDIT = "/admin/audit/"


def entries(slug: str, action: str, username: str | None = None) -> list[ModelLogEntry]:
    """The entries of ``action`` in ``slug``'s schema (by ``username``: the factories' own
    edits, made without a user, are logged too)."""
    with schema_context(slug):
        found = ModelLogEntry.objects.filter(action=action).select_related("user")
        if username is not None:
            found = found.filter(data__username=username)
        return list(found)


def edit_phone_in_admin(phone: str = "0551-65309999"):
    item = listing_entry("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        item.refresh_from_db()
        before, data = item.consult_phone, edit_data(item, consult_phone=phone)
    client = admin_client("shushan")
    response = client.post(
        reverse("listings_admin:edit", args=[item.pk]), data, REMOTE_ADDR=CLERK_ADDRESS
    )
    assert response.status_code == 302
    return item, before


def test_an_entry_edit_is_logged_with_who_before_after_and_address():
    item, before = edit_phone_in_admin()
    [entry] = entries("shushan", "zwfw.listing.edit", "shushan_admin")
    assert entry.user.get_username() == "shushan_admin"
    assert entry.object_id == str(item.pk) and entry.content_changed
    assert entry.data["ip"] == CLERK_ADDRESS
    assert entry.data["changes"] == {"consult_phone": {"before": before, "after": "0551-65309999"}}


def test_a_catalogue_change_is_logged_in_the_acting_province_schema():
    matter = catalogue_matter(DOG_REGISTRATION)
    with schema_context("anhui"):
        draft = catalogue.start_version(matter, "anhui_admin")
        old = draft.name
        catalogue.update_draft(
            draft, {"name": "养犬登记（新版）", "change_note": "名称调整"}, "anhui_admin"
        )
        catalogue.submit_version(draft, "anhui_admin")
    [edit] = entries("anhui", "zwfw.catalogue.edit")
    assert edit.data["changes"] == {
        "name": {"before": old, "after": "养犬登记（新版）"},
        "change_note": {"before": "", "after": "名称调整"},
    }
    assert edit.data["username"] == "anhui_admin"
    assert len(entries("anhui", "zwfw.catalogue.submit")) == 1
    assert entries("shushan", "zwfw.catalogue.edit") == []


def test_logins_and_failed_logins_are_logged_with_address_never_the_password():
    client = Client(HTTP_HOST=f"shushan.{settings.TENANT_BASE_DOMAIN}")
    login = reverse("wagtailadmin_login")
    secret = "wrong-Password-123"
    client.post(
        login, {"username": "shushan_admin", "password": secret}, REMOTE_ADDR="198.51.100.9"
    )
    client.post(login, {"username": "nobody_here", "password": secret}, REMOTE_ADDR="198.51.100.9")
    failed = entries("shushan", "zwfw.login_failed")
    assert sorted((e.data["username"], e.data["ip"]) for e in failed) == [
        ("nobody_here", "198.51.100.9"),
        ("shushan_admin", "198.51.100.9"),
    ]
    assert all(secret not in json.dumps(e.data) + e.label for e in failed)
    staff_user("shushan", "audit_clerk")  # password "x-test-2026"
    response = client.post(
        login, {"username": "audit_clerk", "password": "x-test-2026"}, REMOTE_ADDR="198.51.100.10"
    )
    assert response.status_code == 302
    [ok] = [e for e in entries("shushan", "zwfw.login") if e.data["ip"]]  # not force_login's
    assert (ok.user.get_username(), ok.data["ip"]) == ("audit_clerk", "198.51.100.10")


@pytest.fixture
def sichuan():
    """A second province with a schema of its own (its provisioning is logged there)."""
    provision(load_configs([str(settings.TENANT_CONFIG_DIR / "regions" / "sichuan.yaml")]))
    return Region.objects.get(slug="sichuan")


def test_a_county_admin_cannot_open_the_audit_view():
    assert admin_client("shushan").get(AUDIT).status_code == 404
    assert admin_client("hefei").get(AUDIT).status_code == 404
    clerk = staff_user("anhui", "anhui_clerk")  # province staff, not a province admin
    assert clerk.get(AUDIT).status_code == 404


def test_the_province_sees_its_counties_entries_and_not_another_provinces(sichuan):
    [provisioned] = entries("sichuan", "zwfw.provision")  # provisioning is logged in its schema
    assert provisioned.label.startswith("四川省")
    assert "管理员 sichuan_admin" in provisioned.data["changes_made"]
    edit_phone_in_admin()
    page = admin_client("anhui").get(AUDIT).content.decode()
    assert "蜀山区" in page and "修改清单事项" in page and CLERK_ADDRESS in page
    assert "四川省" not in page.split("<tbody>")[1]
    theirs = collect(regions_of(sichuan), {}, SHOWN)  # what sichuan's admin is shown
    assert {row["region"] for row in theirs} == {"四川省"}
    assert "开通或更新区划" in {row["action"] for row in theirs}
    only_hefei = {"region": "hefei", "action": "zwfw.listing.edit"}
    filtered = admin_client("anhui").get(AUDIT, only_hefei).content.decode()
    # Other committed tests may have logged edits in 合肥; 蜀山's edit is filtered out.
    assert "蜀山区" not in filtered.split("<tbody>")[1] and CLERK_ADDRESS not in filtered


def test_the_export_contains_the_rows():
    edit_phone_in_admin()
    response = admin_client("anhui").get(
        AUDIT, {"export": "xlsx", "region": "shushan", "action": "zwfw.listing.edit"}
    )
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == ("区划", "时间", "用户", "操作", "对象", "来源地址", "修改内容")
    [row] = [row for row in rows[1:] if row[2] == "shushan_admin"]
    assert row[0] == "蜀山区" and row[2] == "shushan_admin" and row[3] == "修改清单事项"
    assert row[5] == CLERK_ADDRESS and "0551-65309999" in row[6]


def test_staff_cannot_delete_or_alter_log_entries_through_the_admin():
    edit_phone_in_admin()
    [entry] = entries("shushan", "zwfw.listing.edit", "shushan_admin")
    for slug in ("shushan", "anhui"):
        client = admin_client(slug)  # the region's superuser
        for url in (
            AUDIT,
            reverse("wagtailadmin_reports:site_history"),
            "/admin/snippets/wagtailcore/modellogentry/",
            f"/admin/snippets/wagtailcore/modellogentry/delete/{entry.pk}/",
            f"/admin/snippets/wagtailcore/modellogentry/edit/{entry.pk}/",
        ):
            assert client.post(url, {"label": "x", "data": "{}"}).status_code in (404, 405), url
    with schema_context("shushan"):
        entry_now = ModelLogEntry.objects.get(pk=entry.pk)
        assert (entry_now.label, entry_now.data) == (entry.label, entry.data)


def test_a_search_setting_edit_is_logged_by_wagtail_and_with_before_after():
    from search.models import Synonym

    own = Synonym.objects.create(province=Region.objects.get(slug="anhui"), term="开饭店",
                                 official="食品经营许可")  # fmt: skip
    edit = reverse(Synonym.snippet_viewset.get_url_name("edit"), args=[own.pk])
    response = admin_client("anhui").post(
        edit, {"term": "开餐馆", "official": "食品经营许可"}, REMOTE_ADDR=CLERK_ADDRESS
    )
    assert response.status_code == 302
    [wagtails] = entries("anhui", "wagtail.edit")
    assert (wagtails.object_id, wagtails.data["ip"]) == (str(own.pk), CLERK_ADDRESS)
    [ours] = entries("anhui", "zwfw.search.edit", "anhui_admin")
    assert ours.data["changes"] == {"term": {"before": "开饭店", "after": "开餐馆"}}
