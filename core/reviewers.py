"""Who may review (approve and publish, or reject): one rule for the catalogue and the listings.

A reviewer is an active superuser or an active user holding the review permission, usually
through its group ("目录审核员", "清单审核员"). The groups and their permissions are created by a
data migration of a tenant app (``core.listings`` 0004), so the template schema, which every
region is cloned from, has them; an administrator adds users to them in 设置 → 用户组. Viewing a
page writes nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Review:
    group: str
    app_label: str
    codename: str
    permission_name: str

    @property
    def permission(self) -> str:
        return f"{self.app_label}.{self.codename}"


CATALOGUE = Review("目录审核员", "catalogue", "review_matter", "可审核、发布基本目录事项")
LISTINGS = Review("清单审核员", "listings", "review_item", "可审核、发布实施清单事项")
REVIEWS = (CATALOGUE, LISTINGS)


def is_reviewer(user, review: Review) -> bool:
    """Superuser or the review permission (``has_perm`` is False for inactive users)."""
    return bool(user.has_perm(review.permission))


def require_reviewer(user, review: Review) -> None:
    if not is_reviewer(user, review):
        raise PermissionDenied(
            f"只有超级管理员或“{review.group}”组成员（{review.permission_name}）可以审核发布"
        )
