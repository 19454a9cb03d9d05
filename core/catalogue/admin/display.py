"""Readable text for element values (code lists with their labels, limits with units, rows)."""

from core.domain import codes

from ..validation import LABELS

CODE_LISTS = {
    "type": codes.MATTER_TYPES, "levels": codes.LEVELS, "service_objects": codes.SERVICE_OBJECTS,
    "case_type": codes.CASE_TYPES, "forms": codes.HANDLING_FORMS, "visits": codes.VISITS,
    "online_depth": codes.ONLINE_DEPTHS, "level": codes.LEVELS,
}  # fmt: skip
LIMITS = ("statutory_limit", "promised_limit")
LOCAL_LABELS = {
    **LABELS, "promised_limit": "承诺办结时限", "visits": "到办事现场次数",
    "onsite_reason": "必须现场办理原因", "online_depth": "网上办理深度", "forms": "办理形式",
    "online_url": "网上办理地址", "windows": "办理窗口", "service_points": "便民服务点",
    "consult_phone": "咨询电话", "complaint_phone": "监督投诉电话", "hours": "办理时间",
    "special_procedures": "特别程序", "appointment": "支持预约", "express": "支持物流快递",
    "self_service": "支持自助终端", "tongban": "通办范围", "basic_code": "基本编码",
    "implementation_code": "实施编码", "level": "行使层级",
    "catalogue_version": "目录版本",
}  # fmt: skip
ROW_KEYS = {
    "law": "", "number": "", "article": "", "content": "：", "name": "", "situation": "情形：",
    "kind": "", "required": "", "standard": "标准：", "question": "问：", "answer": "答：",
    "description": "", "basis": "依据：",
}  # fmt: skip


def label(name: str) -> str:
    return LOCAL_LABELS.get(name, name)


def limit_text(limit) -> str:
    if not isinstance(limit, dict) or limit.get("value") is None:
        return "—"
    text = codes.format_limit(limit)
    return f"{text}（{limit['note']}）" if limit.get("note") else text


def _code(name: str, value) -> str:
    known = CODE_LISTS[name]
    if value not in known:
        return str(value)
    # numeric lists (visits, depth) read well by label alone; string codes keep their code
    return known[value] if isinstance(value, int) else f"{value} {known[value]}"


def row_text(row) -> str:
    """One row of a list element (a material, a clause, a step …) on one line."""
    if not isinstance(row, dict):
        return str(row)
    parts = [f"{prefix}{row[key]}" for key, prefix in ROW_KEYS.items() if row.get(key)]
    if isinstance(row.get("limit"), dict):
        parts.append(f"时限：{limit_text(row['limit'])}")
    return " ".join(parts) or "—"


def format_value(name: str, value) -> str:
    """A whole element as text; list elements one row per line."""
    if value in (None, "", [], {}):
        return "—"
    if name in LIMITS:
        return limit_text(value)
    if name in CODE_LISTS:
        items = value if isinstance(value, list) else [value]
        return "、".join(_code(name, item) for item in items)
    if isinstance(value, bool):
        return "是" if value else "否"
    if name == "themes" and isinstance(value, dict):
        person = "、".join(codes.PERSON_THEMES.get(c, c) for c in value.get("person") or [])
        legal = "、".join(codes.LEGAL_THEMES.get(c, c) for c in value.get("legal") or [])
        return "；".join(
            t for t in (person and f"自然人：{person}", legal and f"法人：{legal}") if t
        )
    if name == "fee" and isinstance(value, dict):
        head = "收费" if value.get("charged") else "不收费"
        rows = [row_text(item) for item in value.get("items") or []]
        basis = f"（依据：{value['basis']}）" if value.get("basis") else ""
        return "\n".join([head + basis, *rows])
    if name == "result" and isinstance(value, dict):
        return " ".join(str(value[k]) for k in ("type", "name", "sample") if value.get(k)) or "—"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "、".join(value)
    if isinstance(value, list):
        return "\n".join(f"{i}. {row_text(row)}" for i, row in enumerate(value, 1))
    if isinstance(value, dict):
        return "；".join(f"{k}：{v}" for k, v in value.items())
    return str(value)


def material_rows(materials) -> list[dict]:
    """Materials with the label of their source channel, for tables."""
    return [
        {**m, "source_label": codes.MATERIAL_SOURCES.get(m.get("source"), m.get("source"))}
        for m in materials or []
        if isinstance(m, dict)
    ]


def compare_rows(rows: list[dict]) -> list[dict]:
    """Rows of a services' comparison with labels and readable values."""
    return [
        {**row, "label": row.get("label") or label(row["element"]),
         "a_text": format_value(row["element"], row["a"]),
         "b_text": format_value(row["element"], row["b"])}
        for row in rows
    ]  # fmt: skip
