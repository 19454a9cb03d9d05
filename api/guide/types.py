"""Guide: one live 办事指南, everything read from the projection row's payload."""

import graphene

from core.domain import audience as audiences
from core.domain import codes
from core.domain.urls import safe_url

from ..core.types import Code, TimeLimit, code, code_list
from ..matter.loaders import MatterByKey, province_code
from ..rating.types import RatingSummary
from ..region.types import Region, Theme, theme_value
from . import elements as e
from .ratings import rating_summary


def _fixed(guide) -> dict:
    return guide.payload.get("fixed") or {}


def _local(guide) -> dict:
    return guide.payload.get("local") or {}


def _fixed_field(kind, name: str, default, **kwargs):
    return kind(resolver=lambda g, info: _fixed(g).get(name) or default, **kwargs)


def _local_field(kind, name: str, default, **kwargs):
    return kind(resolver=lambda g, info: _local(g).get(name) or default, **kwargs)


def _strings(**kwargs):
    return graphene.List(graphene.NonNull(graphene.String), required=True, **kwargs)


def _list(of, **kwargs):
    return graphene.List(graphene.NonNull(of), required=True, **kwargs)


class Guide(graphene.ObjectType):
    """办事指南（已发布）：基本信息、受理条件、申请材料、流程、收费、依据、常见问题、窗口等。"""

    implementation_code = graphene.String(required=True, description="实施编码（31位）")
    basic_code = graphene.String(required=True, description="基本编码（12位）")
    name = graphene.String(required=True)
    url = graphene.String(required=True, description="门户上的指南地址")
    version = graphene.Int(required=True, description="清单版本号")
    published_at = graphene.DateTime(required=True)
    type = graphene.Field(Code, required=True, description="事项类型")
    level = graphene.Field(Code, description="行使层级")
    status = _fixed_field(graphene.String, "status", "在用", required=True)
    description = _fixed_field(graphene.String, "description", "", required=True)
    service_objects = _list(Code, description="服务对象")
    themes = _list(Theme, description="服务主题（guideCount 恒为 1）")
    life_events = _fixed_field(_strings, "life_events", [], description="一件事")
    aliases = _strings(description="日常用语")
    legal_basis = _fixed_field(_list, "legal_basis", [], of=e.LegalBasis)
    statutory_limit = _fixed_field(graphene.Field, "statutory_limit", None, type_=TimeLimit)
    promised_limit = _local_field(graphene.Field, "promised_limit", None, type_=TimeLimit)
    case_type = graphene.Field(Code, description="办件类型")
    visits = graphene.Int(required=True, description="到办事现场次数（3 表示多次）")
    onsite_reason = _local_field(graphene.String, "onsite_reason", "", required=True)
    online_depth = graphene.Field(e.OnlineDepth, required=True)
    handling_forms = _list(Code, description="办理形式")
    online_url = graphene.String(
        required=True, resolver=lambda g, info: safe_url(_local(g).get("online_url"))
    )
    conditions = _local_field(
        graphene.String, "conditions", "", required=True, description="受理条件"
    )
    materials = _local_field(_list, "materials", [], of=e.Material)
    steps = _local_field(_list, "steps", [], of=e.Step)
    special_procedures = _local_field(_list, "special_procedures", [], of=e.SpecialProcedure)
    fee = _local_field(graphene.Field, "fee", {}, type_=e.Fee, required=True)
    result = _local_field(graphene.Field, "result", None, type_=e.Result)
    faqs = _list(e.Faq, description="常见问题：清单中的，加上编辑补充并审核通过的")
    notes = graphene.String(
        required=True,
        resolver=lambda g, info: (g.payload.get("additions") or {}).get("notes") or "",
        description="补充说明（HTML，编辑补充并审核通过）",
    )
    attachments = _list(e.Attachment, description="附件（空白表格、示例样表）")
    windows = _list(e.Window)
    service_points = _list(e.ServicePoint)
    consult_phone = _local_field(graphene.String, "consult_phone", "", required=True)
    complaint_phone = _local_field(graphene.String, "complaint_phone", "", required=True)
    hours = _local_field(graphene.String, "hours", "", required=True, description="办理时间")
    appointment = _local_field(graphene.Boolean, "appointment", False, required=True)
    express = _local_field(graphene.Boolean, "express", False, required=True)
    self_service = _local_field(graphene.Boolean, "self_service", False, required=True)
    tongban = _local_field(graphene.String, "tongban", "", required=True,
                           description="通办范围：全国 / 跨省 / 跨市 / 跨县，空为不通办")  # fmt: skip
    department = graphene.Field(e.GuideDepartment, required=True, description="实施主体")
    region = graphene.Field(Region, required=True)
    matter = graphene.Field("api.matter.types.Matter", description="基本目录事项（已发布版本）")
    rating_summary = graphene.Field(RatingSummary, required=True, description="好差评汇总")

    @staticmethod
    def resolve_faqs(guide, info):
        added = (guide.payload.get("additions") or {}).get("faqs") or []
        return [*(_local(guide).get("faqs") or []), *added]

    @staticmethod
    def resolve_attachments(guide, info):
        return (guide.payload.get("additions") or {}).get("attachments") or []

    @staticmethod
    def resolve_type(guide, info):
        return code(guide.matter_type, codes.MATTER_TYPES)

    @staticmethod
    def resolve_level(guide, info):
        return code(guide.payload.get("level"), codes.LEVELS)

    @staticmethod
    def resolve_service_objects(guide, info):
        return code_list(
            guide.service_objects,
            audiences.labels(audiences.province_of_guide(guide)),
        )

    @staticmethod
    def resolve_themes(guide, info):
        return [
            theme_value(audience, c, 1)
            for audience, values in (("person", guide.person_themes), ("legal", guide.legal_themes))
            for c in values
        ]

    @staticmethod
    def resolve_aliases(guide, info):
        return guide.aliases

    @staticmethod
    def resolve_case_type(guide, info):
        return code(_local(guide).get("case_type"), codes.CASE_TYPES)

    @staticmethod
    def resolve_visits(guide, info):
        return guide.visits

    @staticmethod
    def resolve_online_depth(guide, info):
        return e.online_depth(guide.online_depth)

    @staticmethod
    def resolve_handling_forms(guide, info):
        return code_list(_local(guide).get("forms"), codes.HANDLING_FORMS)

    @staticmethod
    def resolve_windows(guide, info):
        return guide.payload.get("windows_detail") or []

    @staticmethod
    def resolve_service_points(guide, info):
        return guide.payload.get("service_points_detail") or []

    @staticmethod
    def resolve_department(guide, info):
        return guide.payload.get("department") or {
            "name": guide.department_name,
            "uscc": guide.department_uscc,
        }

    @staticmethod
    def resolve_region(guide, info):
        return guide.payload["region"]

    @staticmethod
    def resolve_matter(guide, info):
        province = province_code(guide.region_code, guide.ancestor_codes)
        return MatterByKey.load(info, (province, guide.basic_code))

    @staticmethod
    def resolve_rating_summary(guide, info):
        return rating_summary(info, guide)
