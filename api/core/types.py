"""Small shared output types."""

import graphene

from core.domain import codes


class Code(graphene.ObjectType):
    """A value from a national code list with its label, e.g. {code: "01", label: "行政许可"}."""

    code = graphene.String(required=True)
    label = graphene.String(required=True)


def code(value, labels: dict) -> dict | None:
    """A Code value; unknown codes keep the code as their label (lists differ by province)."""
    if value in (None, ""):
        return None
    return {"code": str(value), "label": labels.get(value, labels.get(str(value), str(value)))}


def code_list(values, labels: dict) -> list[dict]:
    return [c for v in values or [] if (c := code(v, labels))]


class TimeLimit(graphene.ObjectType):
    """A time limit: value and unit (工作日 or 自然日); value 0 means 即办."""

    value = graphene.Float(required=True)
    unit = graphene.String(required=True)
    note = graphene.String(required=True)
    text = graphene.String(required=True, description="显示文本，如“5个工作日”或“即办”")

    @staticmethod
    def resolve_value(limit, info):
        return float(limit.get("value") or 0)

    @staticmethod
    def resolve_unit(limit, info):
        return limit.get("unit") or "工作日"

    @staticmethod
    def resolve_note(limit, info):
        return limit.get("note") or ""

    @staticmethod
    def resolve_text(limit, info):
        return codes.format_limit(limit) or "即办"
