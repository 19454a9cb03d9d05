"""The portal home of a region, for a county as for a province.

A county's citizens use its own guides and those of its city and province (``Scope.serving``);
a province or city host is also where the people of the regions below look, so its hot
services, themes and 一件事 count the guides of every region below it too (``Scope.shown``),
and it lists those regions with what each offers. Everything is read from the public
projection with aggregate queries: a province with 200,000 guides loads no more rows than a
county (only its own chain's guides are listed one by one).
"""

from functools import cached_property
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, Min
from django.db.models.functions import Substr
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.domain import codes, themes
from core.domain.scope import Scope, scope_for
from core.published import stamps as published_stamps
from core.published.models import PublishedGuide
from core.published.models_ratings import Rating

from . import fragments
from .portal import chain_guides, search_page_url
from .regions import region_switcher
from .sections import DepartmentPage, TopicPage
from .templatetags.portal import portal_url

HOT_COUNT = 8
HOT_SECONDS = 60  # 热门服务 is recomputed at most this often (ratings rank it)
# 实施编码 = USCC (18) + 行使层级 (1) + 基本编码 (12): the basic code starts at character 20.
BASIC_CODE_START, BASIC_CODE_LENGTH = 20, 12

_FACETS_SQL = """
SELECT f.kind, f.value, count(*) FROM ({inner}) g
CROSS JOIN LATERAL (
    SELECT 'person', jsonb_array_elements_text(g.person_themes)
    UNION ALL SELECT 'legal', jsonb_array_elements_text(g.legal_themes)
    UNION ALL SELECT 'event', jsonb_array_elements_text(g.life_events)
) AS f(kind, value)
GROUP BY f.kind, f.value
"""


def facet_counts(rows) -> dict[str, dict[str, int]]:
    """Guides per 自然人主题, 法人主题 and 一件事 over ``rows``, in one query."""
    inner, params = rows.values(
        "person_themes", "legal_themes", "life_events"
    ).query.sql_with_params()
    counts: dict[str, dict[str, int]] = {"person": {}, "legal": {}, "event": {}}
    with connection.cursor() as cursor:
        cursor.execute(_FACETS_SQL.format(inner=inner), params)
        for kind, value, n in cursor.fetchall():
            counts[kind][value] = n
    return counts


def theme_tiles(counts: dict) -> list[dict]:
    tiles = []
    for audience in (themes.PERSON, themes.LEGAL):
        for code, n in sorted(counts[audience].items()):
            theme = themes.Theme(audience, code)
            tiles.append({"audience": audience, "code": code, "key": theme.keys[0],
                          "label": theme.label, "count": n})  # fmt: skip
    return tiles


def topic_tiles(counts: dict, search_url: str) -> list[dict]:
    """一件事 with guides in scope, in the code list's order: the host's own 一件事 page when it
    has one, else the search filtered by the life event (a province bundles no guides itself)."""
    pages = {t.life_event: t for t in TopicPage.objects.live().order_by("path")}
    tiles = []
    for event in [e for group in codes.LIFE_EVENTS.values() for e in group]:
        page, count = pages.get(event), counts["event"].get(event, 0)
        if page is None and not count:
            continue
        url = page.url if page else f"{search_url}?{urlencode({'life_event': event})}"
        tiles.append(
            {"title": page.title if page else f"{event}一件事", "url": url, "count": count}
        )
    return tiles


def _rated_codes(shown) -> list[str]:
    """Basic codes of the most rated guides in scope (ratings say what people actually use)."""
    rows = (
        Rating.objects.filter(implementation_code__in=shown.values("implementation_code"))
        .annotate(basic=Substr("implementation_code", BASIC_CODE_START, BASIC_CODE_LENGTH))
        .values("basic")
        .annotate(n=Count("id"))
        .order_by("-n", "basic")[:HOT_COUNT]
    )
    return [row["basic"] for row in rows]


def _widest_codes(shown) -> list[str]:
    """Basic codes implemented by the most regions in scope (a province's common services)."""
    rows = (
        shown.values("basic_code")
        .annotate(n=Count("region_code", distinct=True))
        .order_by("-n", "basic_code")[:HOT_COUNT]
    )
    return [row["basic_code"] for row in rows]


def hot_services(page, scope: Scope, chain: list, shown, request, search_url: str) -> list[dict]:
    """Up to eight tiles: the editor's picks, then the most rated, then (province and city) the
    most widely implemented or (county) the nearest guides. A tile links to the guide of the
    host's chain, else to the search for the matter across the regions below."""
    nearest = {}
    for guide in chain:  # nearest region first
        nearest.setdefault(guide.basic_code, guide)
    chosen = list(dict.fromkeys(page.hot_code_list() + _rated_codes(shown)))
    filler = _widest_codes(shown) if scope.descendants else list(nearest)[:HOT_COUNT]
    chosen = list(dict.fromkeys(chosen + filler))  # every filler code is in scope: 8 suffice
    reach = {
        row["basic_code"]: row
        for row in shown.filter(basic_code__in=chosen)
        .values("basic_code")
        .annotate(regions=Count("region_code", distinct=True), name=Min("name"))
    }
    tiles = []
    for code in chosen:
        if code not in reach or len(tiles) >= HOT_COUNT:
            continue
        guide = nearest.get(code)
        name = guide.name if guide else reach[code]["name"]
        url = portal_url(guide.url, request) if guide else f"{search_url}?{urlencode({'q': name})}"
        tiles.append({"name": name, "url": url, "regions": reach[code]["regions"]})
    return tiles


