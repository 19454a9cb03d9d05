"""search(...) and suggest(...)."""

import graphene

from core.domain.themes import theme_error
from core.published.models import PublishedGuide
from search import analytics, service

from ..core.enums import enum_value
from ..core.errors import api_error
from ..core.pagination import PageInfo, decode_cursor, encode_cursor, page_arguments, page_size
from ..guide.enums import MatterType
from ..region.arguments import region_code
from ..region.types import Audience
from .mutations.report_search_result_opened import ReportSearchResultOpened
from .types import SearchConnection, Suggestion

CURSOR_KIND = "search"


def _edges(results, offset: int, search_id: str | None) -> list[dict]:
    """Edges for the hits, their guides read in one query (a hit gone offline is dropped)."""
    guides = PublishedGuide.objects.in_bulk([hit.guide_id for hit in results.hits])
    return [
        {"cursor": encode_cursor(CURSOR_KIND, offset + i), "node": guides[hit.guide_id],
         "score": hit.score, "highlight": hit.highlight,
         "click_token": search_id and analytics.click_token(search_id, offset + i + 1,
                                                            hit.implementation_code)}
        for i, hit in enumerate(results.hits) if hit.guide_id in guides
    ]  # fmt: skip


class SearchQueries(graphene.ObjectType):
    search = graphene.Field(
        SearchConnection, required=True, query=graphene.String(required=True),
        region=graphene.String(description="区划代码；区划站点上默认本区划，平台站点上必填"),
        audience=graphene.Argument(Audience), matter_type=graphene.Argument(MatterType),
        department=graphene.String(description="实施主体统一社会信用代码"),
        theme=graphene.String(description="服务主题：p090（自然人）、l005（法人）或主题代码如 030"),
        online_depth=graphene.Int(description="网上办理深度 1–4"),
        **page_arguments(),
        description="统一搜索：日常用语、拼音、错别字都能找到；本区划的指南优先",
    )  # fmt: skip
    suggest = graphene.List(
        graphene.NonNull(Suggestion), required=True, prefix=graphene.String(required=True),
        region=graphene.String(), description="输入提示（汉字或拼音前缀）",
    )  # fmt: skip

    @staticmethod
    def resolve_search(root, info, query, first=None, after=None, region=None, **filters):
        size = page_size(first)
        cursor = decode_cursor(CURSOR_KIND, after)
        offset = cursor + 1 if isinstance(cursor, int) else 0
        code = region_code(info, region)
        if (theme := filters.get("theme")) and (error := theme_error(theme)):
            raise api_error("INVALID_THEME", error, argument="theme")
        results = service.search_guides(
            query, code,
            audience=enum_value(filters.get("audience")),
            matter_type=enum_value(filters.get("matter_type")),
            department=filters.get("department"), theme=filters.get("theme"),
            online_depth=filters.get("online_depth"), offset=offset, limit=size,
        )  # fmt: skip
        first = results.hits[0].implementation_code if results.hits else ""
        search_id = analytics.record(query, code, "graphql", result_count=results.total,
                                     first_result=first, first_page=offset == 0)  # fmt: skip
        edges = _edges(results, offset, search_id)
        return {
            "total_count": results.total, "edges": edges, "facets": results.facets,
            "suggestion": results.suggestion, "query": results.query,
            "normalised_query": results.normalised_query,
            "page_info": PageInfo(
                has_next_page=offset + len(results.hits) < results.total,
                has_previous_page=offset > 0,
                start_cursor=edges[0]["cursor"] if edges else None,
                end_cursor=edges[-1]["cursor"] if edges else None,
            ),
        }  # fmt: skip

    @staticmethod
    def resolve_suggest(root, info, prefix, region=None):
        code = region_code(info, region)
        found = service.suggest(prefix, code)
        analytics.record(prefix, code, "suggest", result_count=len(found),
                         first_result=(found[0].implementation_code or "") if found else "")  # fmt: skip
        return found


class SearchMutations(graphene.ObjectType):
    report_search_result_opened = ReportSearchResultOpened.Field()
