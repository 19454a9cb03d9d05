"""Read-only queries of the implementation-list admin (the tenant's schema plus public rows)."""

from core.catalogue.models import Claim, Matter
from tenants.current import current_region, province_of
from tenants.models import Department, ServicePoint, Window

from ..models import ImplementationItem

INBOX_STATES = (
    ImplementationItem.Sync.OUTDATED,
    ImplementationItem.Sync.CONFLICT,
    ImplementationItem.Sync.CANCELLED,
)


def items():
    return ImplementationItem.objects.select_related("base_version", "department", "matter")


def inbox():
    """Entries the catalogue changed under: outdated, conflicting or cancelled."""
    return items().filter(sync_state__in=INBOX_STATES).order_by("sync_state", "implementation_code")


def inbox_count() -> int:
    return ImplementationItem.objects.filter(sync_state__in=INBOX_STATES).count()


def claimable_matters(region=None):
    """Matters of the province's catalogue this region may claim: current version published and
    在用, not already claimed (actively) by one of the region's departments."""
    region = region or current_region()
    claimed = Claim.objects.filter(region=region, state=Claim.State.ACTIVE).values("matter_id")
    return (
        Matter.objects.filter(
            province=province_of(region), current_version__state="published",
            current_version__status="在用",
        )
        .exclude(pk__in=claimed)
        .select_related("current_version")
        .order_by("basic_code")
    )  # fmt: skip


def departments(region=None):
    return Department.objects.filter(region=region or current_region(), is_active=True)


def window_choices(region, stored=()) -> list[tuple[str, str]]:
    """Windows of the region's halls as (reference, label); stored references no longer
    active stay selectable so they can be removed."""
    windows = Window.objects.filter(hall__region=region, is_active=True).select_related("hall")
    choices = [(w.reference, f"{w.hall.name} {w.key} {w.name}") for w in windows]
    known = {ref for ref, _ in choices}
    return choices + [(ref, f"{ref}（已停用或不存在）") for ref in stored if ref not in known]


def service_point_choices(region, stored=()) -> list[tuple[str, str]]:
    points = ServicePoint.objects.filter(region=region, is_active=True)
    choices = [(p.code, f"{p.name}（{p.code}）") for p in points]
    known = {code for code, _ in choices}
    return choices + [(code, f"{code}（已停用或不存在）") for code in stored if code not in known]
