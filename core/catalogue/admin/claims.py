"""认领情况: which regions implement the province's matters (province oversight).

Reads the public claims registry, the fan-out jobs and the published-guide projection; never a
tenant's own tables."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.published.models import PublishedGuide

from ..models import Claim, Matter, SyncJob
from ..tasks import reopen_job
from .views import ProvinceOnlyMixin, crumbs

ACTIVE = Q(state=Claim.State.ACTIVE)


def matter_rows(province) -> list[dict]:
    """Per matter of the province: regions and departments implementing it."""
    rows = (
        Matter.objects.filter(province=province)
        .select_related("current_version")
        .annotate(
            regions=Count("claims__region", filter=Q(claims__state="active"), distinct=True),
            claims_count=Count("claims", filter=Q(claims__state="active")),
        )
        .order_by("-regions", "basic_code")
    )
    return [{"matter": m, "regions": m.regions, "claims": m.claims_count} for m in rows]


def region_rows(province) -> list[dict]:
    """Per claimant region: claimed entries, live guides, pending and failed sync jobs."""
    claims = (
        Claim.objects.filter(matter__province=province)
        .values("region_id", "region__name", "region__code")
        .annotate(active=Count("id", filter=ACTIVE), withdrawn=Count("id", filter=~ACTIVE))
        .order_by("region__code")
    )
    published = dict(
        PublishedGuide.objects.filter(
            Q(region=province) | Q(ancestor_codes__contains=[province.code])
        )
        .values_list("region_id")
        .annotate(n=Count("id"))
    )
    jobs = {
        row["region_id"]: row
        for row in SyncJob.objects.filter(version__matter__province=province)
        .values("region_id")
        .annotate(
            pending=Count("id", filter=Q(state=SyncJob.State.PENDING)),
            failed=Count("id", filter=Q(state=SyncJob.State.FAILED)),
        )
    }
    return [
        {**row, "published": published.get(row["region_id"], 0),
         "pending": jobs.get(row["region_id"], {}).get("pending", 0),
         "failed": jobs.get(row["region_id"], {}).get("failed", 0)}
        for row in claims
    ]  # fmt: skip


def troubled_jobs(province, limit: int = 200):
    """Fan-out jobs that failed for good, or are being retried after an error, newest first."""
    troubled = Q(state=SyncJob.State.FAILED) | (Q(state=SyncJob.State.PENDING) & ~Q(error=""))
    return (
        SyncJob.objects.filter(troubled, version__matter__province=province)
        .select_related("region", "version__matter")
        .order_by("-updated_at")[:limit]
    )


class RetryJobView(ProvinceOnlyMixin, View):
    """重试: a FAILED job is sent again from its first attempt (the province's own jobs only)."""

    def post(self, request, pk):
        job = get_object_or_404(
            SyncJob.objects.select_related("region", "version__matter"),
            pk=pk, version__matter__province=request.tenant,
        )  # fmt: skip
        reopen_job(job)
        messages.success(request, f"已重新下发：{job.version.name} → {job.region.name}")
        return redirect("catalogue_admin:claims")


class ClaimsOverviewView(ProvinceOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "catalogue/admin/claims.html"
    page_title = "认领情况"
    header_icon = "site"

    def get_breadcrumbs_items(self):
        return crumbs({"url": "", "label": self.page_title})

    def get_context_data(self, **kwargs):
        province = self.request.tenant
        return super().get_context_data(
            matters=matter_rows(province),
            regions=region_rows(province),
            troubled=troubled_jobs(province),
            **kwargs,
        )
