"""guide(implementationCode) and guides(...)."""

import graphene
from django.db.models import Q

from core.domain import audience as audiences
from core.domain import themes
from core.domain.scope import Scope, province_of, scope_for
from core.published.models import PublishedGuide

from ..core.enums import enum_value
from ..core.errors import api_error
from ..core.pagination import page_arguments, page_size
from ..region.arguments import region_code
from ..region.types import Audience
from .connection import GuideConnection, paginate
from .dependencies import declare_guide, declare_guide_list
from .enums import MatterType, RegionScope
from .ratings import with_rating_row
from .rows import guide_row
from .types import Guide


def in_region(code: str, scope: str):
    """Guides of a region: its own, also those below it, or all a citizen there can use."""
    if scope == RegionScope.WITHIN.value:
        return scope_for(code).within()
    if scope == RegionScope.AVAILABLE.value:
        return scope_for(code).serving()
    return Scope(code).own()  # needs no chain


def theme_filter(value: str):
    if error := themes.theme_error(value):
        raise api_error("INVALID_THEME", error, argument="theme")
    return themes.parse(value).q()


class GuideQueries(graphene.ObjectType):
    guide = graphene.Field(Guide, implementation_code=graphene.String(required=True),
                           description="按实施编码取已发布的办事指南；未发布或已下线时为 null")  # fmt: skip
    guides = graphene.Field(
        GuideConnection, required=True,
        region=graphene.String(description="区划代码；区划站点上默认本区划，平台站点上必填"),
        scope=graphene.Argument(RegionScope, default_value=RegionScope.OWN.value),
        department=graphene.String(description="实施主体统一社会信用代码"),
        theme=graphene.String(description="服务主题：p090（自然人）、l005（法人）或主题代码如 030"),
        life_event=graphene.String(description="一件事，如 准入准营"),
        audience=graphene.Argument(Audience),
        matter_type=graphene.Argument(MatterType),
        **page_arguments(),
        description="按区划、部门、主题、一件事列出已发布的办事指南（游标分页）",
    )  # fmt: skip

    @staticmethod
    def resolve_guide(root, info, implementation_code):
        declare_guide(info, implementation_code)
        return guide_row(implementation_code, ratings=with_rating_row(info, implementation_code))

    @staticmethod
    def resolve_guides(root, info, scope, first=None, after=None, **filters):
        size = page_size(first)
        code = region_code(info, filters.get("region"))
        condition = in_region(code, enum_value(scope))
        if department := filters.get("department"):
            condition &= Q(department_uscc=department)
        if theme := filters.get("theme"):
            condition &= theme_filter(theme)
        if event := filters.get("life_event"):
            condition &= Q(life_events__contains=[event])
        if audience := enum_value(filters.get("audience")):
            condition &= audiences.audience_q(audience, province_of(code))
        if matter_type := enum_value(filters.get("matter_type")):
            condition &= Q(matter_type=matter_type)
        declare_guide_list(code, enum_value(scope))
        return paginate(PublishedGuide.objects.filter(condition), size, after)
