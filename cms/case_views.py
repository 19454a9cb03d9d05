"""Portal pages of one's own case on its region's host: apply, follow, supplement, withdraw."""

import uuid

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.cases import (
    access,
    application,
    applying,
    clock,
    eligibility,
    results,
    states,
    uploads,
)
from core.cases.models import Case, CaseFile
from core.domain.errors import DomainError
from core.listings.models import ImplementationItem

from .case_portal import applicant_of, sign_in_url, verify_url


def _entry(code: str) -> ImplementationItem:
    item = (
        ImplementationItem.objects.select_related("live_version", "department", "base_version")
        .filter(implementation_code=code)
        .first()
    )
    if item is None or not application.accepts_online(item):
        raise Http404("该事项暂不支持网上申请")
    return item


def _store_files(request, person, specs) -> dict[str, list[int]]:
    """Store the uploaded files of each material (field ``material-<position>``)."""
    given = {spec.name: request.FILES.getlist(f"material-{spec.position}") for spec in specs}
    return _store_checked(person, given)


def _store_checked(person, given: dict[str, list]) -> dict[str, list[int]]:
    """Check every file of the form first (nothing stored when one is refused), then store."""
    uploads.check_all(given)
    return {
        material: [
            uploads.store(f, person.person_id, material, field=f"materials.{material}").pk
            for f in files
        ]
        for material, files in given.items()
        if files
    }


@require_http_methods(["GET", "POST"])
def apply(request, code):
    item = _entry(code)
    person = applicant_of(request)
    elements = application.local(item.live_version)
    chosen = request.POST.getlist("situation") or request.GET.getlist("situation")
    errors = []
    try:
        specs = application.materials_for(elements, chosen)
    except DomainError as error:
        specs, chosen, errors = application.materials_for(elements, []), [], error.problems
    level = eligibility.level_problem_here(person) if person is not None else None
    # one key per rendered form: a double click or a resent post opens one case
    submission_key = request.POST.get("submission_key", "")[:64] or uuid.uuid4().hex
    if request.method == "POST" and person is not None and not errors and level is None:
        try:
            files = _store_files(request, person, specs)
            case = applying.submit(item, person, chosen, files,
                                   request.POST.get("contact_phone", "").strip(),
                                   submission_key=submission_key)  # fmt: skip
        except DomainError as error:
            errors = error.problems
        else:
            messages.success(
                request, f"申请已提交，办件编号 {case.number}，查询码 {case.query_code}"
            )
            return redirect("cases:detail", number=case.number)
    return TemplateResponse(request, "cms/cases/apply.html", {
        "item": item, "elements": elements, "situations": application.situations(elements),
        "chosen": chosen, "specs": specs, "errors": errors, "applicant": person,
        "sign_in_url": sign_in_url(request), "accept": ",".join(f".{t}" for t in uploads.TYPES),
        "max_mb": uploads.max_bytes() // (1024 * 1024), "level_problem": level,
        "verify_url": verify_url(), "submission_key": submission_key,
    }, status=400 if errors or (level and request.method == "POST") else 200)  # fmt: skip


def _own_case(request, number) -> Case:
    """The case, if the signed-in citizen is its applicant; 404 for everyone else."""
    case = get_object_or_404(
        Case.objects.select_related("item__base_version", "item_version", "department"),
        number=number,
    )
    if not access.is_applicant(case, applicant_of(request)):
        raise Http404("没有找到该办件")
    return case


def detail(request, number):
    if applicant_of(request) is None:
        return redirect(sign_in_url(request))
    case = _own_case(request, number)
    notice = getattr(case, "supplement_notice", None)
    return TemplateResponse(request, "cms/cases/detail.html", {
        "case": case, "notice": notice, "events": case.events.all(),
        "materials": case.materials.all(), "files": case.files.all(),
        "remaining": clock.remaining(case), "can_withdraw": states.allowed("withdraw", case.state),
        "needs_supplement": case.state == states.SUPPLEMENT,
        "accept": ",".join(f".{t}" for t in uploads.TYPES), "result": results.of(case),
    })  # fmt: skip


def result_document(request, number):
    """The result document of 办结, to the case's applicant only (404 for everyone else)."""
    found = results.of(_own_case(request, number))
    if found is None:
        raise Http404("该办件没有结果文书")
    return file_response(found, attachment=True)


@require_POST
def supplement(request, number):
    person = applicant_of(request)
    case = _own_case(request, number)
    notice = getattr(case, "supplement_notice", None)
    if notice is None:
        raise Http404("该办件没有补正告知")
    try:
        given = {
            item["material"]: request.FILES.getlist(f"supplement-{index}")
            for index, item in enumerate(notice.items)
        }
        applying.supplement(case, person, _store_checked(person, given))
    except DomainError as error:
        for problem in error.problems:
            messages.error(request, problem.message)
    else:
        messages.success(request, "补正材料已提交，等待预审")
    return redirect("cases:detail", number=number)


@require_POST
def withdraw(request, number):
    case = _own_case(request, number)
    try:
        applying.withdraw(case, applicant_of(request), request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "申请已撤回")
    return redirect("cases:detail", number=number)


def case_file(request, pk):
    """A material file, to its applicant only (staff open files in the admin)."""
    found = get_object_or_404(CaseFile.objects.select_related("case"), pk=pk)
    person = applicant_of(request)
    if found.case is None:
        allowed = person is not None and found.owner_person_id == person.person_id
    else:
        allowed = access.is_applicant(found.case, person)
    if not allowed:
        raise Http404("没有找到该文件")
    return file_response(found)


def file_response(found, attachment: bool = False) -> FileResponse:
    """A stored case file (material or result document), private and not sniffable."""
    try:
        handle = uploads.open_file(found)
    except FileNotFoundError as error:
        raise Http404("文件已不存在") from error
    response = FileResponse(handle, content_type=found.content_type, as_attachment=attachment,
                            filename=found.original_name)  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt  # checked below unless the client authenticates with a Bearer token (no cookies)
@require_POST
def upload(request):
    """Upload one material file before ``submitCase``/``supplementCase``: JSON with its id."""
    bearer = request.headers.get("Authorization", "").startswith("Bearer ")
    csrf = (
        None if bearer else CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    )
    if csrf is not None:
        return JsonResponse({"error": "CSRF 校验失败"}, status=403)
    person = applicant_of(request)
    if person is None:
        return JsonResponse({"error": "请先登录"}, status=401)
    if level := eligibility.level_problem_here(person):
        return JsonResponse({"error": level.message}, status=403)
    given = request.FILES.get("file")
    if given is None:
        return JsonResponse({"error": "请选择文件（字段 file）"}, status=400)
    try:
        stored = uploads.store(given, person.person_id, request.POST.get("material", ""))
    except DomainError as error:
        return JsonResponse({"error": error.problems[0].message}, status=400)
    return JsonResponse({"id": str(stored.pk), "name": stored.original_name, "size": stored.size})
