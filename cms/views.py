"""Small JSON endpoints of the portal."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .search_adapter import search_guides
from .templatetags.portal import portal_url

SUGGESTIONS = 8


@require_GET
def suggest(request):
    """Suggestions while typing: ``/search/suggest?q=身份`` → names and links of live guides."""
    query = request.GET.get("q", "").strip()[:50]
    if not query:
        return JsonResponse({"query": "", "suggestions": []})
    results = search_guides(query, request.tenant, {}, 1, per_page=SUGGESTIONS)
    suggestions = [
        {
            "name": g.name,
            "url": portal_url(g.url, request),
            "department": g.department_name,
            "region_code": g.region_code,
        }
        for g in results.items
    ]
    return JsonResponse({"query": query, "suggestions": suggestions})
