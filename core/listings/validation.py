"""Shape checks of an entry's local elements against the code lists and the tenant's
organisation (windows and service points must exist in the region)."""

from core.domain import codes, elements
from core.domain.errors import Problem
from tenants.models import ServicePoint, Window


def check_local_elements(values: dict, region) -> list[Problem]:
    problems: list[Problem] = []
    if "promised_limit" in values:
        elements.check_limit(problems, "promised_limit", values["promised_limit"])
    if values.get("case_type", "2") not in codes.CASE_TYPES:
        problems.append(
            Problem(
                "case_type", f"办件类型“{values['case_type']}”无效（1 即办件、2 承诺件、9 其他）"
            )
        )
    if "visits" in values and values["visits"] not in codes.VISITS:
        problems.append(
            Problem("visits", f"到办事现场次数“{values['visits']}”无效（0、1、2、3=多次）")
        )
    if "online_depth" in values and values["online_depth"] not in codes.ONLINE_DEPTHS:
        problems.append(
            Problem("online_depth", f"网上办理深度“{values['online_depth']}”无效（1–4）")
        )
    for index, form in enumerate(values.get("forms") or []):
        if form not in codes.HANDLING_FORMS:
            problems.append(Problem(f"forms[{index}]", f"办理形式代码“{form}”无效"))
    if values.get("tongban", "") not in codes.TONGBAN:
        problems.append(Problem("tongban", f"通办范围“{values['tongban']}”无效"))
    elements.check_url(problems, "online_url", values.get("online_url"), "网上办理地址")
    elements.check_fee(problems, "fee", values.get("fee") or {})
    elements.check_materials(problems, "materials", values.get("materials") or [])
    elements.check_steps(problems, "steps", values.get("steps") or [])
    elements.check_steps(problems, "special_procedures", values.get("special_procedures") or [])
    elements.check_result(problems, "result", values.get("result") or {})
    elements.check_faqs(problems, "faqs", values.get("faqs") or [])
    _check_places(problems, values, region)
    return problems


def _check_places(problems: list, values: dict, region) -> None:
    windows = values.get("windows") or []
    if windows:
        known = {
            f"{hall_key}/{key}"
            for hall_key, key in Window.objects.filter(
                hall__region=region, is_active=True
            ).values_list("hall__key", "key")
        }
        for index, ref in enumerate(windows):
            if ref not in known:
                problems.append(
                    Problem(f"windows[{index}]", f"窗口“{ref}”不存在（格式：大厅标识/窗口编号）")
                )
    points = values.get("service_points") or []
    if points:
        known = set(
            ServicePoint.objects.filter(region=region, is_active=True).values_list(
                "code", flat=True
            )
        )
        for index, code in enumerate(points):
            if code not in known:
                problems.append(
                    Problem(f"service_points[{index}]", f"便民服务点“{code}”不属于本区划")
                )
