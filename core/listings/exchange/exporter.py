"""Export of a tenant's implementation list (current working elements) as JSON or xlsx."""

import json

from django.db.models import Q
from django_tenants.utils import schema_context

from core.catalogue.exchange import xlsx

from ..models import ImplementationItem
from .columns import ITEM_KEYS, LISTING


def selected(items, selection: dict | None):
    """A filtered selection: ``department`` (id), ``state``, ``type`` (事项类型 code), ``q``
    (part of the 实施编码 or the matter's name); empty values select everything."""
    selection = selection or {}
    if value := selection.get("department"):
        items = items.filter(department_id=value)
    if value := selection.get("state"):
        items = items.filter(state=value)
    if value := selection.get("type"):
        items = items.filter(base_version__type=value)
    if value := selection.get("q"):
        items = items.filter(
            Q(implementation_code__icontains=value) | Q(base_version__name__icontains=value)
        )
    return items


def item_records(region, with_names: bool = False, selection: dict | None = None) -> list[dict]:
    """The JSON records of every entry of a tenant (read inside its schema) or of a
    ``selection`` (see ``selected``), by basic code. ``with_names`` adds the matter name, shown
    in the xlsx file for the reader."""
    with schema_context(region.schema_name):
        items = selected(ImplementationItem.objects.all(), selection)
        items = list(items.select_related("matter", "department", "base_version"))
    items.sort(key=lambda i: (i.matter.basic_code, i.department.short_name, i.level))
    records = []
    for item in items:
        record = {
            "basic_code": item.matter.basic_code,
            "department": item.department.short_name,
            "level": item.level,
            "implementation_code": item.implementation_code,
            **item.local_elements(),
            "publish": item.state == ImplementationItem.State.PUBLISHED,
            "revision": item.revision,
        }
        record = {key: record[key] for key in ITEM_KEYS}
        if with_names:
            record["name"] = item.base_version.name
        records.append(record)
    return records


def listing_document(region, selection: dict | None = None) -> dict:
    return {"tenant": region.slug, "items": item_records(region, selection=selection)}


def export_listing(region, path, fmt: str = "json", selection: dict | None = None) -> int:
    """Write the tenant's list (or a ``selection`` of it) to ``path``; returns the number of
    entries."""
    if fmt == "json":
        document = listing_document(region, selection)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        return len(document["items"])
    records = item_records(region, with_names=True, selection=selection)
    xlsx.write(path, LISTING, records)
    return len(records)
