"""Who may see and do what in the catalogue admin.

The catalogue admin exists only on a province tenant's admin. Any admin user there may edit
drafts and submit them; approving (publishing) or rejecting needs a reviewer: the one rule of
``core.reviewers`` (a superuser, or a user with ``catalogue.review_matter``, which the group
"目录审核员" carries).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core import reviewers

from ..models import Matter


def is_province(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.level == "province"


def require_province(request) -> None:
    if not is_province(request):
        raise Http404("基本目录只在省级管理后台中提供")


def is_reviewer(user) -> bool:
    return reviewers.is_reviewer(user, reviewers.CATALOGUE)


def require_reviewer(user) -> None:
    reviewers.require_reviewer(user, reviewers.CATALOGUE)


def matters(request):
    """The province's matters (the only ones this admin shows)."""
    return Matter.objects.filter(province=request.tenant)


def require_editable(matter: Matter) -> None:
    if matter.is_national:
        raise PermissionDenied("国家目录事项（只读），只能通过导入国家目录更新")
