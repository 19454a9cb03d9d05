"""The two exchanges the admin offers: what previews, imports and exports each kind of file.

Each function is the one the management commands use too (``core.catalogue.exchange`` and
``core.listings.exchange``): the admin adds no import logic of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from core.catalogue.exchange.exporter import export_catalogue
from core.catalogue.exchange.importer import import_catalogue, preview_catalogue
from core.listings.exchange.exporter import export_listing
from core.listings.exchange.importer import import_listing, preview_listing

from .models import ImportJob


def _apply_catalogue(region, path, user: str, expected: dict, progress):
    return import_catalogue(region, path, user=user, progress=progress, expected=expected)


def _apply_listing(region, path, user: str, expected: dict, progress):
    return import_listing(region, path, user=user, expected=expected, progress=progress)


@dataclass(frozen=True)
class Exchange:
    kind: str
    title: str
    preview: Callable  # (region, path) → Preview
    apply: Callable  # (region, path, user, expected, progress) → Outcome; raises ImportFailed
    export: Callable  # (region, path, fmt, selection) → number of records


EXCHANGES = {
    ImportJob.Kind.CATALOGUE: Exchange(
        ImportJob.Kind.CATALOGUE, "基本目录", preview_catalogue, _apply_catalogue, export_catalogue
    ),
    ImportJob.Kind.LISTING: Exchange(
        ImportJob.Kind.LISTING, "实施清单", preview_listing, _apply_listing, export_listing
    ),
}
