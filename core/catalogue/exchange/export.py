"""What the catalogue and listing exports share: the admin's selection filter and the writing
of a JSON document or an xlsx workbook (``core.catalogue.exchange.exporter``,
``core.listings.exchange.exporter`` say which records and columns)."""

import json
from collections.abc import Iterable

from django.db.models import Q

from . import xlsx


def selected(queryset, selection: dict | None, filters: dict[str, str], search: tuple[str, ...]):
    """``queryset`` narrowed by a ``selection``: each key of ``filters`` filters by its lookup,
    ``q`` finds a part of any ``search`` field; empty values select everything."""
    selection = selection or {}
    for key, lookup in filters.items():
        if value := selection.get(key):
            queryset = queryset.filter(**{lookup: value})
    if value := selection.get("q"):
        found = Q()
        for field in search:
            found |= Q(**{f"{field}__icontains": value})
        queryset = queryset.filter(found)
    return queryset


def write(path, fmt: str, document: dict, key: str, records: Iterable[dict], columns) -> int:
    """Write ``records`` to ``path``: in JSON as ``document`` with the list under ``key``, in
    xlsx as rows of ``columns`` (streamed); returns the number of records."""
    if fmt == "json":
        document = {**document, key: list(records)}
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        return len(document[key])
    count = 0

    def counted():
        nonlocal count
        for record in records:
            count += 1
            yield record

    xlsx.write(path, columns, counted())
    return count
