"""Everything a guide page shows, from its projection row: the portal shows exactly what the API
and search show (no per-material queries)."""

import json
from datetime import datetime

from django.db import connection
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.domain import audience, codes
from core.domain.elements import normalise_material
from core.domain.errors import DomainError
from core.domain.urls import safe_url
from core.identity.subject import signed_in_person_id
from core.published import stamps as published_stamps
from core.published.models import PublishedGuide
from core.published.models_ratings import SCORES
from core.published.ratings import client_key, rate_guide, rating_summary
from tenants.models import Department

from . import fragments
from .templatetags.portal import portal_url

NATURES = dict(Department.Nature.choices)


def _labels(values, table) -> str:
    return "、".join(table.get(v, str(v)) for v in values or [])


def material_groups(materials: list[dict]) -> list[dict]:
    """Materials grouped by 办理情形: the common ones first, then each situation in order."""
    groups: dict = {}
    for material in materials or []:
        m = normalise_material(material)
        m["source_label"] = codes.MATERIAL_SOURCES.get(m["source"], m["source"])
        groups.setdefault(m["situation"] or "", []).append(m)
    return [{"situation": key or "通用材料", "materials": items} for key, items in groups.items()]


def attach_files(groups: list[dict], attachments: list[dict], request=None) -> list[dict]:
    """Put each attachment (空白表格、示例样表) under the material it belongs to (``files``);
    returns the ones that name no material of the guide (listed as 表格下载)."""
    files: dict[str, list[dict]] = {}
    for attachment in attachments:
        link = {**attachment, "url": portal_url(attachment["url"], request)}
        files.setdefault(attachment.get("material") or "", []).append(link)
    names = set()
    for group in groups:
        for material in group["materials"]:
            material["files"] = files.get(material["name"], [])
            names.add(material["name"])
    return [a for name, items in files.items() if name not in names for a in items]


def appointment_phone(payload: dict) -> str:
    """Where to book: the first window's phone, else the consultation phone."""
    windows = payload.get("windows_detail") or []
    phones = [w.get("phone") for w in windows] + [payload["local"].get("consult_phone")]
    return next((p for p in phones if p), "")


def object_labels(payload: dict) -> dict[str, str]:
    """The guide's province's 服务对象 labels (provinces number them differently)."""
    region = payload["region"]
    province = (region.get("ancestors") or [region])[-1]["code"]
    return audience.labels(province)


def aliases(payload: dict) -> list[str]:
    both = [*(payload["fixed"].get("aliases") or []), *(payload["local"].get("aliases") or [])]
    return list(dict.fromkeys(both))


def basic_info(payload: dict) -> list[tuple[str, str]]:
    """基本信息 rows, in the order of DOMAIN §4."""
    fixed, local, department = payload["fixed"], payload["local"], payload["department"]
    return [
        ("事项名称", fixed["name"]),
        ("事项类型", codes.MATTER_TYPES.get(fixed["type"], fixed["type"])),
        ("基本编码", payload["basic_code"]),
        ("实施编码", payload["implementation_code"]),
        ("实施主体", department["name"]),
        ("实施主体性质", NATURES.get(department.get("nature"), "其他")),
        ("行使层级", codes.LEVELS.get(payload["level"], payload["level"])),
        ("服务对象", _labels(fixed.get("service_objects"), object_labels(payload))),
        ("办件类型", codes.CASE_TYPES.get(local.get("case_type"), "")),
        ("办理形式", _labels(local.get("forms"), codes.HANDLING_FORMS)),
        ("网上办理深度", codes.ONLINE_DEPTHS.get(local.get("online_depth"), "")),
        ("通办范围", local.get("tongban") or "无"),
        ("日常用语", "、".join(aliases(payload))),
    ]  # fmt: skip


def promise(payload: dict) -> dict:
    """服务承诺: both limits with units and notes, visits and their reason."""
    fixed, local = payload["fixed"], payload["local"]
    statutory, promised = fixed.get("statutory_limit") or {}, local.get("promised_limit") or {}
    return {
        "statutory": codes.format_limit(statutory), "statutory_note": statutory.get("note", ""),
        "promised": codes.format_limit(promised), "promised_note": promised.get("note", ""),
        "visits": codes.VISITS.get(local.get("visits"), ""), "onsite_reason": local.get("onsite_reason", ""),
        "appointment": local.get("appointment"), "express": local.get("express"),
        "self_service": local.get("self_service"),
    }  # fmt: skip


