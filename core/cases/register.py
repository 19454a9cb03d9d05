"""Make the public register row of a case match the case (state-based, idempotent)."""

from core.case_register.digests import applicant_digest, query_code_digest
from core.case_register.models import CaseRecord
from tenants.current import current_region

from . import clock, states
from .models import CaseEvent, ResultDocument, SupplementNotice


def _timeline(case) -> list[dict]:
    events = CaseEvent.objects.filter(case=case).order_by("at", "pk")
    return [
        {"action": e.action, "label": states.LABELS_OF_TRANSITIONS.get(e.action, e.action),
         "state": e.to_state, "at": e.at.isoformat()}
        for e in events.only("action", "to_state", "at")
    ]  # fmt: skip


def sync_case(case) -> CaseRecord:
    region = current_region()
    notice = SupplementNotice.objects.filter(case=case).first()
    values = {
        "number": case.number,
        "query_code_digest": query_code_digest(case.number, case.query_code),
        "applicant_digest": applicant_digest(case.applicant_person_id,
                                             case.applicant_enterprise_id),
        "region_code": region.code,
        "ancestor_codes": [r.code for r in region.ancestors()],
        "implementation_code": case.item.implementation_code,
        "matter_name": (case.item_version.elements.get("fixed") or {}).get("name") or case.item.name,
        "department_uscc": case.department.uscc,
        "department_name": case.department.name,
        "applicant_type": "legal" if case.applicant_enterprise_id is not None else "person",
        "state": case.state,
        "step_name": case.step_name if case.state in (states.PROCESSING, states.SUSPENDED) else "",
        "limit": case.limit,
        "submitted_at": case.submitted_at,
        "accepted_at": case.accepted_at,
        "finished_at": case.finished_at,
        "due_date": case.due_date,
        "paused": case.paused_since is not None,
        "supplement_requested": notice is not None,
        "supplement_items": [i["material"] for i in notice.items] if notice else [],
        "on_time": clock.on_time(case) if case.state in states.FINISHED else None,
        "has_result_document": ResultDocument.objects.filter(case=case).exists(),
        "timeline": _timeline(case),
    }  # fmt: skip
    record, _ = CaseRecord.objects.update_or_create(region=region, case_id=case.pk, defaults=values)
    return record
