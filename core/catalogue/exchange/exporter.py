"""Export of a province's catalogue (current published versions) as JSON or xlsx."""

from core.domain import codes

from ..models import Matter
from . import export
from .columns import CATALOGUE, MATTER_KEYS


def _order(matter: Matter):
    """Main items before their sub-items (00Y sorts after 001 otherwise)."""
    code = matter.basic_code
    return (code[:9], codes.is_subitem(code), code)


def selected(matters, selection: dict | None):
    """A filtered selection: ``type`` (事项类型 code), ``status``, ``department`` (part of the
    主管部门), ``q`` (part of the 基本编码 or name); empty values select everything."""
    filters = {
        "type": "current_version__type",
        "status": "current_version__status",
        "department": "current_version__department__icontains",
    }
    return export.selected(matters, selection, filters, ("basic_code", "current_version__name"))


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
    records = matter_records(province, selection)
    return export.write(path, fmt, {"province": province.code}, "matters", records, CATALOGUE)
