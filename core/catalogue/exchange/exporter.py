"""Export of a province's catalogue (current published versions) as JSON or xlsx."""

import json

from django.db.models import Q

from core.domain import codes

from ..models import Matter
from . import xlsx
from .columns import CATALOGUE, MATTER_KEYS


def _order(matter: Matter):
    """Main items before their sub-items (00Y sorts after 001 otherwise)."""
    code = matter.basic_code
    return (code[:9], codes.is_subitem(code), code)


def selected(matters, selection: dict | None):
    """A filtered selection: ``type`` (事项类型 code), ``status``, ``department`` (part of the
    主管部门), ``q`` (part of the 基本编码 or name); empty values select everything."""
    selection = selection or {}
    if value := selection.get("type"):
        matters = matters.filter(current_version__type=value)
    if value := selection.get("status"):
        matters = matters.filter(current_version__status=value)
    if value := selection.get("department"):
        matters = matters.filter(current_version__department__icontains=value)
    if value := selection.get("q"):
        matters = matters.filter(
            Q(basic_code__icontains=value) | Q(current_version__name__icontains=value)
        )
    return matters


def matter_records(province, selection: dict | None = None):
    """The JSON records of every matter with a published current version (or of a
    ``selection``, see ``selected``), tree order."""
    matters = selected(
        Matter.objects.filter(province=province, current_version__isnull=False), selection
    )
    matters = matters.select_related("current_version", "parent").order_by("basic_code")
    for matter in sorted(matters, key=_order):
        elements = matter.current_version.elements()
        record = {
            "basic_code": matter.basic_code,
            "parent_code": matter.parent.basic_code if matter.parent else None,
            **elements,
        }
        yield {key: record[key] for key in MATTER_KEYS}


def catalogue_document(province, selection: dict | None = None) -> dict:
    return {"province": province.code, "matters": list(matter_records(province, selection))}


def export_catalogue(province, path, fmt: str = "json", selection: dict | None = None) -> int:
    """Write the catalogue (or a ``selection`` of it) to ``path``; returns the number of
    matters."""
    if fmt == "json":
        document = catalogue_document(province, selection)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        return len(document["matters"])
    count = 0

    def counted():
        nonlocal count
        for record in matter_records(province, selection):
            count += 1
            yield record

    xlsx.write(path, CATALOGUE, counted())
    return count
