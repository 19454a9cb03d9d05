"""The parts of a guide, resolved from its payload dicts (no queries)."""

import graphene

from core.domain import codes
from tenants.models import Department

from ..core.types import Code, TimeLimit, code

NATURES = dict(Department.Nature.choices)


def _text(name: str, **kwargs):
    """A non-null string read from a dict key (missing → "")."""
    return graphene.String(required=True, resolver=lambda obj, info: obj.get(name) or "", **kwargs)


def _bool(name: str, **kwargs):
    return graphene.Boolean(required=True, resolver=lambda obj, info: bool(obj.get(name)), **kwargs)


def _int(name: str, **kwargs):
    return graphene.Int(required=True, resolver=lambda obj, info: int(obj.get(name) or 0), **kwargs)


def _limit(name: str, **kwargs):
    return graphene.Field(TimeLimit, resolver=lambda obj, info: obj.get(name) or None, **kwargs)


class Material(graphene.ObjectType):
    """申请材料。"""

    name = _text("name")
    kind = _text("kind", description="原件 / 复印件 / 原件和复印件")
    form = _text("form", description="纸质 / 电子 / 纸质和电子")
    original_copies = _int("original_copies")
    copies = _int("copies")
    required = _text("required", description="必要 / 非必要 / 容缺后补")
    source = graphene.Field(Code, description="来源渠道")
    source_note = _text("source_note")
    paper_size = _text("paper_size")
    notes = _text("notes")
    situation = graphene.String(description="适用情形；为 null 时所有情形都需要")
    e_license = _bool("e_license", description="可由电子证照替代")

    @staticmethod
    def resolve_source(material, info):
        return code(material.get("source"), codes.MATERIAL_SOURCES)

    @staticmethod
    def resolve_situation(material, info):
        return material.get("situation") or None


class Step(graphene.ObjectType):
    """办理流程的一个环节。"""

    name = _text("name")
    limit = _limit("limit")
    description = _text("description")


class SpecialProcedure(graphene.ObjectType):
    """特别程序（听证、检验、现场核查等）。"""

    name = _text("name")
    limit = _limit("limit")
    counted = _bool("counted", description="是否计入法定办结时限")
    description = _text("description")


class FeeItem(graphene.ObjectType):
    name = _text("name")
    standard = _text("standard")
    basis = _text("basis")
    reducible = _bool("reducible", description="是否允许减免")
    reduction_basis = _text("reduction_basis")


class Fee(graphene.ObjectType):
    """收费。"""

    charged = _bool("charged")
    basis = _text("basis")
    items = graphene.List(graphene.NonNull(FeeItem), required=True,
                          resolver=lambda fee, info: fee.get("items") or [])  # fmt: skip
    online_payment = _bool("online_payment")


class LegalBasis(graphene.ObjectType):
    """设定依据（一条一款）。"""

    law = _text("law")
    number = _text("number", description="文号")
    article = _text("article", description="条款号")
    content = _text("content")
    issuer = _text("issuer")
    effective_date = graphene.String(resolver=lambda b, info: b.get("effective_date") or None)


class Faq(graphene.ObjectType):
    question = _text("question")
    answer = _text("answer")


class Attachment(graphene.ObjectType):
    """A file an editor attached to the guide (blank form, sample), approved in moderation."""

    kind = _text("kind", description="blank 空白表格 / sample 示例样表 / other 其他附件")
    kind_label = _text("kind_label")
    title = _text("title")
    material = _text("material", description="所属申请材料的名称（空：不属于某一材料）")
    url = _text("url", description="下载地址：以附件名称为文件名下载")
    filename = _text("filename")


class Result(graphene.ObjectType):
    """审批结果。"""

    type = _text("type", description="出证 / 出文 / 审批办结 / 其他")
    name = _text("name")
    sample = _text("sample")


class Window(graphene.ObjectType):
    """办理窗口（大厅、地址、时间、电话）。"""

    hall = _text("hall")
    address = _text("address")
    hours = _text("hours")
    window = _text("window", description="窗口编号")
    name = _text("name")
    phone = _text("phone")


class ServicePoint(graphene.ObjectType):
    """乡镇（街道）、村（社区）便民服务点。"""

    code = _text("code")
    name = _text("name")
    address = _text("address")
    hours = _text("hours")
    phone = _text("phone")


class GuideDepartment(graphene.ObjectType):
    """实施主体。"""

    name = _text("name")
    short_name = _text("short_name")
    uscc = _text("uscc", description="统一社会信用代码")
    nature = graphene.Field(Code, required=True)

    @staticmethod
    def resolve_nature(department, info):
        return code(department.get("nature") or "1", NATURES)


class OnlineDepth(graphene.ObjectType):
    """网上办理深度（Ⅰ–Ⅳ级，Ⅳ级为全程网办）。"""

    level = graphene.Int(required=True)
    label = graphene.String(required=True)
    fully_online = graphene.Boolean(required=True)


def online_depth(level) -> dict:
    level = int(level or 1)
    return {"level": level, "label": codes.ONLINE_DEPTHS.get(level, str(level)),
            "fully_online": level == 4}  # fmt: skip