def subregion_tiles(region, scope: Scope, switcher: dict) -> list[dict]:
    """The regions right below a province or city, with the number of guides each offers
    (its own and its counties'), linking to their portals."""
    if not scope.descendants:
        return []
    children = {link.code: link for link in switcher["children"]}
    counts = dict.fromkeys(children, 0)
    rows = (
        PublishedGuide.objects.filter(scope.within())
        .exclude(region_code=region.code)
        .values("region_code", "ancestor_codes")
        .annotate(n=Count("id"))
    )
    for row in rows:
        for code in [row["region_code"], *row["ancestor_codes"]]:
            if code in counts:
                counts[code] += row["n"]
                break
    return [{"name": c.name, "url": c.url, "count": counts[code]} for code, c in children.items()]


def _by_region(region, guides: list) -> list[dict]:
    groups = []
    for node in [region, *region.ancestors()]:
        rows = [g for g in guides if g.region_code == node.code]
        groups.append({"name": node.name, "code": node.code, "guides": rows})
    return groups


def home_stamps(region, scope: Scope) -> tuple[str, ...]:
    """What a home shows is guarded by: the guide lists of its chain (and of the regions below a
    province or city), its pages, and the regions."""
    below = [published_stamps.guides_below(region.code)] if scope.descendants else []
    return (
        *published_stamps.EVERYTHING,
        fragments.pages(connection.schema_name),
        *map(published_stamps.region_guides, scope.chain),
        *below,
    )


class Inputs:
    """What both of the home's fragments read, read at most once per request (and only for a
    fragment that is rendered)."""

    def __init__(self, request, scope: Scope):
        self.request, self.scope, self.region = request, scope, request.tenant

    @cached_property
    def chain(self) -> list:
        return chain_guides(self.region)

    @cached_property
    def shown(self):
        return PublishedGuide.objects.filter(self.scope.shown())

    @cached_property
    def search_url(self) -> str:
        return search_page_url()


def render_body(page, inputs: Inputs) -> dict[str, str]:
    """The home without 热门服务, rendered (the same for every visitor of the host)."""
    region, scope, chain, request = inputs.region, inputs.scope, inputs.chain, inputs.request
    switcher = region_switcher(region, request)
    counts = facet_counts(inputs.shown)
    own = {}
    for guide in chain:
        if guide.region_code == region.code:
            own[guide.department_uscc] = own.get(guide.department_uscc, 0) + 1
    departments = [
        {"page": d, "count": own.get(d.department_uscc, 0)}
        for d in DepartmentPage.objects.live().order_by("path")
    ]
    context = {
        "page": page,
        "switcher": switcher,
        "search_url": inputs.search_url,
        "themes": theme_tiles(counts),
        "departments": departments,
        "topics": topic_tiles(counts, inputs.search_url),
        "subregions": subregion_tiles(region, scope, switcher),
        "guide_groups": _by_region(region, chain),
        "guide_count": len(chain),
    }
    return {
        part: render_to_string(f"cms/home/{part}.html", context, request=request)
        for part in ("top", "rest")
    }


def render_hot(page, inputs: Inputs) -> str:
    hot = hot_services(page, inputs.scope, inputs.chain, inputs.shown, inputs.request,
                       inputs.search_url)  # fmt: skip
    context = {"hot": hot, "below": inputs.scope.descendants}
    return render_to_string("cms/home/hot.html", context, request=inputs.request)


def home_context(page, request) -> dict:
    """The home's parts, rendered once per host and kept while what they show is unchanged
    (``cms.fragments``); 热门服务 also ranks guides by their ratings, which no stamp guards
    (a rating a second would make every home of the province stale), so it is recomputed at
    most every ``HOT_SECONDS``."""
    scope = scope_for(request.tenant.code)
    guarded_by = home_stamps(request.tenant, scope)
    inputs = Inputs(request, scope)
    body, hot = fragments.load([
        fragments.Fragment(fragments.key("home", request, page.pk), guarded_by,
                           lambda: render_body(page, inputs)),
        fragments.Fragment(fragments.key("hot", request, page.pk), guarded_by,
                           lambda: render_hot(page, inputs), ttl=HOT_SECONDS),
    ])  # fmt: skip
    return {
        "home_top": mark_safe(body["top"]),
        "home_hot": mark_safe(hot),
        "home_rest": mark_safe(body["rest"]),
    }
