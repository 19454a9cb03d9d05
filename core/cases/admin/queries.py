"""The 办件 inbox: the cases a staff user handles, filtered by state and deadline."""

from datetime import date

from core.domain import workdays

from .. import access, states
from ..models import Case

DUE_SOON_WORKDAYS = 2
FILTERS = {
    "": "全部待办",
    "soon": f"即将到期（{DUE_SOON_WORKDAYS}个工作日内）",
    "overdue": "已超期",
    "closed": "已办结/已结束",
}


def inbox(user, state: str = "", due: str = "", number: str = "", department: int | None = None,
          today: date | None = None, province_code: str = "", allowed=access.UNKNOWN):  # fmt: skip
    """Cases of the user's departments, most urgent first (open cases by due date).
    ``allowed``: ``access.department_ids(user)`` when the caller has it already."""
    cases = access.visible_cases(user, Case.objects.all(), allowed)
    if department:
        cases = cases.filter(department_id=department)
    if number:
        cases = cases.filter(number__startswith=number.strip().upper())
    if state in states.LABELS:
        cases = cases.filter(state=state)
    elif due == "closed":
        cases = cases.filter(state__in=states.CLOSED)
    else:
        cases = cases.filter(state__in=states.OPEN)
    if due in ("soon", "overdue"):
        today = today or date.today()
        if due == "overdue":
            cases = cases.filter(due_date__lt=today)
        else:
            limit = workdays.add_workdays(today, DUE_SOON_WORKDAYS, province_code)
            cases = cases.filter(due_date__gte=today, due_date__lte=limit)
        cases = cases.filter(state__in=states.OPEN)
    order = ["-finished_at"] if due == "closed" else ["due_date", "submitted_at"]
    return (
        cases.select_related("department")
        .only(
            "number", "state", "due_date", "submitted_at", "applicant_name", "enterprise_name",
            "paused_since", "finished_at", "limit", "province_code", "item_id",
            "department__short_name", "department__name",
        )
        .order_by(*order, "pk")
    )  # fmt: skip
