"""Who may do what with import jobs, and the jobs a request may see.

The catalogue's exchange exists only on a province's admin. Any admin user may export, upload
and preview; applying an import writes and publishes directly, so it needs a reviewer of the
catalogue or of the list (``core.reviewers``). A job is seen only by its own region: the tenant
schema holds it, and every query filters by the region's id as well.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from core.catalogue.admin import access as catalogue_access
from core.listings.admin import access as listings_access

from ..models import ImportJob


def require_kind(request, kind: str) -> None:
    if kind not in ImportJob.Kind.values:
        raise Http404("没有这种导入导出")
    if kind == ImportJob.Kind.CATALOGUE:
        catalogue_access.require_province(request)


def may_apply(user, kind: str) -> bool:
    if kind == ImportJob.Kind.CATALOGUE:
        return catalogue_access.is_reviewer(user)
    return listings_access.is_reviewer(user)


def jobs(request):
    tenant = request.tenant
    return ImportJob.objects.filter(region_id=tenant.pk, schema_name=tenant.schema_name)


def job(request, pk: int) -> ImportJob:
    found = get_object_or_404(jobs(request).select_related("uploaded_by"), pk=pk)
    require_kind(request, found.kind)
    return found
