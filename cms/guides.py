"""Guide pages follow their entries: written and published when an entry is published,
unpublished when it is withdrawn. Editors' own additions stay untouched."""

from django.db import transaction

from core.jobs import enqueue
from core.published.tasks import withdraw_guide

from .models import DepartmentPage, GuidePage, IndexPage, TopicPage
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


def _fill(page: GuidePage, entry_id: int, snapshot: dict, number: int) -> None:
    page.entry_id, page.entry_version, page.snapshot = entry_id, number, snapshot
    page.title = snapshot["fixed"]["name"]
    page.implementation_code = snapshot["implementation_code"]
    page.basic_code = snapshot["basic_code"]
    page.department_uscc = snapshot["department"]["uscc"]
    page.slug = snapshot["implementation_code"].lower()


@transaction.atomic
def publish_guide(
    entry_id: int, snapshot: dict, number: int, department_key: str = ""
) -> GuidePage:
    """Create or update the entry's guide page with ``snapshot`` and publish that revision."""
    found = sections()
    _ensure_department(found["departments"], snapshot["department"], department_key or "dept")
    _ensure_topics(found["topics"], snapshot["fixed"].get("life_events") or [])
    page = GuidePage.objects.filter(entry_id=entry_id).first()
    if page is None:
        page = GuidePage(live=False)
        _fill(page, entry_id, snapshot, number)
        found["guides"].add_child(instance=page)
    else:
        if page.implementation_code != snapshot["implementation_code"]:  # new USCC or level
            enqueue(withdraw_guide, page.implementation_code)
        _fill(page, entry_id, snapshot, number)
    page.save_revision(log_action=True, clean=False).publish()
    return page


def unpublish_guide(entry_id: int) -> bool:
    """Take the entry's guide offline (kept as a draft for the history); False if none live."""
    page = GuidePage.objects.filter(entry_id=entry_id, live=True).first()
    if page is None:
        return False
    page.unpublish()
    return True


def live_guide_rows() -> list[dict]:
    """Every live guide of the current schema, as ``rebuild_projection`` needs them."""
    pages = GuidePage.objects.live().only(
        "id", "url_path", "entry_version", "snapshot", "last_published_at"
    )
    return [
        {"snapshot": p.snapshot, "version": p.entry_version, "url": p.get_full_url(),
         "published_at": p.last_published_at}
        for p in pages
    ]  # fmt: skip
