"""regions(parent) and region(code)."""

import graphene

from .arguments import host_region, region_code
from .index import region_index
from .types import Region


class RegionQueries(graphene.ObjectType):
    regions = graphene.List(
        graphene.NonNull(Region), required=True,
        parent=graphene.String(description="上级区划代码；省略时在区划站点上为本区划的下级，在平台站点上为各省"),
        description="某区划的下级区划",
    )  # fmt: skip
    region = graphene.Field(Region, code=graphene.String(required=True),
                            description="按6位行政区划代码取区划；不存在或未启用时为 null")  # fmt: skip

    @staticmethod
    def resolve_regions(root, info, parent=None):
        index = region_index(info)
        if parent is None and host_region(info) is None:
            return index.roots()
        row = index.by_code.get(region_code(info, parent, "parent"))
        return index.children.get(row.pk, []) if row else []

    @staticmethod
    def resolve_region(root, info, code):
        return region_index(info).by_code.get(region_code(info, code, "code"))
