"""Template helpers of the portal."""

from urllib.parse import urlsplit, urlunsplit

from django import template

from core.domain import codes

register = template.Library()


@register.filter
def limit_text(limit) -> str:
    """A time limit as citizens read it: "10个工作日" or "即办"."""
    return codes.format_limit(limit) or "即办"


def portal_url(url: str, request) -> str:
    """A guide's stored URL as seen from this request: a path on the same host, else the other
    region's host on this request's scheme and port (development serves every region on one)."""
    if not url or request is None:
        return url
    parts = urlsplit(url)
    if parts.hostname == request.get_host().split(":")[0]:
        return urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    port = request.get_port()
    netloc = parts.hostname if port in ("80", "443") else f"{parts.hostname}:{port}"
    scheme = "https" if request.is_secure() else "http"
    return urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment))


@register.simple_tag(takes_context=True)
def guide_url(context, guide) -> str:
    return portal_url(guide.url, context.get("request"))
