"""The page step of a guide's sync: the entry's guide page exists and is live exactly while the
entry is live. Only identity (title, slug, codes) and the live switch are written here; the
page's revisions belong to the editors' additions and their moderation, so a publish from the
listing never cancels a workflow in progress or drops a pending note."""

from contextvars import ContextVar

from django.db import transaction

from .guide_page import GuidePage
from .models import DepartmentPage, IndexPage, TopicPage
from .structure import sections


def _ensure_department(index: IndexPage, department: dict, key_hint: str) -> None:
    if DepartmentPage.objects.filter(department_uscc=department["uscc"]).exists():
        return
    title = department.get("name") or department["uscc"]
    index.add_child(
        instance=DepartmentPage(title=title, slug=key_hint, department_uscc=department["uscc"])
    )


def _ensure_topics(index: IndexPage, events: list[str]) -> None:
    existing = set(
        TopicPage.objects.filter(life_event__in=events).values_list("life_event", flat=True)
    )
    for event in events:
        if event not in existing:
            slug = _topic_slug(event)
            index.add_child(instance=TopicPage(title=f"{event}一件事", slug=slug, life_event=event))


def _topic_slug(event: str) -> str:
    from pypinyin import lazy_pinyin

    return "-".join(lazy_pinyin(event))


def _identity(entry_id: int, snapshot: dict) -> dict:
    name = snapshot["fixed"]["name"]
    return {
        "entry_id": entry_id, "title": name, "draft_title": name,
        "implementation_code": snapshot["implementation_code"],
        "basic_code": snapshot["basic_code"], "department_uscc": snapshot["department"]["uscc"],
        "slug": snapshot["implementation_code"].lower(),
    }  # fmt: skip


# True while the sync itself publishes a page: that publish needs no new sync request.
SYNCING = ContextVar("guide_page_syncing", default=False)


def _create(guides: IndexPage, identity: dict) -> GuidePage:
    page = GuidePage(live=False, **identity)
    guides.add_child(instance=page)
    token = SYNCING.set(True)
    try:
        page.save_revision(log_action=True, clean=False).publish(log_action=True)
    finally:
        SYNCING.reset(token)
    return page


def _update_identity(page: GuidePage, guides: IndexPage, identity: dict, live: bool) -> None:
    changed = [name for name, value in identity.items() if getattr(page, name) != value]
    if not changed and page.live == live:
        return
    for name in changed:
        setattr(page, name, identity[name])
    fields = {*changed, "live"}
    if "slug" in changed:
        page.set_url_path(guides)
        fields.add("url_path")
    page.live = live
    # A plain save: no revision, no workflow side effects, no page_published signal.
    page.save(update_fields=sorted(fields), clean=False)


@transaction.atomic
def match_page(entry_id: int, guide) -> dict | None:
    """Make the entry's page match ``guide`` (a ``GuideState``, or None: not live); returns the
    page's URL and approved additions for a live guide."""
    page = GuidePage.objects.filter(entry_id=entry_id).first()
    if guide is None:
        if page is not None and page.live:
            GuidePage.objects.filter(pk=page.pk).update(live=False)
        return None
    found = sections()
    snapshot = guide.snapshot
    _ensure_department(found["departments"], snapshot["department"], guide.department_key or "dept")
    _ensure_topics(found["topics"], snapshot["fixed"].get("life_events") or [])
    identity = _identity(entry_id, snapshot)
    if page is None:  # a page left by an entry that no longer holds this code is taken over
        page = GuidePage.objects.filter(slug=identity["slug"]).exclude(entry_id=entry_id).first()
    if page is None:
        page = _create(found["guides"], identity)
    else:
        _update_identity(page, found["guides"], identity, live=True)
    site_root = page.get_site().root_url if page.get_site() else ""
    return {"url": page.get_full_url(), "additions": page.additions(site_root)}
