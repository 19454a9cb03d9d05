"""The province's audit view: log entries of the province and its cities and counties.

Each region's entries live in its own schema; the view reads them per region inside
``schema_context`` and materialises them there (user names resolved in the same schema).
Province admins (superusers of a province tenant) only; anywhere else it is a 404. Read-only:
the view answers GET only, and nothing in the admin edits or deletes log entries."""

import json
from datetime import datetime, time

from django import forms
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tenants.utils import schema_context
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry, PageLogEntry

from core.xlsx import CONTENT_TYPE
from tenants.models import Region

SHOWN = 500  # rows on the page; the export has them all (up to EXPORTED)
EXPORTED = 50_000
COLUMNS = ("区划", "时间", "用户", "操作", "对象", "来源地址", "修改内容")


def is_province_admin(request) -> bool:
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    return (
        tenant is not None and tenant.level == Region.Level.PROVINCE
        and user is not None and user.is_active and user.is_superuser
    )  # fmt: skip


def regions_of(province: Region) -> list[Region]:
    """The province and every city and county under it."""
    found = Region.objects.filter(
        Q(pk=province.pk) | Q(parent=province) | Q(parent__parent=province)
    )
    return list(found.order_by("code"))


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return is_province_admin(request)


class Filters(forms.Form):
    region = forms.ChoiceField(label="区划", required=False)
    user = forms.CharField(label="用户", required=False, max_length=150)
    action = forms.ChoiceField(label="操作", required=False)
    since = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput({"type": "date"})
    )

    def __init__(self, data, regions):
        super().__init__(data)
        self.fields["region"].choices = [("", "全部")] + [(r.slug, r.name) for r in regions]
        self.fields["action"].choices = [("", "全部"), *registry.get_choices()]


def _entries(model, values: dict, limit: int):
    rows = model.objects.all()
    if values.get("action"):
        rows = rows.filter(action=values["action"])
    if user := values.get("user"):
        rows = rows.filter(Q(user__username__icontains=user) | Q(data__username__icontains=user))
    tz = timezone.get_current_timezone()
    if since := values.get("since"):
        rows = rows.filter(timestamp__gte=datetime.combine(since, time.min, tz))
    if until := values.get("until"):
        rows = rows.filter(timestamp__lte=datetime.combine(until, time.max, tz))
    return rows.select_related("user").order_by("-timestamp")[:limit]


def _row(region: Region, entry) -> dict:
    data = entry.data or {}
    username = entry.user.get_username() if entry.user_id and entry.user else ""
    return {
        "region": region.name, "timestamp": timezone.localtime(entry.timestamp),
        "user": username or data.get("username") or "",
        "action": registry.get_action_label(entry.action) if registry.action_exists(entry.action)
        else entry.action,
        "object": entry.label, "ip": data.get("ip", ""),
        "changes": json.dumps(data.get("changes"), ensure_ascii=False) if data.get("changes")
        else "",
    }  # fmt: skip


def collect(regions: list[Region], values: dict, limit: int) -> list[dict]:
    """Entries of the chosen regions, newest first (each region read in its own schema)."""
    rows = []
    for region in regions:
        if values.get("region") and values["region"] != region.slug:
            continue
        with schema_context(region.schema_name):
            for model in (ModelLogEntry, PageLogEntry):
                rows += [_row(region, entry) for entry in _entries(model, values, limit)]
    rows.sort(key=lambda row: row["timestamp"], reverse=True)
    return rows[:limit]


def _xlsx(rows: list[dict]) -> bytes:
    from core.xlsx import table

    fields = ("region", "timestamp", "user", "action", "object", "ip", "changes")
    return table("审计日志", COLUMNS, (
        [row[f].strftime("%Y-%m-%d %H:%M:%S") if f == "timestamp" else row[f] for f in fields]
        for row in rows
    ))  # fmt: skip


@require_GET
def index(request):
    from django.template.response import TemplateResponse

    if not is_province_admin(request):
        raise Http404("审计日志只向省级管理员提供")
    regions = regions_of(request.tenant)
    form = Filters(request.GET or None, regions)
    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(
            _xlsx(collect(regions, values, EXPORTED)),
            content_type=CONTENT_TYPE,
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.xlsx"'
        return response
    query = request.GET.copy()
    query["export"] = "xlsx"
    return TemplateResponse(request, "audit/index.html", {
        "form": form, "rows": collect(regions, values, SHOWN), "shown": SHOWN,
        "export_query": query.urlencode(), "columns": COLUMNS,
    })  # fmt: skip


urlpatterns = [path("", index, name="index")]
