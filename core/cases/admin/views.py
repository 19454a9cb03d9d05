"""Staff pages of cases in the Wagtail admin: inbox, case detail, actions, files, notice PDFs.

Views are thin: every change goes through ``core.cases.services`` (permission + audit there);
a case the user does not handle is a 404 here, whatever its number."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.domain.errors import DomainError
from core.domain.ids import parse_id
from core.xlsx import CONTENT_TYPE
from tenants.current import current_region, province_of
from tenants.models import Department

from .. import access, clock, notices, results, services, states, uploads
from ..models import Case, CaseFile
from . import queries
from .rows import row_html

PER_PAGE = 50


def _filters(request) -> dict:
    department = request.GET.get("department", "")
    return {
        "state": request.GET.get("state", ""), "due": request.GET.get("due", ""),
        "number": request.GET.get("number", "")[:44],
        "department": parse_id(department),
    }  # fmt: skip


def inbox(request):
    region = current_region()
    filters = _filters(request)
    allowed = access.department_ids(request.user)
    found = queries.inbox(request.user, **filters, today=clock.today(),
                          province_code=province_of(region).code, allowed=allowed)  # fmt: skip
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    today = clock.today()
    cases = list(page.object_list)
    # "<inbox>/<pk>/" (admin/urls.py): one reverse, not one per row (~0.5 ms each in the admin)
    prefix = reverse("cases_admin:inbox")
    rows = [
        row_html(c, r, f"{prefix}{c.pk}/")
        for c, r in zip(cases, clock.remaining_many(cases, today), strict=True)
    ]
    departments = Department.objects.filter(region=region, is_active=True)
    if allowed is not None:
        departments = departments.filter(pk__in=allowed)
    return TemplateResponse(request, "cases/admin/inbox.html", {
        "rows": rows, "page": page, "filters": filters, "due_filters": queries.FILTERS,
        "states": states.CHOICES, "departments": departments, "page_title": "办件",
        "header_icon": "tasks",
    })  # fmt: skip


def _case(request, pk) -> Case:
    case = get_object_or_404(
        Case.objects.select_related("item__base_version", "item_version", "department"), pk=pk
    )
    if not access.can_handle(request.user, case):
        raise Http404("没有找到该办件")
    return case


def detail(request, pk):
    case = _case(request, pk)
    others = Department.objects.filter(region_id=case.department.region_id, is_active=True)
    return TemplateResponse(request, "cases/admin/detail.html", {
        "case": case, "materials": case.materials.all(), "files": case.files.all(),
        "events": case.events.all(), "notice": getattr(case, "supplement_notice", None),
        "remaining": clock.remaining(case), "available": states.available(case.state, False),
        "departments": others.exclude(pk=case.department_id), "page_title": case.number,
        "result": results.of(case), "accept": ",".join(f".{t}" for t in uploads.TYPES),
        "header_icon": "doc-full",
    })  # fmt: skip


def _supplement_items(post) -> list[dict]:
    """The builder's rows: a ticked material and what must be corrected."""
    return [
        {"material": name, "reason": post.get(f"reason-{index}", "")}
        for index, name in enumerate(post.getlist("material_names"))
        if post.get(f"pick-{index}")
    ]


ACTIONS = {
    "request_supplement": lambda c, u, p: services.request_supplement(
        c, u, _supplement_items(p), p.get("note", "")
    ),
    "accept": lambda c, u, p: services.accept(c, u),
    "reject": lambda c, u, p: services.reject(c, u, p.get("reason", "")),
    "advance_step": lambda c, u, p: services.advance_step(c, u, p.get("note", "")),
    "suspend": lambda c, u, p: services.suspend(c, u, p.get("reason", "")),
    "resume": lambda c, u, p: services.resume(c, u),
    "transfer": lambda c, u, p: services.transfer(
        c,
        u,
        get_object_or_404(Department, pk=parse_id(p.get("department")) or 0),
        p.get("reason", ""),
    ),
    "return_case": lambda c, u, p: services.return_case(c, u, p.get("reason", "")),
}


def _complete(case, request):
    """办结 with the result document the clerk attached (or the generated 决定书)."""
    post = request.POST
    return services.complete(
        case, request.user, post.get("decision") == "approve", post.get("reason", ""),
        post.get("result_name", ""), request.FILES.get("result_file"),
        request.build_absolute_uri("/"),
    )  # fmt: skip


@require_POST
def act(request, pk, action):
    case = _case(request, pk)
    if action not in ACTIONS and action != "complete":
        raise Http404("没有这个操作")
    try:
        if action == "complete":
            done = _complete(case, request)
        else:
            done = ACTIONS[action](case, request.user, request.POST)
    except (DomainError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        label = states.LABELS_OF_TRANSITIONS[action]
        messages.success(request, f"办件 {done.number}：已{label}，当前状态“{done.state_label}”")
    return redirect("cases_admin:detail", pk=case.pk)


def export(request):
    """办件 of a period (``?from=2026-11-01&to=2026-11-30``) as xlsx; region admins only."""
    from datetime import date

    from .. import export as exporting

    if not request.user.is_superuser:
        raise PermissionDenied("只有本区划管理员可以导出办件数据")
    try:
        start = date.fromisoformat(request.GET.get("from", ""))
        end = date.fromisoformat(request.GET.get("to", ""))
    except ValueError as error:
        raise Http404("请以 from=YYYY-MM-DD&to=YYYY-MM-DD 指定期间") from error
    response = HttpResponse(
        exporting.to_xlsx(exporting.cases_between(start, end)), content_type=CONTENT_TYPE
    )
    name = f"cases-{current_region().slug}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def case_file(request, pk):
    found = get_object_or_404(CaseFile.objects.select_related("case"), pk=pk, case__isnull=False)
    if not access.can_handle(request.user, found.case):
        raise Http404("没有找到该文件")
    return _stream(request, found)


def result_document(request, pk):
    """The result document of a case the user handles."""
    found = results.of(_case(request, pk))
    if found is None:
        raise Http404("该办件没有结果文书")
    return _stream(request, found)


def _stream(request, found):
    try:
        handle = uploads.open_file(found)
    except FileNotFoundError as error:
        raise Http404("文件已不存在") from error
    inline = request.GET.get("download") != "1"
    response = FileResponse(handle, content_type=found.content_type, as_attachment=not inline,
                            filename=found.original_name)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def notice_pdf(request, pk, kind):
    case = _case(request, pk)
    if kind not in notices.KINDS:
        raise Http404("没有这种文书")
    try:
        pdf = notices.render_pdf(case, kind, request.build_absolute_uri("/"))
    except DomainError as error:
        raise Http404(str(error)) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{kind}-{case.number}.pdf"'
    return response
