"""Small endpoints of the portal: suggestions (JSON) and the search result redirect."""

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.http.request import split_domain_port, validate_host
from django.views.decorators.http import require_GET

from core.published.models import PublishedGuide
from search import analytics
from search.service import suggest as engine_suggest

from .templatetags.portal import portal_url

SUGGESTIONS = 8


@require_GET
def suggest(request):
    """Suggestions while typing: ``/search/suggest?q=身份`` → names and links of live guides."""
    query = request.GET.get("q", "").strip()[:50]
    if not query:
        return JsonResponse({"query": "", "suggestions": []})
    found = engine_suggest(query, request.tenant.code, limit=SUGGESTIONS)
    guides = {
        g.implementation_code: g
        for g in PublishedGuide.objects.filter(
            implementation_code__in=[s.implementation_code for s in found if s.implementation_code]
        ).only("implementation_code", "name", "url", "department_name", "region_code")
    }
    suggestions, seen = [], set()
    for item in found:
        guide = guides.get(item.implementation_code)
        name = guide.name if guide else item.text  # an alias leads to its guide's official name
        if name in seen:
            continue
        seen.add(name)
        suggestions.append({
            "name": name,
            "url": portal_url(guide.url, request) if guide else f"/search/?q={quote(item.text)}",
            "department": guide.department_name if guide else "",
            "region_code": guide.region_code if guide else "",
        })  # fmt: skip
    analytics.record(query, request.tenant.code, "suggest", result_count=len(suggestions),
                     first_result=(found[0].implementation_code or "") if found else "")  # fmt: skip
    return JsonResponse({"query": query, "suggestions": suggestions})


@require_GET
def open_search_result(request, token):
    """A search result link (``/search/open/<token>``, works without JavaScript): record which
    result was opened, then redirect to that guide. The target is the guide the platform
    publishes under the token's code, on a host this deployment serves, never a URL from the
    request: a forged or altered token is a 404."""
    code = analytics.record_opened(token)
    if code is None:
        raise Http404("无效的搜索结果链接")
    guide = PublishedGuide.objects.filter(implementation_code=code).only("url").first()
    if guide is None:
        return _no_store(HttpResponseRedirect("/search/"))  # the guide went offline since
    target = portal_url(guide.url, request)
    host = split_domain_port(urlsplit(target).netloc)[0]
    if not target.startswith("/") and not validate_host(host, settings.ALLOWED_HOSTS):
        raise Http404("无效的搜索结果链接")
    return _no_store(HttpResponseRedirect(target))


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
