"""Validation of a catalogue version's elements (used by the admin, imports and publishing)."""

from core.domain import audience, codes, elements
from core.domain.errors import Problem

LABELS = {
    "name": "事项名称", "type": "事项类型", "levels": "行使层级", "department": "主管部门",
    "service_objects": "服务对象", "themes": "服务主题", "life_events": "一件事",
    "legal_basis": "设定依据", "aliases": "日常用语", "description": "事项说明",
    "statutory_limit": "法定办结时限", "status": "事项状态", "effective_date": "计划生效日期",
    "cancel_date": "计划取消日期", "case_type": "办件类型", "conditions": "受理条件",
    "materials": "申请材料", "steps": "办理流程", "result": "审批结果", "fee": "收费",
    "faqs": "常见问题",
}  # fmt: skip


def check_version_elements(
    data: dict, basic_code: str = "", province_code: str = ""
) -> list[Problem]:
    """Every problem with the elements of a catalogue version, each naming its field; 服务对象
    codes are the province's own list (core.domain.audience)."""
    problems: list[Problem] = []
    if not str(data.get("name", "")).strip():
        problems.append(Problem("name", "事项名称必填"))
    if data.get("type") not in codes.MATTER_TYPES:
        problems.append(Problem("type", f"事项类型代码“{data.get('type')}”无效"))
    elif basic_code and (message := codes.basic_code_error(basic_code, data["type"])):
        problems.append(Problem("basic_code", message))
    levels = data.get("levels") or []
    if not levels:
        problems.append(Problem("levels", "至少允许一个行使层级"))
    for index, level in enumerate(levels):
        if level not in codes.LEVELS:
            problems.append(Problem(f"levels[{index}]", f"行使层级代码“{level}”无效（1–7）"))
    if not str(data.get("department", "")).strip():
        problems.append(Problem("department", "主管部门必填"))
    objects = data.get("service_objects") or []
    if not objects:
        problems.append(Problem("service_objects", "服务对象必填"))
    known = audience.service_objects(province_code)
    for index, code in enumerate(objects):
        if code not in known:
            listed = "、".join(f"{c} {o.label}" for c, o in known.items())
            problems.append(
                Problem(f"service_objects[{index}]", f"服务对象代码“{code}”无效（可选：{listed}）")
            )
    elements.check_themes(problems, "themes", data.get("themes") or {}, objects)
    elements.check_legal_basis(problems, "legal_basis", data.get("legal_basis"))
    elements.check_limit(problems, "statutory_limit", data.get("statutory_limit"))
    if data.get("status", "在用") not in codes.STATUSES:
        problems.append(Problem("status", f"事项状态“{data.get('status')}”无效"))
    if data.get("case_type", "2") not in codes.CASE_TYPES:
        problems.append(Problem("case_type", f"办件类型“{data.get('case_type')}”无效"))
    elements.check_materials(problems, "materials", data.get("materials") or [])
    elements.check_steps(problems, "steps", data.get("steps") or [])
    elements.check_fee(problems, "fee", data.get("fee") or {})
    elements.check_result(problems, "result", data.get("result") or {})
    elements.check_faqs(problems, "faqs", data.get("faqs") or [])
    return problems
