"""Export of a tenant's implementation list (current working elements) as JSON or xlsx."""

import json

from django_tenants.utils import schema_context

from core.catalogue.exchange import xlsx

from ..models import ImplementationItem
from .columns import ITEM_KEYS, LISTING


def item_records(region, with_names: bool = False) -> list[dict]:
    """The JSON records of every entry of a tenant (read inside its schema), by basic code.
    ``with_names`` adds the matter name, shown in the xlsx file for the reader."""
    with schema_context(region.schema_name):
        items = list(
            ImplementationItem.objects.select_related("matter", "department", "base_version")
        )
    items.sort(key=lambda i: (i.matter.basic_code, i.department.short_name, i.level))
    records = []
    for item in items:
        record = {
            "basic_code": item.matter.basic_code,
            "department": item.department.short_name,
            "level": item.level,
            **item.local_elements(),
            "publish": item.state == ImplementationItem.State.PUBLISHED,
            "revision": item.revision,
        }
        record = {key: record[key] for key in ITEM_KEYS}
        if with_names:
            record["name"] = item.base_version.name
        records.append(record)
    return records


def listing_document(region) -> dict:
    return {"tenant": region.slug, "items": item_records(region)}


def export_listing(region, path, fmt: str = "json") -> int:
    """Write the tenant's list to ``path``; returns the number of entries."""
    if fmt == "json":
        document = listing_document(region)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        return len(document["items"])
    records = item_records(region, with_names=True)
    xlsx.write(path, LISTING, records)
    return len(records)
