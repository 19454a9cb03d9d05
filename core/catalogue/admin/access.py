"""Who may see and do what in the catalogue admin.

The catalogue admin exists only on a province tenant's admin. Any admin user there may edit
drafts and submit them; approving (publishing) or rejecting needs a reviewer: a superuser or a
member of the Django group "目录审核员" (created on demand in the province's schema, so an
administrator can add users to it in 设置 → 用户组).
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ..models import Matter

REVIEWER_GROUP = "目录审核员"


def is_province(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.level == "province"


def require_province(request) -> None:
    if not is_province(request):
        raise Http404("基本目录只在省级管理后台中提供")


def ensure_reviewer_group() -> Group:
    return Group.objects.get_or_create(name=REVIEWER_GROUP)[0]


def is_reviewer(user) -> bool:
    return user.is_superuser or user.groups.filter(name=REVIEWER_GROUP).exists()


def require_reviewer(user) -> None:
    if not is_reviewer(user):
        raise PermissionDenied(f"只有超级管理员或“{REVIEWER_GROUP}”组成员可以审核发布")


def matters(request):
    """The province's matters (the only ones this admin shows)."""
    return Matter.objects.filter(province=request.tenant)


def require_editable(matter: Matter) -> None:
    if matter.is_national:
        raise PermissionDenied("国家目录事项（只读），只能通过导入国家目录更新")
