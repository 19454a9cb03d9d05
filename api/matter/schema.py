"""matter(basicCode, region)."""

import graphene

from core.domain.scope import province_of

from ..region.arguments import region_code
from .loaders import MatterByKey
from .types import Matter


class MatterQueries(graphene.ObjectType):
    matter = graphene.Field(
        Matter, basic_code=graphene.String(required=True),
        region=graphene.String(description="用其所在省的目录；区划站点上默认本区划，平台站点上必填"),
        description="基本目录事项（已发布版本）及实施它的区划；未发布时为 null",
    )  # fmt: skip

    @staticmethod
    def resolve_matter(root, info, basic_code, region=None):
        code = region_code(info, region)
        return MatterByKey.load(info, (province_of(code), basic_code))
