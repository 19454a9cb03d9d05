"""guide(implementationCode) and guides(...)."""

import graphene
from django.db.models import Q

from core.domain import codes
from core.published.models import PublishedGuide

from ..core.enums import enum_value
from ..core.pagination import page_arguments, page_size
from ..region.arguments import region_code
from ..region.types import Audience
from .connection import GuideConnection, paginate
from .enums import MatterType, RegionScope
from .types import Guide

PERSON_OBJECTS = ["1"]
LEGAL_OBJECTS = [c for c in codes.SERVICE_OBJECTS if c not in PERSON_OBJECTS]


def in_region(code: str, scope: str) -> Q:
    """Guides of a region: its own, also those below it, or all a citizen there can use."""
    own = Q(region_code=code)
    if scope == RegionScope.WITHIN.value:
        return own | Q(ancestor_codes__contains=[code])
    if scope == RegionScope.AVAILABLE.value:
        chain = [code[:2] + "0000", code[:4] + "00"]
        return own | Q(region_code__in=[c for c in chain if c != code])
    return own


def audience_filter(audience: str) -> Q:
    """自然人 guides serve object 1; 法人 guides serve any other object."""
    if audience == Audience.PERSON.value:
        return Q(service_objects__contains=PERSON_OBJECTS)
    condition = Q(pk__in=[])
    for value in LEGAL_OBJECTS:
        condition |= Q(service_objects__contains=[value])
    return condition


class GuideQueries(graphene.ObjectType):
    guide = graphene.Field(Guide, implementation_code=graphene.String(required=True),
                           description="按实施编码取已发布的办事指南；未发布或已下线时为 null")  # fmt: skip
    guides = graphene.Field(
        GuideConnection, required=True,
        region=graphene.String(description="区划代码；区划站点上默认本区划，平台站点上必填"),
        scope=graphene.Argument(RegionScope, default_value=RegionScope.OWN.value),
        department=graphene.String(description="实施主体统一社会信用代码"),
        theme=graphene.String(description="服务主题代码，如 030"),
        life_event=graphene.String(description="一件事，如 准入准营"),
        audience=graphene.Argument(Audience),
        matter_type=graphene.Argument(MatterType),
        **page_arguments(),
        description="按区划、部门、主题、一件事列出已发布的办事指南（游标分页）",
    )  # fmt: skip

    @staticmethod
    def resolve_guide(root, info, implementation_code):
        return PublishedGuide.objects.filter(implementation_code=implementation_code).first()

    @staticmethod
    def resolve_guides(root, info, scope, first=None, after=None, **filters):
        size = page_size(first)
        scope = enum_value(scope)
        condition = in_region(region_code(info, filters.get("region")), scope)
        if department := filters.get("department"):
            condition &= Q(department_uscc=department)
        if theme := filters.get("theme"):
            condition &= Q(person_themes__contains=[theme]) | Q(legal_themes__contains=[theme])
        if event := filters.get("life_event"):
            condition &= Q(life_events__contains=[event])
        if audience := enum_value(filters.get("audience")):
            condition &= audience_filter(audience)
        if matter_type := enum_value(filters.get("matter_type")):
            condition &= Q(matter_type=matter_type)
        return paginate(PublishedGuide.objects.filter(condition), size, after)
