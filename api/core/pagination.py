"""Opaque cursors and the page arguments shared by every connection."""

import base64
import json

import graphene
from graphene import relay

from .config import DEFAULT_PAGE_SIZE, setting
from .errors import api_error

PageInfo = relay.PageInfo


def encode_cursor(kind: str, value) -> str:
    raw = json.dumps([kind, value], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(kind: str, cursor: str | None):
    """The value inside a cursor of this kind; a foreign or damaged cursor is an error."""
    if not cursor:
        return None
    try:
        found, value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError):
        found, value = None, None
    if found != kind:
        raise api_error("INVALID_CURSOR", f"after 参数不是有效的游标：{cursor}", argument="after")
    return value


def page_size(first: int | None) -> int:
    """Checked ``first``: 1 … GRAPHQL_MAX_PAGE_SIZE (default 20)."""
    if first is None:
        return DEFAULT_PAGE_SIZE
    limit = setting("GRAPHQL_MAX_PAGE_SIZE")
    if not 1 <= first <= limit:
        raise api_error("INVALID_PAGE_SIZE", f"first 应在 1 到 {limit} 之间，实际为 {first}",
                        argument="first", limit=limit)  # fmt: skip
    return first


def page_arguments() -> dict:
    return {
        "first": graphene.Int(description=f"每页条数，默认 {DEFAULT_PAGE_SIZE}，最多 50"),
        "after": graphene.String(description="上一页最后一条的 cursor"),
    }
