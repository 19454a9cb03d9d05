"""Shape checks of element values (materials, limits, fees …) shared by the catalogue and the
implementation lists. Each check appends Problems whose field is a path such as
``materials[2].kind`` so importers and forms can point at the exact cell."""

from . import codes
from .errors import Problem
from .urls import url_problem

MATERIAL_DEFAULTS = {
    "name": "", "kind": "原件", "form": "纸质", "original_copies": 1, "copies": 0,
    "required": "必要", "source": "10", "source_note": "", "paper_size": "", "notes": "",
    "situation": None, "e_license": False,
}  # fmt: skip
EMPTY_FEE = {"charged": False, "basis": "", "items": [], "online_payment": False}


def _choice(problems, path, value, allowed, label):
    if value not in allowed:
        shown = "、".join(str(a) for a in allowed if a != "")
        problems.append(Problem(path, f"{label}“{value}”无效，可选：{shown}"))


def check_url(problems: list, path: str, value, label: str) -> None:
    """A link element (``online_url``): http(s) only, see ``core.domain.urls``."""
    if message := url_problem(value):
        problems.append(Problem(path, f"{label}无效：{message}"))


def check_limit(problems: list, path: str, limit, required: bool = True) -> None:
    if not limit:
        if required:
            problems.append(Problem(path, "时限必填（数值和单位）"))
        return
    if not isinstance(limit, dict) or not isinstance(limit.get("value"), int | float):
        problems.append(Problem(path, "时限应为 {value: 数值, unit: 工作日|自然日}"))
        return
    if limit["value"] < 0:
        problems.append(Problem(f"{path}.value", "时限不能为负数"))
    _choice(problems, f"{path}.unit", limit.get("unit"), codes.LIMIT_UNITS, "时限单位")


def normalise_material(material: dict) -> dict:
    return {**MATERIAL_DEFAULTS, **material}


def check_materials(problems: list, path: str, materials) -> None:
    if not isinstance(materials, list):
        problems.append(Problem(path, "申请材料应为列表"))
        return
    for index, material in enumerate(materials):
        where = f"{path}[{index}]"
        if not isinstance(material, dict) or not str(material.get("name", "")).strip():
            problems.append(Problem(f"{where}.name", "材料名称必填"))
            continue
        m = normalise_material(material)
        _choice(problems, f"{where}.kind", m["kind"], codes.MATERIAL_KINDS, "材料类型")
        _choice(problems, f"{where}.form", m["form"], codes.MATERIAL_FORMS, "材料形式")
        _choice(problems, f"{where}.required", m["required"], codes.MATERIAL_REQUIRED, "必要性")
        _choice(problems, f"{where}.source", m["source"], list(codes.MATERIAL_SOURCES), "来源渠道")
        for key in ("original_copies", "copies"):
            if not isinstance(m[key], int) or m[key] < 0:
                problems.append(Problem(f"{where}.{key}", "份数应为非负整数"))


def check_steps(problems: list, path: str, steps) -> None:
    if not isinstance(steps, list):
        problems.append(Problem(path, "办理流程应为列表"))
        return
    for index, step in enumerate(steps):
        if not isinstance(step, dict) or not str(step.get("name", "")).strip():
            problems.append(Problem(f"{path}[{index}].name", "环节名称必填"))
        elif step.get("limit"):
            check_limit(problems, f"{path}[{index}].limit", step["limit"])


def check_fee(problems: list, path: str, fee) -> None:
    if not fee:
        return
    if not isinstance(fee, dict) or not isinstance(fee.get("charged", False), bool):
        problems.append(Problem(path, "收费应为 {charged: 是否收费, basis, items, online_payment}"))
        return
    for index, item in enumerate(fee.get("items") or []):
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            problems.append(Problem(f"{path}.items[{index}].name", "收费项目名称必填"))
        elif not str(item.get("standard", "")).strip():
            problems.append(Problem(f"{path}.items[{index}].standard", "收费标准必填"))


def check_result(problems: list, path: str, result) -> None:
    if result and result.get("type"):
        _choice(problems, f"{path}.type", result["type"], codes.RESULT_TYPES, "审批结果类型")


def check_faqs(problems: list, path: str, faqs) -> None:
    for index, faq in enumerate(faqs or []):
        if not isinstance(faq, dict) or not faq.get("question") or not faq.get("answer"):
            problems.append(Problem(f"{path}[{index}]", "常见问题需同时填写问题和解答"))


def check_legal_basis(problems: list, path: str, clauses) -> None:
    if not clauses:
        problems.append(Problem(path, "设定依据至少一条（法律法规名称、条款号、条款内容）"))
        return
    for index, clause in enumerate(clauses):
        for key, label in (("law", "法律法规名称"), ("article", "条款号"), ("content", "条款内容")):
            if not isinstance(clause, dict) or not str(clause.get(key, "")).strip():
                problems.append(Problem(f"{path}[{index}].{key}", f"{label}必填"))


def check_themes(problems: list, path: str, themes, service_objects) -> None:
    if not isinstance(themes, dict):
        problems.append(Problem(path, "服务主题应为 {person: [...], legal: [...]}"))
        return
    for key, known in (("person", codes.PERSON_THEMES), ("legal", codes.LEGAL_THEMES)):
        for index, code in enumerate(themes.get(key) or []):
            if code not in known:
                problems.append(Problem(f"{path}.{key}[{index}]", f"服务主题代码 {code} 无效"))
