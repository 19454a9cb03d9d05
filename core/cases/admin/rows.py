"""The inbox's table rows as HTML, built in Python: 50 rows through the template engine cost
more than the page's query (bench/RESULTS.md, 网上办件 inbox)."""

from django.utils.html import format_html


def _due(case) -> str:
    if case.due_date:
        return case.due_date.isoformat()
    return "计时暂停" if case.paused_since else "—"


def _remaining(remaining: int | None) -> str:
    if remaining is None:
        return "—"
    if remaining < 0:
        return f"超期 {-remaining} 个工作日"
    return f"{remaining} 个工作日"


def row_html(case, remaining: int | None, url: str) -> str:
    overdue = remaining is not None and remaining < 0
    return format_html(
        '<tr class="{}"><td><a href="{}">{}</a></td><td>{}</td><td>{}</td>'
        '<td><span class="w-status w-status--primary">{}</span></td><td>{}</td><td>{}</td></tr>',
        "overdue" if overdue else "", url, case.number,
        case.enterprise_name or case.applicant_name, case.department.short_name,
        case.state_label, _due(case), _remaining(remaining),
    )  # fmt: skip
