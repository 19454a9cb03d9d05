"""差评整改 names the matter and links its live guide and entry; after publishing, the admin
opens the live guide (once the projection shows the published version)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from core.listings import services as listings
from core.published.models import PublishedGuide
from core.published.models_ratings import FollowUp, Rating
from core.published.ratings import open_follow_ups
from core.workbench.follow_ups import follow_up_rows
from tenants.models import Region
from tests.admin.helpers import admin_client, staff_user
from tests.factories import listing_entry, published_entry

pytestmark = pytest.mark.django_db

FOOD, TOBACCO = "000131106000", "000137001000"


def bad_rating(region, code: str, days: int) -> FollowUp:
    rating = Rating.objects.create(region=region, implementation_code=code, score=4,
                                   comment="材料要求说不清", channel="web", client_hash="y")  # fmt: skip
    due = timezone.localdate() + timedelta(days=days)
    return FollowUp.objects.create(region=region, rating=rating, due_date=due)


def test_follow_ups_show_the_matter_its_guide_and_its_entry():
    shushan = Region.objects.get(slug="shushan")
    item = published_entry("shushan", FOOD)
    guide = PublishedGuide.objects.get(implementation_code=item.implementation_code)
    overdue = bad_rating(shushan, item.implementation_code, -1)
    page = admin_client("shushan").get(reverse("cms_follow_ups")).content.decode()
    row = page.split(f'data-follow-up="{overdue.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "<strong>食品经营许可</strong>" in row
    assert f'<a href="{guide.url}" target="_blank" rel="noopener">查看办事指南</a>' in row
    assert f'href="{reverse("listings_admin:item", args=[item.pk])}">清单事项</a>' in row
    assert "已逾期" in row
    assert (
        "材料要求说不清"
        not in admin_client("yaohai").get(reverse("cms_follow_ups")).content.decode()
    )


def test_a_follow_up_of_a_withdrawn_guide_still_names_its_entry_at_two_queries():
    shushan = Region.objects.get(slug="shushan")
    live = published_entry("shushan", FOOD)
    draft = listing_entry("shushan", TOBACCO)  # never published: no guide row
    for code in (live.implementation_code, draft.implementation_code, "9" * 31):
        bad_rating(shushan, code, 10)
    with schema_context("shushan"):
        region = Region.objects.select_related("parent__parent").get(slug="shushan")
        follow_ups = list(open_follow_ups(region))
        with CaptureQueriesContext(connection) as captured:
            rows = follow_up_rows(follow_ups, region)
    assert len(captured.captured_queries) == 2
    assert [(r.name, bool(r.guide_url), r.urgency) for r in rows] == [
        ("食品经营许可", True, ""),
        (draft.name, False, ""),
        ("（事项已不在本地清单中）", False, ""),
    ]


def test_after_publishing_the_admin_opens_the_live_guide():
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"):
        listings.submit_item(item, "shushan_admin")
    reviewer = staff_user("shushan", "shushan_reviewer", groups=["清单审核员"])
    with schema_context("shushan"):
        item.refresh_from_db()
    response = reviewer.post(reverse("listings_admin:publish", args=[item.pk]),
                             {"revision": item.revision})  # fmt: skip
    [message] = list(get_messages(response.wsgi_request))
    guide_link = reverse("listings_admin:guide", args=[item.pk])
    assert "已发布 v1，办事指南随即上线" in str(message) and guide_link in str(message)
    waiting = reviewer.get(guide_link)  # the outbox has not been drained yet
    assert waiting.url == reverse("listings_admin:item", args=[item.pk])
    assert "办事指南正在更新到 v1（通常几秒钟内完成），请稍后再试" in str(
        list(get_messages(waiting.wsgi_request))[-1]
    )
    from core.published.sync import sync_guide

    with schema_context("shushan"):
        sync_guide(item.pk)
    guide = PublishedGuide.objects.get(implementation_code=item.implementation_code)
    assert reviewer.get(guide_link).url == guide.url
    page = reviewer.get(reverse("listings_admin:item", args=[item.pk])).content.decode()
    assert f'href="{guide_link}" target="_blank" rel="noopener">查看在线办事指南</a>' in page
