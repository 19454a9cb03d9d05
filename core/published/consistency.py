"""The consistency check: entry ↔ page ↔ projection ↔ search document, and catalogue version ↔
claim base version ↔ SyncJob, per region. Repair goes through the same sync as everything else.
"""

from collections import Counter
from dataclasses import dataclass, field

from django_tenants.utils import get_public_schema_name, schema_context

from core.catalogue.models import MatterVersion, SyncJob
from core.listings.models import ImplementationItem
from tenants.models import Region

from .models import PublishedGuide
from .outbox import request_sync
from .signals import collect_drift, guide_synced


@dataclass(frozen=True)
class Drift:
    """One difference between the write side and the read side."""

    kind: str  # e.g. "projection_missing", "page_orphan", "search_stale", "catalogue_behind"
    schema_name: str
    entry_id: int | None = None
    implementation_code: str = ""
    detail: str = ""


@dataclass
class Report:
    drifts: list[Drift] = field(default_factory=list)
    repaired: int = 0

    def totals(self) -> dict:
        return {"drift": len(self.drifts), "repaired": self.repaired}

    def by_kind_and_region(self) -> Counter:
        return Counter((d.kind, d.schema_name) for d in self.drifts)


def live_entries() -> dict[int, tuple[str, int]]:
    """entry_id → (implementation_code, live version number) of the current schema."""
    rows = (
        ImplementationItem.objects.filter(live_version__isnull=False)
        .exclude(state=ImplementationItem.State.SUSPENDED)
        .values_list("pk", "implementation_code", "live_version__number")
    )
    return {pk: (code, number) for pk, code, number in rows}


def _projection_drift(region: Region, live: dict, rows: dict) -> list[Drift]:
    s = region.schema_name
    drifts = [Drift("projection_missing", s, e, live[e][0]) for e in live.keys() - rows.keys()]
    drifts += [Drift("projection_orphan", s, e, rows[e].implementation_code)
               for e in rows.keys() - live.keys()]  # fmt: skip
    for entry_id in live.keys() & rows.keys():
        row, (code, version) = rows[entry_id], live[entry_id]
        if (row.implementation_code, row.version) != (code, version):
            detail = f"v{row.version} → v{version}"
            drifts.append(Drift("projection_stale", s, entry_id, code, detail))
    return drifts


def _catalogue_drift(region: Region) -> list[Drift]:
    """Entries based on an older catalogue version than their matter's current one, with no job
    still pending for that version (a fan-out that never reached this region)."""
    current = {
        v.matter_id: v
        for v in MatterVersion.objects.filter(
            state=MatterVersion.State.PUBLISHED, matter__claims__region=region
        ).order_by("matter_id", "number")
    }  # the last published version of each matter wins
    jobs = dict(
        SyncJob.objects.filter(region=region)
        .exclude(state=SyncJob.State.DONE)
        .values_list("version_id", "state")
    )
    drifts = []
    items = ImplementationItem.objects.select_related("base_version").only(
        "pk", "implementation_code", "matter_id", "base_version__number"
    )
    for item in items:
        version = current.get(item.matter_id)
        if not version or version.number <= item.base_version.number:
            continue
        state = jobs.get(version.pk)
        if state == SyncJob.State.PENDING:
            continue  # in flight: its own retries finish it
        kind = "catalogue_failed" if state == SyncJob.State.FAILED else "catalogue_behind"
        detail = f"目录 v{item.base_version.number} → v{version.number}"
        drifts.append(Drift(kind, region.schema_name, item.pk, item.implementation_code, detail))
    return drifts


def check_region(region: Region) -> list[Drift]:
    """Every drift of one active region (run in its schema)."""
    with schema_context(region.schema_name):
        live = live_entries()
        rows = {r.entry_id: r for r in PublishedGuide.objects.filter(region=region)}
        drifts = _projection_drift(region, live, rows)
        for _, answer in collect_drift.send(sender=Drift, region=region, live=live, rows=rows):
            drifts += answer or []
        drifts += _catalogue_drift(region)
    return drifts


def inactive_rows() -> list[Drift]:
    """Projection rows of regions that are switched off (none may stay live)."""
    rows = PublishedGuide.objects.filter(region__is_active=False).select_related("region")
    return [Drift("region_inactive", r.region.schema_name, r.entry_id, r.implementation_code)
            for r in rows]  # fmt: skip


def repair_drift(drift: Drift, retry_failed: bool = False) -> bool:
    """Queue the sync (or merge) that removes one drift; False if left alone (a FAILED merge is
    retried only when an operator asks, or it would be resent forever)."""
    from core.catalogue.tasks import requeue_merge

    if drift.kind == "catalogue_failed" and not retry_failed:
        return False
    if drift.kind in ("catalogue_behind", "catalogue_failed"):
        requeue_merge(drift.schema_name, drift.entry_id)
    elif drift.entry_id is not None:
        request_sync(drift.entry_id, schema_name=drift.schema_name)
    else:  # a document with no row of its own: search makes it match (removes it)
        guide_synced.send(
            sender=Drift, implementation_codes=[drift.implementation_code],
            schema_name=drift.schema_name,
        )  # fmt: skip
    return True


def check_all(repair: bool = False, slug: str | None = None, retry_failed: bool = False) -> Report:
    """Check every active region (or one); with ``repair``, queue a sync for every drift."""
    report = Report()
    with schema_context(get_public_schema_name()):
        regions = Region.objects.regions().filter(is_active=True).select_related("parent__parent")
        if slug:
            regions = regions.filter(slug=slug)
        report.drifts += inactive_rows() if not slug else []
        for region in regions.order_by("code"):
            report.drifts += check_region(region)
        if repair:
            report.repaired = sum(repair_drift(d, retry_failed) for d in report.drifts)
    return report
