"""搜索分析 in each region's Wagtail admin: a province sees its regions' searches, a city its
own and its counties', a county its own (another region, by code too, is a 404). From a failing
query a province admin is one click from a pre-filled synonym or best bet."""

from urllib.parse import urlencode

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse

from core.metrics.snapshots import tree
from core.published.models import PublishedGuide
from tenants.models import Region

from . import reports

# The create views of the province's dictionary and best bets (search.wagtail_hooks) and the
# GET parameter each pre-fills from.
SYNONYM_ADD = ("wagtailsnippets_search_synonym:add", "terms")
BEST_BET_ADD = ("wagtailsnippets_search_bestbet:add", "query")

TABS = {
    "top": "热门搜索词",
    "zero": "无结果搜索词",
    "unopened": "首条结果无人打开",
    "trend": "每周趋势",
}
CHANNEL_LABELS = {"": "提交的搜索（门户与接口）", "portal": "门户网站", "graphql": "接口（小程序、App）",
                  "suggest": "输入提示"}  # fmt: skip


def viewer_region(request) -> Region:
    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Region) or tenant.level == Region.Level.SYSTEM:
        raise Http404("搜索分析只在各区划的管理后台提供")
    return tenant


def visible_region(viewer: Region, code: str) -> Region:
    """The viewer's own region or one below it; 404 otherwise (also for a made-up code)."""
    region = tree(viewer).filter(code=code).first()
    if region is None:
        raise Http404("无权查看该区划的搜索分析")
    return region


def fix_link(target: tuple[str, str], text: str) -> str | None:
    name, parameter = target
    try:
        return f"{reverse(name)}?{urlencode({parameter: text})}"
    except NoReverseMatch:  # the dictionary admin moved: no link rather than a broken page
        return None


def _with_fixes(rows: list[dict], province_admin: bool) -> list[dict]:
    for row in rows:
        text = row["normalised"]
        row["synonym_url"] = fix_link(SYNONYM_ADD, text) if province_admin else None
        row["best_bet_url"] = fix_link(BEST_BET_ADD, text) if province_admin else None
    return rows


def _with_guide_names(rows: list[dict]) -> list[dict]:
    codes = {row["first_result"] for row in rows if row.get("first_result")}
    names = dict(
        PublishedGuide.objects.filter(implementation_code__in=codes).values_list(
            "implementation_code", "name"
        )
    )
    for row in rows:
        row["first_result_name"] = names.get(row.get("first_result"), "")
    return rows


def report(request):
    viewer = viewer_region(request)
    region = visible_region(viewer, request.GET.get("region") or viewer.code)
    tab = request.GET.get("report") if request.GET.get("report") in TABS else "top"
    period = reports.PERIODS.get(request.GET.get("period", ""), reports.PERIODS["7"])
    channel = request.GET.get("channel", "")
    channel = channel if channel in reports.CHANNELS else ""
    start, end = reports.window(period)
    events = reports.events_in(region, start, end, channel)
    province_admin = viewer.level == Region.Level.PROVINCE
    rows, trend = [], []
    if tab == "top":
        rows = _with_fixes(reports.top_queries(events), province_admin)
    elif tab == "zero":
        rows = _with_fixes(reports.zero_result_queries(events), province_admin)
    elif tab == "unopened":
        rows = _with_guide_names(_with_fixes(reports.first_never_opened(events), province_admin))
    else:
        trend = reports.weekly_trend(region, channel)
    base = {"region": region.code, "period": period.key, "channel": channel}
    context = {
        "region": region, "tab": tab, "tabs": TABS, "period": period, "periods": reports.PERIODS,
        "channel": channel, "channels": CHANNEL_LABELS, "rows": rows, "trend": trend,
        "totals": reports.totals(events) if tab != "trend" else None,
        "regions": tree(viewer).order_by("code") if viewer.level != Region.Level.COUNTY else [],
        "province_admin": province_admin, "start": start, "end": end,
        "page_title": f"搜索分析：{region.name}", "header_title": f"搜索分析：{region.name}",
    }  # fmt: skip
    context["tab_links"] = [(key, label, "?" + urlencode({**base, "report": key}))
                            for key, label in TABS.items()]  # fmt: skip
    context["period_links"] = [(p, "?" + urlencode({**base, "report": tab, "period": p.key}))
                               for p in reports.PERIODS.values()]  # fmt: skip
    context["channel_links"] = [(key, label, "?" + urlencode({**base, "report": tab,
                                                               "channel": key}))
                                for key, label in CHANNEL_LABELS.items()]  # fmt: skip
    return TemplateResponse(request, "search_analytics/report.html", context)
