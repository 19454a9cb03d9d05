"""Region, Department, Theme and LifeEvent types.

A Region value is either a ``tenants.Region`` row or the region dict stored in a guide's payload
({code, name, slug, level, ancestors}); the payload answers code/name/level/parent/ancestors
without a query, so a guide's region costs nothing.
"""

import graphene

from core.domain import codes, themes
from tenants.codes import division_level, full_division_code
from tenants.models import Department as DepartmentModel

from ..core.loaders import then
from ..core.types import Code, code
from .index import region_index
from .loaders import DepartmentsByRegion, GuideFacets


class RegionLevel(graphene.Enum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"

    @property
    def description(self):
        return {"province": "省级", "city": "市级", "county": "县级"}.get(self.value)


class Audience(graphene.Enum):
    """服务对象大类：自然人（个人）或法人（企业和组织）。"""

    PERSON = "person"
    LEGAL = "legal"


def _get(region, name: str):
    return region.get(name) if isinstance(region, dict) else getattr(region, name)


def _payload_parent(region: dict):
    ancestors = region.get("ancestors")
    if ancestors is None:
        return None
    if not ancestors:
        return False  # known: no parent
    return {**ancestors[0], "ancestors": ancestors[1:]}


class Theme(graphene.ObjectType):
    """服务主题（自然人 / 法人）及该区划内的指南数量。"""

    code = graphene.String(required=True)
    key = graphene.String(
        required=True,
        description="主题编码：p090（自然人主题）或 l005（法人主题），即 guides/search 的 theme 参数",
    )
    label = graphene.String(required=True)
    audience = graphene.Field(Audience, required=True)
    guide_count = graphene.Int(required=True)


class LifeEvent(graphene.ObjectType):
    """一件事（人生阶段 / 经营阶段）及该区划内的指南数量。"""

    name = graphene.String(required=True)
    audience = graphene.Field(Audience, required=True)
    guide_count = graphene.Int(required=True)


class Department(graphene.ObjectType):
    """实施主体（部门）。"""

    name = graphene.String(required=True)
    short_name = graphene.String(required=True)
    uscc = graphene.String(required=True, description="统一社会信用代码")
    nature = graphene.Field(Code, required=True, description="实施主体性质")
    phone = graphene.String(required=True)

    @staticmethod
    def resolve_nature(department, info):
        return code(department.nature, dict(DepartmentModel.Nature.choices))


class Region(graphene.ObjectType):
    """区划（省、市、县），各有自己的门户站点。"""

    code = graphene.String(required=True, description="6位行政区划代码")
    full_code = graphene.String(required=True, description="12位行政区划代码")
    name = graphene.String(required=True)
    slug = graphene.String(required=True, description="站点标识（子域名）")
    level = graphene.Field(RegionLevel, required=True)
    parent = graphene.Field(lambda: Region)
    ancestors = graphene.List(graphene.NonNull(lambda: Region), required=True,
                              description="上级区划，直接上级在前，省在最后")  # fmt: skip
    children = graphene.List(graphene.NonNull(lambda: Region), required=True)
    departments = graphene.List(graphene.NonNull(Department), required=True)
    guide_count = graphene.Int(required=True, description="本区划及下级区划的已发布指南数")
    themes = graphene.List(graphene.NonNull(Theme), required=True)
    life_events = graphene.List(graphene.NonNull(LifeEvent), required=True)

    @staticmethod
    def resolve_code(region, info):
        return _get(region, "code")

    @staticmethod
    def resolve_full_code(region, info):
        return full_division_code(_get(region, "code"))

    @staticmethod
    def resolve_name(region, info):
        return _get(region, "name")

    @staticmethod
    def resolve_slug(region, info):
        return _get(region, "slug")

    @staticmethod
    def resolve_level(region, info):
        return _get(region, "level") or division_level(_get(region, "code"))

    @staticmethod
    def resolve_parent(region, info):
        if isinstance(region, dict):
            parent = _payload_parent(region)
            if parent is not None:
                return parent or None
        index = region_index(info)
        row = index.by_code.get(_get(region, "code"))
        return index.parent(row) if row else None

    @staticmethod
    def resolve_ancestors(region, info):
        if isinstance(region, dict) and region.get("ancestors") is not None:
            chain = region["ancestors"]
            return [{**r, "ancestors": chain[i + 1 :]} for i, r in enumerate(chain)]
        index = region_index(info)
        row = index.by_code.get(_get(region, "code"))
        return index.ancestors(row) if row else []

    @staticmethod
    def resolve_children(region, info):
        index = region_index(info)
        row = index.by_code.get(_get(region, "code"))
        return index.children.get(row.pk, []) if row else []

    @staticmethod
    def resolve_departments(region, info):
        return DepartmentsByRegion.load(info, _get(region, "code"))

    @staticmethod
    def resolve_guide_count(region, info):
        future = GuideFacets.load(info, _get(region, "code"))
        return then(future, lambda facets: facets["total"])

    @staticmethod
    def resolve_themes(region, info):
        return then(GuideFacets.load(info, _get(region, "code")), _themes)

    @staticmethod
    def resolve_life_events(region, info):
        return then(GuideFacets.load(info, _get(region, "code")), _life_events)


def _themes(facets: dict) -> list[dict]:
    return [
        theme_value(audience, code, count)
        for audience in (themes.PERSON, themes.LEGAL)
        for code, count in sorted(facets[audience].items())
    ]


def theme_value(audience: str, code: str, guide_count: int) -> dict:
    """A Theme value."""
    theme = themes.Theme(audience, code)
    return {"code": code, "key": theme.keys[0], "label": theme.label, "audience": audience,
            "guide_count": guide_count}  # fmt: skip


def _life_events(facets: dict) -> list[dict]:
    order = [*codes.LIFE_EVENTS["person"], *codes.LIFE_EVENTS["legal"]]
    counted = facets["events"]
    names = [n for n in order if n in counted] + sorted(n for n in counted if n not in order)
    return [{"name": name, "guide_count": counted[name],
             "audience": "legal" if name in codes.LIFE_EVENTS["legal"] else "person"}
            for name in names]  # fmt: skip
