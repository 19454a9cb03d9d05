"""A region's cases of a period as xlsx, for the national 办件 data exchange.

Columns that are GB/T 39046 elements carry its names; the case-specific ones use the usual
names of the national 办件信息 exchange (docs/data-formats.md lists which is which).
Read in the region's own schema by its staff (the file holds the applicant's name and phone:
it is personal data and handled as such).
"""

from datetime import date, datetime, time

from django.utils import timezone

from core.domain.codes import CASE_TYPES
from core.xlsx import table

from . import application, clock, states
from .models import Case

# (header, value of a case). GB/T 39046 data element names where one exists (● in
# docs/data-formats.md): those of the 实施清单 entry the case was opened under; the case's own
# columns (○) are ours.
COLUMNS = (
    ("办件编号", lambda c: c.number),
    ("实施编码", lambda c: c.item.implementation_code),
    ("事项名称", lambda c: c.item.name),
    ("办件类型", lambda c: CASE_TYPES.get(application.local(c.item_version).get("case_type"), "")),
    ("实施主体", lambda c: _entry_department(c).name),
    ("实施主体编码", lambda c: _entry_department(c).uscc),
    ("受理部门", lambda c: c.department.name),
    ("受理部门统一社会信用代码", lambda c: c.department.uscc),
    ("申请人类型", lambda c: "法人" if c.applicant_enterprise_id is not None else "自然人"),
    ("申请人名称", lambda c: c.enterprise_name or c.applicant_name),
    ("经办人姓名", lambda c: c.applicant_name if c.enterprise_name else ""),
    ("联系电话", lambda c: c.contact_phone),
    ("申请方式", lambda c: "网上申请"),
    ("申请时间", lambda c: _time(c.submitted_at)),
    ("受理时间", lambda c: _time(c.accepted_at)),
    ("承诺办结时限", lambda c: clock.limit_value(c.limit)),
    ("承诺办结时限单位", lambda c: c.limit.get("unit") or "工作日"),
    ("办结期限", lambda c: c.due_date.isoformat() if c.due_date else ""),
    ("办结时间", lambda c: _time(c.finished_at) if c.state in states.FINISHED else ""),
    ("办件状态", lambda c: c.state_label),
    ("办理结果", lambda c: c.result_name or c.decision_reason),
    ("是否按期办结", lambda c: {True: "是", False: "否", None: ""}[clock.on_time(c)]
        if c.state in states.FINISHED else ""),
    ("是否补正", lambda c: "是" if hasattr(c, "supplement_notice") else "否"),
    ("暂停计时工作日数", lambda c: c.paused_days),
)  # fmt: skip


def _entry_department(case):
    """实施主体: the entry's department (the case may have been transferred since)."""
    return case.item.department


def _time(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def cases_between(start: date, end: date):
    tz = timezone.get_current_timezone()
    return (
        Case.objects.filter(
            submitted_at__gte=datetime.combine(start, time.min, tz),
            submitted_at__lte=datetime.combine(end, time.max, tz),
        )
        .select_related(
            "item__base_version",
            "item__department",
            "item_version",
            "department",
            "supplement_notice",
        )
        .order_by("submitted_at", "pk")
    )


def to_xlsx(cases) -> bytes:
    return table(
        "办件信息",
        [header for header, _ in COLUMNS],
        ([value_of(case) for _, value_of in COLUMNS] for case in cases.iterator(chunk_size=500)),
    )