def json_ld(payload: dict) -> str:
    """schema.org GovernmentService, escaped for a <script> element."""
    local, department = payload["local"], payload["department"]
    channel = {"@type": "ServiceChannel", "servicePhone": local.get("consult_phone") or None}
    if url := safe_url(local.get("online_url")):
        channel["serviceUrl"] = url
    if windows := payload.get("windows_detail"):
        place = {
            "@type": "GovernmentOffice",
            "name": windows[0]["hall"],
            "address": windows[0]["address"],
        }
        channel["serviceLocation"] = place
    data = {
        "@context": "https://schema.org", "@type": "GovernmentService",
        "name": payload["fixed"]["name"], "identifier": payload["implementation_code"],
        "serviceType": codes.MATTER_TYPES.get(payload["fixed"]["type"], ""),
        "description": payload["fixed"].get("description", ""), "url": payload["url"],
        "provider": {"@type": "GovernmentOrganization", "name": department["name"],
                     "identifier": department["uscc"]},
        "areaServed": {"@type": "AdministrativeArea", "name": payload["region"]["name"],
                       "identifier": payload["region"]["code"]},
        "audience": {"@type": "Audience", "audienceType": _labels(
            payload["fixed"].get("service_objects"), object_labels(payload))},
        "availableChannel": channel,
    }  # fmt: skip
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def live_payload(page) -> dict:
    """The guide's projected payload; 404 while its entry is not live (the sync removed it)."""
    payload = (
        PublishedGuide.objects.filter(implementation_code=page.implementation_code)
        .values_list("payload", flat=True)
        .first()
    )
    if payload is None:
        raise Http404("该办事指南未发布或已暂停")
    return payload


def facts_context(page, request, payload: dict) -> dict:
    """What the guide's facts show, from its projection row. The additions come from ``page``
    itself in an editor's preview (the revision under review), else from the approved ones
    projected with the guide."""
    local = payload["local"]
    preview = getattr(request, "is_preview", False)
    additions = page.additions() if preview else payload.get("additions") or {}
    groups = material_groups(local.get("materials"))
    others = attach_files(groups, additions.get("attachments") or [], request)
    return {
        "page": page, "guide": payload, "fixed": payload["fixed"], "local": local,
        "basic_info": basic_info(payload), "promise": promise(payload),
        "material_groups": groups, "other_attachments": others,
        "online_url": safe_url(local.get("online_url")),
        "appointment_phone": appointment_phone(payload),
        "faqs": [*(local.get("faqs") or []), *(additions.get("faqs") or [])],
        "notes": additions.get("notes") or "",
        "fee": local.get("fee") or {},
        "published_at": datetime.fromisoformat(payload["published_at"]),
    }  # fmt: skip


def render_facts(page, request) -> dict:
    """The guide's facts rendered (the same for every visitor of the host), with the few values
    the page renders around them for each request (title, JSON-LD, the actions' inputs)."""
    facts = facts_context(page, request, live_payload(page))
    html = {
        name: render_to_string(f"cms/guide/{name}.html", facts, request=request)
        for name in ("intro", "facts", "sections")
    }
    local, promised = facts["local"], facts["promise"]
    return {
        **html,
        "title": facts["fixed"]["name"],
        "json_ld": json_ld(facts["guide"]),
        "actions": {
            "local": {"online_depth": local.get("online_depth"),
                      "consult_phone": local.get("consult_phone")},
            "promise": {"appointment": promised["appointment"]},
            "online_url": facts["online_url"],
            "appointment_phone": facts["appointment_phone"],
        },
    }  # fmt: skip


def _cached_facts_and_rating(page, request) -> tuple[dict, dict]:
    """(rendered facts, rating summary), kept per guide while their stamps are unchanged (one
    Redis round trip when both are current); an editor's preview is always rendered afresh."""
    code = page.implementation_code
    guide_fragment = fragments.Fragment(
        fragments.key("guide", request, page.pk),
        (*published_stamps.EVERYTHING, published_stamps.guide(code),
         fragments.pages(connection.schema_name)),
        lambda: render_facts(page, request),
    )  # fmt: skip
    rating_fragment = fragments.Fragment(
        f"portal:rating:{code}", (published_stamps.rating(code),), lambda: rating_summary(code)
    )
    if getattr(request, "is_preview", False):
        return render_facts(page, request), rating_summary(code)
    facts, rating = fragments.load([guide_fragment, rating_fragment])
    return facts, rating


def guide_context(page, request) -> dict:
    """The template context of a guide page: the guide's rendered facts (cached per guide,
    ``cms.fragments``), its rating summary (cached per guide's ratings) and what depends on the
    request (a rating just posted, its errors). Rendering the facts reads the projection row
    once, whatever the guide's size."""
    facts, rating = _cached_facts_and_rating(page, request)
    return {
        "guide_title": facts["title"], "json_ld": facts["json_ld"],
        "guide_intro": mark_safe(facts["intro"]),
        "guide_facts": mark_safe(facts["facts"]),
        "guide_sections": mark_safe(facts["sections"]),
        **facts["actions"],
        "rating": rating,
        "rating_levels": list(SCORES.items()),
        "rating_errors": getattr(request, "rating_errors", None),
        "rated": request.GET.get("rated") == "1",
    }  # fmt: skip


def handle_rating(page, request) -> list[str] | None:
    """Record a rating posted from the guide page; None on success, else the messages."""
    try:
        score = int(request.POST.get("score", ""))
    except ValueError:
        return ["请选择评价等级"]
    try:
        rate_guide(
            page.implementation_code,
            score,
            request.POST.get("comment", ""),
            "web",
            client_key(request),
            account_id=signed_in_person_id(request),
        )
    except DomainError as error:
        return [escape(p.message) for p in error.problems]
    return None
