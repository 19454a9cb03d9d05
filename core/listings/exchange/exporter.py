"""Export of a tenant's implementation list (current working elements) as JSON or xlsx."""

from django_tenants.utils import schema_context

from core.catalogue.exchange import export

from ..models import ImplementationItem
from .columns import ITEM_KEYS, LISTING


def selected(items, selection: dict | None):
    """A filtered selection: ``department`` (id), ``state``, ``type`` (事项类型 code), ``q``
    (part of the 实施编码 or the matter's name); empty values select everything."""
    filters = {"department": "department_id", "state": "state", "type": "base_version__type"}
    return export.selected(items, selection, filters, ("implementation_code", "base_version__name"))


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
    entries (the xlsx file names each matter too, for the reader)."""
    records = item_records(region, with_names=fmt != "json", selection=selection)
    return export.write(path, fmt, {"tenant": region.slug}, "items", records, LISTING)
