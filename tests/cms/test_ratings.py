"""好差评: the domain function, the widget on the guide page and the staff's follow-ups."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tenants.utils import schema_context

from cms.models import GuidePage
from core.domain import workdays
from core.domain.errors import DomainError
from core.published.models_ratings import FollowUp, Rating
from core.published.ratings import rate_guide, rating_summary

from .conftest import FOOD_LICENCE, ID_CARD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


def test_good_rating_is_recorded_without_follow_up(publish):
    item = publish("shushan", ID_CARD)
    rating = rate_guide(item.implementation_code, 1, " 很方便 ", "miniapp", "1.2.3.4")
    assert (rating.region.slug, rating.score, rating.comment, rating.channel) == (
        "shushan", 1, "很方便", "miniapp",
    )  # fmt: skip
    assert len(rating.client_hash) == 64 and "1.2.3.4" not in rating.client_hash
    assert not FollowUp.objects.exists()


def test_bad_rating_opens_a_follow_up_due_in_15_working_days(publish):
    item = publish("shushan", ID_CARD)
    rating = rate_guide(item.implementation_code, 5, "排队太久", "web", "c")
    follow_up = FollowUp.objects.get()
    assert (follow_up.rating, follow_up.region.slug, follow_up.state) == (rating, "shushan", "open")
    assert follow_up.due_date == workdays.add_workdays(timezone.localdate(), 15, "340000")


def test_invalid_ratings_say_what_is_wrong(publish):
    item = publish("shushan", ID_CARD)
    with pytest.raises(DomainError) as error:
        rate_guide(item.implementation_code, 6, "长" * 501, "fax", "c")
    assert [p.field for p in error.value.problems] == ["score", "comment", "channel"]
    with pytest.raises(DomainError, match="没有在线的办事指南"):
        rate_guide("1" * 31, 1, "", "web", "c")
    assert not Rating.objects.exists()


def test_a_client_may_rate_a_guide_five_times_an_hour(publish):
    item = publish("shushan", ID_CARD)
    for _ in range(5):
        rate_guide(item.implementation_code, 2, "", "web", "same-client")
    with pytest.raises(DomainError, match="每小时最多评价5次"):
        rate_guide(item.implementation_code, 2, "", "web", "same-client")
    rate_guide(item.implementation_code, 2, "", "web", "another-client")
    assert Rating.objects.count() == 6


def test_summary_counts_levels_and_satisfaction(publish):
    item = publish("shushan", ID_CARD)
    for index, score in enumerate([1, 1, 2, 4]):
        rate_guide(item.implementation_code, score, "", "web", f"client-{index}")
    summary = rating_summary(item.implementation_code)
    assert (summary["count"], summary["average"], summary["satisfaction"]) == (4, 2.0, 75.0)
    assert [level["count"] for level in summary["levels"]] == [2, 1, 0, 1, 0]


def test_rating_widget_posts_and_redirects(publish, region_client):
    item = publish("shushan", FOOD_LICENCE)
    with schema_context("shushan"):
        path = GuidePage.objects.get().url_path.removeprefix("/home-region")
    client = region_client("shushan")
    response = client.post(path, {"score": "4", "comment": "材料要求不清楚"})
    assert (response.status_code, response["Location"]) == (302, f"{path}?rated=1#rating")
    assert Rating.objects.get().implementation_code == item.implementation_code
    assert FollowUp.objects.get().rating.comment == "材料要求不清楚"
    html = client.get(path, {"rated": "1"}).content.decode()
    assert "感谢您的评价" in html and "已有 1 条评价，满意率 0.0%" in html
    response = client.post(path, {"score": "9"})
    assert response.status_code == 400
    assert "评价等级应为1–5" in response.content.decode()


def test_staff_see_and_close_follow_ups_in_the_admin(publish, region_client):
    item = publish("shushan", FOOD_LICENCE)
    rate_guide(item.implementation_code, 5, "态度差", "web", "c")
    with schema_context("shushan"):
        admin = get_user_model().objects.create_superuser("zhangsan", "z@example.cn", "pw")
        client = region_client("shushan")
        client.force_login(admin)
    html = client.get("/admin/follow-ups/").content.decode()
    assert "差评整改" in html and "态度差" in html
    follow_up = FollowUp.objects.get()
    response = client.post(f"/admin/follow-ups/{follow_up.pk}/close/", {"answer": "已约谈窗口人员"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.state, follow_up.answer, follow_up.closed_by) == (
        "closed",
        "已约谈窗口人员",
        "zhangsan",
    )
    assert "没有待整改的差评" in client.get("/admin/follow-ups/").content.decode()
    # another region's staff do not see it
    with schema_context("yaohai"):
        other = get_user_model().objects.create_superuser("lisi", "l@example.cn", "pw")
        yaohai = region_client("yaohai")
        yaohai.force_login(other)
    assert (
        yaohai.post(f"/admin/follow-ups/{follow_up.pk}/close/", {"answer": "x"}).status_code == 404
    )
