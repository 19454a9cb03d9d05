"""SearchConnection (Relay-shaped, with facets and a spelling suggestion) and Suggestion."""

import graphene

from ..core.pagination import PageInfo
from ..guide.types import Guide


class FacetValue(graphene.ObjectType):
    value = graphene.String(required=True, description="用作对应筛选参数的值")
    label = graphene.String(required=True)
    count = graphene.Int(required=True)


def _facet(key: str, description: str):
    return graphene.List(graphene.NonNull(FacetValue), required=True, description=description,
                         resolver=lambda facets, info: facets.get(key, []))  # fmt: skip


class SearchFacets(graphene.ObjectType):
    """分面统计：每项的 value 可直接传回 search 的同名参数。"""

    department = _facet("department", "实施主体（value 为统一社会信用代码）")
    type = _facet("type", "事项类型（value 为类型代码，对应 matterType）")
    service_object = _facet("service_object", "服务对象")
    theme = _facet("theme", "服务主题（value 如 p030 自然人主题、l010 法人主题）")
    online_depth = _facet("online_depth", "网上办理深度")


class SearchEdge(graphene.ObjectType):
    cursor = graphene.String(required=True)
    node = graphene.Field(Guide, required=True)
    score = graphene.Float(required=True, description="相关度")
    highlight = graphene.String(required=True, description="高亮摘要（HTML，命中词以 <mark> 标出）")
    click_token = graphene.String(
        description="用户打开这条结果时传给 reportSearchResultOpened（仅第一页有；未记录时为 null）"
    )


class SearchConnection(graphene.ObjectType):
    """搜索结果：分页、总数、分面与“您是不是要找”。"""

    total_count = graphene.Int(required=True)
    edges = graphene.List(graphene.NonNull(SearchEdge), required=True)
    page_info = graphene.Field(PageInfo, required=True)
    facets = graphene.Field(SearchFacets, required=True)
    suggestion = graphene.String(description="无结果时的拼写建议")
    query = graphene.String(required=True)
    normalised_query = graphene.String(required=True)


class Suggestion(graphene.ObjectType):
    """输入提示。"""

    text = graphene.String(required=True)
    implementation_code = graphene.String(description="直达的指南实施编码；为 null 时是搜索词")
