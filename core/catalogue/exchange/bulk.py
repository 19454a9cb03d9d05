"""Bulk creation of new matters, for imports of thousands of them.

The rows written are exactly those ``create_matter`` → ``submit_version`` → ``publish_version``
write for a new matter (version 1, published, the importing user as editor and reviewer, the
matter's current version set; no fan-out, as a first version has no claimants). The elements
were validated by the importer with the same ``check_version_elements`` the services call;
catalogue models have no signal receivers that ``bulk_create`` would skip.
"""

from django.utils import timezone

from core.domain import codes

from ..models import Matter, MatterVersion
from ..services import version_values

BATCH = 500


def create_published(province, planned: list, user: str) -> list[str]:
    """Create the planned new matters (main items before sub-items); returns their codes."""
    now = timezone.now()
    created: dict[str, Matter] = {}
    parents: dict[str, Matter] = {}  # main items already in the catalogue
    for subitems in (False, True):
        batch = [p for p in planned if codes.is_subitem(p.code) == subitems]
        matters = [
            Matter(
                province=province, basic_code=p.code, is_national=codes.is_national(p.code),
                parent=_parent(province, p.code, created, parents),
            )
            for p in batch
        ]  # fmt: skip
        Matter.objects.bulk_create(matters, batch_size=BATCH)
        created.update((m.basic_code, m) for m in matters)
    for start in range(0, len(planned), BATCH):
        chunk = planned[start : start + BATCH]
        versions = [
            MatterVersion(
                matter=created[p.code], number=1, state=MatterVersion.State.PUBLISHED,
                created_by=user, reviewed_by=user, published_at=now, **version_values(p.data),
            )
            for p in chunk
        ]  # fmt: skip
        MatterVersion.objects.bulk_create(versions)
        for version in versions:
            version.matter.current_version = version
        Matter.objects.bulk_update([v.matter for v in versions], ["current_version"])
    return [p.code for p in planned]


def _parent(province, code: str, created: dict, parents: dict):
    """The main item: created in this batch, or already in the catalogue (the importer's
    planner checked that it is one or the other)."""
    if not codes.is_subitem(code):
        return None
    main = codes.main_item_code(code)
    if main in created:
        return created[main]
    if main not in parents:
        parents[main] = Matter.objects.get(province=province, basic_code=main)
    return parents[main]
