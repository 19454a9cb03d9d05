"""An editor's approved additions reach GraphQL exactly as the portal shows them (同源发布)."""

import pytest
from django_tenants.utils import schema_context

from cms.models import GuideFAQ, GuidePage
from core.published.outbox import drain

pytestmark = pytest.mark.django_db


def test_approved_additions_are_served_by_the_api_and_the_portal(gql, food_guide, region_client):
    with schema_context("shushan"):
        page = GuidePage.objects.get(entry_id=food_guide.pk)
        page.notes = "<p>每周六上午可预约办理</p>"
        page.extra_faqs.add(GuideFAQ(question="可以代办吗？", answer="可以，需委托书。"))
        page.save_revision(clean=False).publish()  # approved: the sync is requested
    assert drain() == {"synced": 1, "failed": 0}
    body = gql("shushan").operation(
        "GuideDetail", implementationCode=food_guide.implementation_code
    )
    guide = body["data"]["guide"]
    assert guide["notes"] == "<p>每周六上午可预约办理</p>"
    assert guide["faqs"][-1] == {"question": "可以代办吗？", "answer": "可以，需委托书。"}
    assert guide["attachments"] == []
    html = (
        region_client("shushan")
        .get(f"/guides/{food_guide.implementation_code.lower()}/")
        .content.decode()
    )
    assert "每周六上午可预约办理" in html and "可以代办吗？" in html
