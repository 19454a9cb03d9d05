"""GuideConnection with keyset cursors over (region_code, basic_code, implementation_code)."""

import graphene
from django.db.models import Q

from ..core.pagination import PageInfo, decode_cursor, encode_cursor
from .body import with_body_hash
from .types import Guide

CURSOR_KIND = "guide"
ORDER = ("region_code", "basic_code", "implementation_code")


class GuideEdge(graphene.ObjectType):
    cursor = graphene.String(required=True)
    node = graphene.Field(Guide, required=True)


class GuideConnection(graphene.ObjectType):
    """一页办事指南。totalCount 只在请求时统计。"""

    total_count = graphene.Int(required=True)
    edges = graphene.List(graphene.NonNull(GuideEdge), required=True)
    page_info = graphene.Field(PageInfo, required=True)

    @staticmethod
    def resolve_total_count(page, info):
        return page["queryset"].count()


def _cursor(guide) -> str:
    return encode_cursor(CURSOR_KIND, [getattr(guide, name) for name in ORDER])


def _after(values: list) -> Q:
    """Rows strictly after the cursor's position in ORDER."""
    if not isinstance(values, list) or len(values) != len(ORDER):
        values = ["", "", ""]
    condition = Q(pk__in=[])
    for i, name in enumerate(ORDER):
        equal = {ORDER[j]: values[j] for j in range(i)}
        condition |= Q(**equal, **{f"{name}__gt": values[i]})
    return condition


def paginate(queryset, size: int, after: str | None) -> dict:
    """One page (one query; size + 1 rows tell whether another page follows)."""
    position = decode_cursor(CURSOR_KIND, after)
    page = with_body_hash(queryset.order_by(*ORDER))
    if position is not None:
        page = page.filter(_after(position))
    rows = list(page[: size + 1])
    rows, more = rows[:size], len(rows) > size
    edges = [{"cursor": _cursor(guide), "node": guide} for guide in rows]
    return {
        "queryset": queryset,
        "edges": edges,
        "page_info": PageInfo(
            has_next_page=more, has_previous_page=position is not None,
            start_cursor=edges[0]["cursor"] if edges else None,
            end_cursor=edges[-1]["cursor"] if edges else None,
        ),
    }  # fmt: skip
