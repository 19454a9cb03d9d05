"""Small JSON endpoints of the portal."""

from urllib.parse import quote

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from core.published.models import PublishedGuide
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
    return JsonResponse({"query": query, "suggestions": suggestions})
