"""Export of a province's catalogue (current published versions) as JSON or xlsx."""

import json

from core.domain import codes

from ..models import Matter
from . import xlsx
from .columns import CATALOGUE, MATTER_KEYS


def _order(matter: Matter):
    """Main items before their sub-items (00Y sorts after 001 otherwise)."""
    code = matter.basic_code
    return (code[:9], codes.is_subitem(code), code)


def matter_records(province):
    """The JSON records of every matter with a published current version, tree order."""
    matters = (
        Matter.objects.filter(province=province, current_version__isnull=False)
        .select_related("current_version", "parent")
        .order_by("basic_code")
    )
    for matter in sorted(matters, key=_order):
        elements = matter.current_version.elements()
        record = {
            "basic_code": matter.basic_code,
            "parent_code": matter.parent.basic_code if matter.parent else None,
            **elements,
        }
        yield {key: record[key] for key in MATTER_KEYS}


def catalogue_document(province) -> dict:
    return {"province": province.code, "matters": list(matter_records(province))}


def export_catalogue(province, path, fmt: str = "json") -> int:
    """Write the catalogue to ``path``; returns the number of matters."""
    if fmt == "json":
        document = catalogue_document(province)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        return len(document["matters"])
    count = 0

    def counted():
        nonlocal count
        for record in matter_records(province):
            count += 1
            yield record

    xlsx.write(path, CATALOGUE, counted())
    return count
