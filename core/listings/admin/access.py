"""Who may review 实施清单 entries.

Any admin user of a tenant may claim, edit and submit its entries. Approving (publishing) and
rejecting need a reviewer: a superuser, or a user with the permission ``listings.review_item`` —
most simply a member of the Django group "清单审核员", which is created on demand (with that
permission) in the tenant's schema the first time the list is opened, so an administrator can
add users to it in 设置 → 用户组.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

REVIEWER_GROUP = "清单审核员"
REVIEW_PERMISSION = "listings.review_item"


def ensure_reviewer_group() -> Group:
    group, created = Group.objects.get_or_create(name=REVIEWER_GROUP)
    if created:
        permission = Permission.objects.filter(
            content_type__app_label="listings", codename="review_item"
        ).first()
        if permission:
            group.permissions.add(permission)
    return group


def is_reviewer(user) -> bool:
    return (
        user.is_superuser
        or user.has_perm(REVIEW_PERMISSION)
        or user.groups.filter(name=REVIEWER_GROUP).exists()
    )


def require_reviewer(user) -> None:
    if not is_reviewer(user):
        raise PermissionDenied(f"只有超级管理员或“{REVIEWER_GROUP}”组成员可以审核发布")
