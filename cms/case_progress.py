"""办件进度查询 (number + 查询码, any host, rate-limited), 我的办件 and 一事一评, all from the
public case register."""

from django.contrib import messages
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from core.case_register import progress
from core.case_register.models import CaseRecord
from core.case_register.rating import rate_case
from core.cases import states
from core.domain.errors import DomainError
from core.published.models_ratings import SCORES
from core.published.ratings import client_key

from .case_portal import applicant_of, region_host_url, sign_in_url


def _view(record: CaseRecord) -> dict:
    return {
        "record": record, "state_label": states.LABELS.get(record.state, record.state),
        "finished": record.state in states.FINISHED, "closed": record.state in states.CLOSED,
    }  # fmt: skip


@require_http_methods(["GET", "POST"])
def query(request):
    """GET shows the form; POST looks up (the pair never travels in a URL or a log line)."""
    number = progress.normalise(request.GET.get("number", ""))[:44]  # from the notices' QR code
    context = {"scores": SCORES.items(), "number": number, "searched": False}
    if request.method == "POST":
        number = request.POST.get("number", "")
        code = request.POST.get("query_code", "")
        context.update(number=progress.normalise(number), searched=True)
        try:
            record = progress.lookup(number, code, client_key(request))
            if record is not None and request.POST.get("score"):
                _rate(request, record)
                record.refresh_from_db()
        except DomainError as error:
            context["error"] = "；".join(p.message for p in error.problems)
            record = None
        if record is not None:
            context.update(_view(record), query_code=progress.normalise(code))
        elif "error" not in context:
            context["error"] = "办件编号或查询码不正确"
    status = 400 if context.get("error") else 200
    return TemplateResponse(request, "cms/cases/progress.html", context, status=status)


def _rate(request, record) -> None:
    try:
        score = int(request.POST.get("score", ""))
    except ValueError:
        score = 0
    try:
        rate_case(record, score, request.POST.get("comment", ""), "web", client_key(request))
    except DomainError as error:
        messages.error(request, "；".join(p.message for p in error.problems))
    else:
        messages.success(request, "感谢您的评价")


def mine(request):
    """我的办件: every case of the signed-in person (or of the enterprise they act for)."""
    person = applicant_of(request)
    if person is None:
        return TemplateResponse(
            request, "cms/cases/mine.html", {"sign_in_url": sign_in_url(request)}
        )
    records = progress.records_of(person.person_id, person.enterprise_id).select_related("region")
    rows = [
        {**_view(r), "url": region_host_url(request, r.region, f"/cases/{r.number}/"),
         "result_url": region_host_url(request, r.region, f"/cases/{r.number}/result/")
         if r.has_result_document else ""}
        for r in records[:200]
    ]  # fmt: skip
    return TemplateResponse(request, "cms/cases/mine.html", {"rows": rows, "applicant": person})
