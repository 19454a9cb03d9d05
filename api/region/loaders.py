"""Batched reads for regions: departments, and theme / life-event counts of their guides."""

from collections import Counter

from django.db.models import F, Q

from api.core.loaders import Loader
from core.published.models import PublishedGuide
from tenants.models import Department


class DepartmentsByRegion(Loader):
    """Active departments of each region code."""

    def batch_load(self, keys):
        found = {key: [] for key in keys}
        rows = Department.objects.filter(region__code__in=keys, is_active=True).annotate(
            region_code=F("region__code")
        )
        for department in rows.order_by("key"):
            found[department.region_code].append(department)
        return [found[key] for key in keys]


class GuideFacets(Loader):
    """Counts of themes and life events over the live guides in each region (and below it)."""

    def batch_load(self, keys):
        wanted = set(keys)
        condition = Q(region_code__in=keys)
        for key in keys:
            condition |= Q(ancestor_codes__contains=[key])
        counts = {key: {"total": 0, "person": Counter(), "legal": Counter(), "events": Counter()}
                  for key in keys}  # fmt: skip
        rows = PublishedGuide.objects.filter(condition).values_list(
            "region_code", "ancestor_codes", "person_themes", "legal_themes", "life_events"
        )
        for region, ancestors, person, legal, events in rows:
            for key in wanted.intersection([region, *ancestors]):
                bucket = counts[key]
                bucket["total"] += 1
                bucket["person"].update(person)
                bucket["legal"].update(legal)
                bucket["events"].update(events)
        return [counts[key] for key in keys]
