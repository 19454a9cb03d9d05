"""Matter: a 基本目录 item as fixed by its province (published version only)."""

import graphene

from core.domain import codes

from ..core.loaders import then
from ..core.types import Code, TimeLimit, code, code_list
from ..guide.elements import LegalBasis
from ..region.types import Region
from .loaders import GuidesOfMatter


def _version(matter):
    return matter.current_version


class Matter(graphene.ObjectType):
    """基本目录事项：全省统一的固定要素（只公开已发布版本）。"""

    basic_code = graphene.String(required=True)
    name = graphene.String(required=True)
    type = graphene.Field(Code, required=True, description="事项类型")
    is_national = graphene.Boolean(required=True, description="国家目录事项")
    version = graphene.Int(required=True, description="目录版本号")
    status = graphene.String(required=True, description="在用 / 挂起 / 取消")
    department = graphene.String(required=True, description="主管部门")
    levels = graphene.List(graphene.NonNull(Code), required=True, description="行使层级")
    service_objects = graphene.List(graphene.NonNull(Code), required=True)
    description = graphene.String(required=True)
    aliases = graphene.List(graphene.NonNull(graphene.String), required=True)
    life_events = graphene.List(graphene.NonNull(graphene.String), required=True)
    legal_basis = graphene.List(graphene.NonNull(LegalBasis), required=True)
    statutory_limit = graphene.Field(TimeLimit)
    published_at = graphene.DateTime()
    province = graphene.Field(Region, required=True)
    regions = graphene.List(graphene.NonNull(Region), required=True,
                            description="实施该事项且已发布办事指南的区划")  # fmt: skip
    guides = graphene.List(graphene.NonNull("api.guide.types.Guide"), required=True,
                           description="该事项在各区划的已发布办事指南")  # fmt: skip

    @staticmethod
    def resolve_name(matter, info):
        return _version(matter).name

    @staticmethod
    def resolve_type(matter, info):
        return code(_version(matter).type, codes.MATTER_TYPES)

    @staticmethod
    def resolve_version(matter, info):
        return _version(matter).number

    @staticmethod
    def resolve_status(matter, info):
        return _version(matter).status

    @staticmethod
    def resolve_department(matter, info):
        return _version(matter).department

    @staticmethod
    def resolve_levels(matter, info):
        return code_list(_version(matter).levels, codes.LEVELS)

    @staticmethod
    def resolve_service_objects(matter, info):
        return code_list(_version(matter).service_objects, codes.SERVICE_OBJECTS)

    @staticmethod
    def resolve_description(matter, info):
        return _version(matter).description

    @staticmethod
    def resolve_aliases(matter, info):
        return _version(matter).aliases or []

    @staticmethod
    def resolve_life_events(matter, info):
        return _version(matter).life_events or []

    @staticmethod
    def resolve_legal_basis(matter, info):
        return _version(matter).legal_basis or []

    @staticmethod
    def resolve_statutory_limit(matter, info):
        return _version(matter).statutory_limit or None

    @staticmethod
    def resolve_published_at(matter, info):
        return _version(matter).published_at

    @staticmethod
    def resolve_regions(matter, info):
        def regions(guides):
            seen = {}
            for guide in guides:
                seen.setdefault(guide.region_code, guide.payload["region"])
            return list(seen.values())

        return then(GuidesOfMatter.load(info, _key(matter)), regions)

    @staticmethod
    def resolve_guides(matter, info):
        return GuidesOfMatter.load(info, _key(matter))


def _key(matter) -> tuple[str, str]:
    return (matter.province.code, matter.basic_code)
