"""One reviewer rule for the catalogue and the listings; list pages write nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tenants.utils import schema_context

from core import reviewers
from tests.admin.helpers import admin_client

pytestmark = pytest.mark.django_db


def _writes(captured) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [
        q["sql"] for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(verbs)
    ]


@pytest.mark.parametrize(
    ("slug", "page"), [("anhui", "catalogue_admin:index"), ("shushan", "listings_admin:index")]
)
def test_a_list_page_get_writes_nothing(slug, page):
    client = admin_client(slug)
    with schema_context(slug):
        Group.objects.filter(name__in=[r.group for r in reviewers.REVIEWS]).delete()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(page))
    assert response.status_code == 200
    assert _writes(captured) == []
    with schema_context(slug):  # nothing was created on the way either
        assert not Group.objects.filter(name__in=[r.group for r in reviewers.REVIEWS]).exists()


@pytest.mark.parametrize("slug", ["template", "anhui", "shushan"])
def test_every_schema_has_the_reviewer_groups_with_their_permission(slug):
    with schema_context(slug):
        for review in reviewers.REVIEWS:
            group = Group.objects.get(name=review.group)
            assert [
                f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
            ] == [review.permission]


def _user(slug, username, *, superuser=False, active=True, groups=(), permissions=()):
    with schema_context(slug):
        user = get_user_model().objects.create_user(
            username, is_superuser=superuser, is_active=active
        )
        user.groups.set(Group.objects.filter(name__in=groups))
        for permission in permissions:
            app_label, codename = permission.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return get_user_model().objects.get(pk=user.pk)  # no permission cache


def test_who_may_review():
    with schema_context("anhui"):
        Group.objects.create(name="我的审核组").permissions.add(
            Permission.objects.get(codename="review_matter")
        )
    users = {
        "superuser": _user("anhui", "su", superuser=True),
        "inactive superuser": _user("anhui", "su_off", superuser=True, active=False),
        "clerk": _user("anhui", "clerk"),
        "catalogue group": _user("anhui", "cat", groups=["目录审核员"]),
        "listings group": _user("anhui", "lst", groups=["清单审核员"]),
        "own group with the permission": _user("anhui", "own", groups=["我的审核组"]),
        "permission only": _user("anhui", "perm", permissions=["listings.review_item"]),
    }
    with schema_context("anhui"):
        found = {
            name: (reviewers.is_reviewer(user, reviewers.CATALOGUE),
                   reviewers.is_reviewer(user, reviewers.LISTINGS))
            for name, user in users.items()
        }  # fmt: skip
    assert found == {
        "superuser": (True, True),
        "inactive superuser": (False, False),
        "clerk": (False, False),
        "catalogue group": (True, False),
        "listings group": (False, True),
        "own group with the permission": (True, False),
        "permission only": (False, True),
    }


def test_a_group_named_like_the_reviewers_without_the_permission_does_not_review():
    with schema_context("shushan"):
        group = Group.objects.get(name="清单审核员")
        group.permissions.clear()
    user = _user("shushan", "named_only", groups=["清单审核员"])
    with schema_context("shushan"):
        assert reviewers.is_reviewer(user, reviewers.LISTINGS) is False
