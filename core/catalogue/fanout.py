"""Fan-out of a published catalogue version to the regions that claimed the matter."""

from core.jobs import enqueue

PUBLIC = "public"


def queue_fan_out(version) -> None:
    """Queue the orchestrator once the publishing transaction commits."""
    from .tasks import fan_out_version

    enqueue(fan_out_version, version.pk, schema_name=PUBLIC)


def claimant_regions(version):
    from tenants.models import Region

    return Region.objects.filter(
        claims__matter_id=version.matter_id, claims__state="active", is_active=True
    ).distinct()
