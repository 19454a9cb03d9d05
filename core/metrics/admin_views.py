"""效能看板 and 预警 in each region's Wagtail admin: a province sees its cities and counties, a
city its counties, a county itself and its departments (by code too: 404 outside the tree)."""

import io
import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from wagtail.admin import messages

from . import dashboard
from .models import Alert
from .snapshots import tree


def overview(request):
    viewer = request.tenant
    region = dashboard.visible_region(viewer, request.GET.get("region") or viewer.code)
    day = dashboard.latest_day(region)
    context = dashboard.view_model(viewer, region, day, request.GET.get("sort", ""))
    if uscc := request.GET.get("department"):
        context["failing"] = dashboard.failing_entries(region, uscc)
        context["department"] = region.departments.filter(uscc=uscc).first()
    if request.GET.get("format") == "xlsx":
        return _xlsx(context)
    context.update(
        page_title=f"效能看板：{region.name}", header_title=f"效能看板：{region.name}",
        trend_json=json.dumps([[d.isoformat(), v] for d, v in context["trend"]]),
    )  # fmt: skip
    return TemplateResponse(request, "metrics/dashboard.html", context)


def _xlsx(context) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "效能看板"
    metrics = context["metrics"]
    sheet.append(["区划/部门", *[m.label for m in metrics]])
    rows = [(context["region"].name + "（含下级）", context["own"])]
    rows += [(r["region"].name, r["cells"]) for r in context["below"]]
    rows += [(d["name"], d["cells"]) for d in context["departments"]]
    for name, cells in rows:
        sheet.append([name, *[c["value"] for c in cells]])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    day = context["day"].isoformat() if context["day"] else "none"
    response["Content-Disposition"] = (
        f'attachment; filename="metrics-{context["region"].code}-{day}.xlsx"'
    )
    return response


@require_POST
def supervise(request, pk):
    """督办: the level above notes what it asked for (never on its own region's alerts)."""
    viewer = request.tenant
    alert = get_object_or_404(Alert, pk=pk, region__in=tree(viewer).exclude(pk=viewer.pk))
    note = (request.POST.get("note") or "").strip()[:2000]
    if note:
        stamp = f"{request.user.get_username()}（{viewer.name}）：{note}"
        alert.supervision_note = "\n".join(filter(None, [alert.supervision_note, stamp]))
        alert.save(update_fields=["supervision_note"])
        messages.success(request, "已记录督办意见")
    return redirect(f"{request.POST.get('next') or '/admin/metrics/'}")
