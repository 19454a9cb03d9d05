"""Bulk creation of new matters, for imports of thousands of them.

The rows written are exactly those ``create_matter`` → ``submit_version`` → ``publish_version``
write for a new matter (version 1, published, the importing user as editor and reviewer, the
matter's current version set; no fan-out, as a first version has no claimants). The elements
were validated by the importer with the same ``check_version_elements`` the services call.
``bulk_create`` sends no post_save, so the importer sends ``catalogue_imported`` on commit
(the API's response cache listens to it).

The matter rows come first, from the codes alone (``create_matters``); the versions follow in
batches as the file is read a second time (``create_versions``), so the elements of no more
than one batch are held at once.
"""

from django.utils import timezone

from core.domain import codes

from ..models import Matter, MatterVersion
from ..services import FIRST_PUBLICATION_NOTE, version_values

BATCH = 500


def create_matters(province, new: list[str], existing: dict[str, int]) -> dict[str, int]:
    """Insert matters without versions for the basic codes ``new`` (main items first, then
    sub-items); ``existing`` maps the catalogue's codes to ids. Returns code → id."""
    ids: dict[str, int] = {}
    for subitems in (False, True):
        group = [code for code in new if codes.is_subitem(code) == subitems]
        for start in range(0, len(group), BATCH):
            matters = [
                Matter(
                    province=province, basic_code=code, is_national=codes.is_national(code),
                    parent_id=_parent_id(code, ids, existing),
                )
                for code in group[start : start + BATCH]
            ]  # fmt: skip
            Matter.objects.bulk_create(matters)
            ids.update((m.basic_code, m.pk) for m in matters)
    return ids


def _parent_id(code: str, created: dict, existing: dict) -> int | None:
    """The main item: created before it, or already in the catalogue (the importer's planner
    checked that it is one or the other)."""
    if not codes.is_subitem(code):
        return None
    main = codes.main_item_code(code)
    return created[main] if main in created else existing[main]


def create_versions(versions: list[tuple[int, dict]], user: str) -> None:
    """Version 1, published, for each (matter id, elements); it becomes the current version."""
    now = timezone.now()
    rows = [
        MatterVersion(
            matter_id=matter_id, number=1, state=MatterVersion.State.PUBLISHED,
            created_by=user, reviewed_by=user, published_at=now,
            change_note=FIRST_PUBLICATION_NOTE, **version_values(data),
        )
        for matter_id, data in versions
    ]  # fmt: skip
    MatterVersion.objects.bulk_create(rows, batch_size=BATCH)
    matters = [Matter(pk=row.matter_id, current_version=row) for row in rows]
    Matter.objects.bulk_update(matters, ["current_version"], batch_size=BATCH)
