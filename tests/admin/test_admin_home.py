"""The admin home starts a clerk's day: for their region, what waits for their review, open sync
conflicts, 差评 follow-ups near or past due, catalogue jobs (province) and entries breaking the
publish rules — each row linking to its list, at a fixed number of queries."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from core.catalogue import services as catalogue
from core.listings import services as listings
from core.published.models_ratings import FollowUp, Rating
from core.uploads.models import ImportJob
from core.workbench.agenda import agenda
from tenants.models import Region
from tests.admin.helpers import admin_client, staff_user
from tests.factories import conflict_on_conditions, listing_entry

pytestmark = pytest.mark.django_db

FOOD, TOBACCO, ENERGY = "000131106000", "000137001000", "000104002000"


def follow_up(region, code: str, days: int) -> FollowUp:
    rating = Rating.objects.create(region=region, implementation_code=code, score=5,
                                   comment="排队太久", channel="web", client_hash="x")  # fmt: skip
    return FollowUp.objects.create(
        region=region, rating=rating, due_date=timezone.localdate() + timedelta(days=days)
    )


def shushan_day():
    """An entry submitted by a clerk, a conflict, an entry breaking the phone rule, and three
    follow-ups: overdue, due tomorrow, due in a month."""
    shushan = Region.objects.get(slug="shushan")
    submitted = listing_entry("shushan", FOOD)
    with schema_context("shushan"):
        listings.submit_item(submitted, "shushan_clerk")
    conflict_on_conditions(TOBACCO)
    listing_entry("shushan", ENERGY, complaint_phone="", consult_phone="65301234")
    for days in (-2, 1, 30):
        follow_up(shushan, submitted.implementation_code, days)
    return shushan


def rows(page: str) -> dict[str, str]:
    """{agenda key: the row's HTML} of the home page's 今日待办 panel."""
    panel = page.split('aria-labelledby="zwfw-agenda-heading"', 1)[1].split("</section>", 1)[0]
    found = {}
    for chunk in panel.split('<tr data-agenda="')[1:]:
        key, rest = chunk.split('"', 1)
        found[key] = rest.split("</tr>", 1)[0]
    return found


def test_home_lists_what_waits_for_the_user_each_linking_to_its_list():
    shushan_day()
    page = admin_client("shushan").get(reverse("wagtailadmin_home")).content.decode()
    found = rows(page)
    assert list(found) == ["review", "conflicts", "follow_ups", "violations", "imports"]
    listings_index = reverse("listings_admin:index")
    assert f'href="{listings_index}?state=review"><strong>1</strong>' in found["review"]
    assert f'href="{reverse("listings_admin:inbox")}"><strong>1</strong>' in found["conflicts"]
    assert "1 个事项共 1 处冲突，0 个事项待确认更新" in found["conflicts"]
    assert f'href="{reverse("cms_follow_ups")}"><strong>2</strong>' in found["follow_ups"]
    assert "已逾期 1 条，3 个工作日内到期 1 条，待整改共 3 条" in found["follow_ups"]
    assert 'class="zwfw-agenda-critical"' in page.split('data-agenda="follow_ups"')[1][:40]
    assert f'href="{reverse("workbench_violations")}"><strong>1</strong>' in found["violations"]
    assert "今日待办（4 项需关注）" in page
    assert "电子监察预警" not in page or "查看效能看板" in page  # the metrics panel is kept


def test_the_violations_list_names_each_entry_and_why():
    shushan_day()
    page = admin_client("shushan").get(reverse("workbench_violations")).content.decode()
    assert "固定资产投资项目节能审查" in page
    assert "咨询电话“65301234”格式错误：须带区号，如 0551-65301234" in page
    assert "监督投诉电话必填" in page


def test_another_county_sees_only_its_own_day():
    shushan_day()
    found = rows(admin_client("yaohai").get(reverse("wagtailadmin_home")).content.decode())
    for key in ("review", "conflicts", "follow_ups", "violations", "imports"):
        assert "<strong>0</strong>" in found[key], key


def test_a_reviewer_never_sees_their_own_submission_waiting():
    shushan_day()
    client = admin_client("shushan")
    with schema_context("shushan"):
        get_user_model().objects.filter(username="shushan_admin").update(username="shushan_clerk")
    found = rows(client.get(reverse("wagtailadmin_home")).content.decode())
    assert "<strong>0</strong>" in found["review"]


def test_province_home_adds_catalogue_review_and_fan_out_jobs():
    found = rows(admin_client("anhui").get(reverse("wagtailadmin_home")).content.decode())
    assert list(found) == [
        "review", "conflicts", "follow_ups", "catalogue_review", "sync_jobs", "violations", "imports",
    ]  # fmt: skip
    assert f'href="{reverse("catalogue_admin:claims")}"' in found["sync_jobs"]
    assert f'href="{reverse("catalogue_admin:index")}?in_review=true"' in found["catalogue_review"]


def test_the_catalogue_list_filters_matters_with_a_version_under_review():
    from tests.factories import catalogue_matter

    waiting, other = catalogue_matter("340113101000"), catalogue_matter(ENERGY)
    draft = catalogue.start_version(waiting)
    catalogue.update_draft(draft, {"change_note": "补充依据"})
    catalogue.submit_version(draft, "anhui_clerk")
    page = admin_client("anhui").get(reverse("catalogue_admin:index"), {"in_review": "true"})
    html = page.content.decode()
    assert waiting.name in html and other.name not in html


def agenda_request(slug: str):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username=f"{slug}_admin")
    # the middleware's region comes with its parents
    request.tenant = Region.objects.select_related("parent__parent").get(slug=slug)
    return request


def agenda_queries(slug: str) -> tuple[int, list]:
    with schema_context(slug):
        request = agenda_request(slug)
        with CaptureQueriesContext(connection) as captured:
            found = agenda(request)
    return len(captured.captured_queries), [(row.key, row.count) for row in found]


def import_job(slug: str, state: str) -> None:
    with schema_context(slug):
        region = Region.objects.get(slug=slug)
        ImportJob.objects.create(
            kind=ImportJob.Kind.LISTING, region_id=region.pk, schema_name=region.schema_name,
            uploaded_by=get_user_model().objects.get(username=f"{slug}_admin"),
            file="listing.xlsx", file_name="listing.xlsx", file_size=1, sha256="0" * 64,
            state=state,
        )  # fmt: skip


def test_the_agenda_costs_a_fixed_number_of_queries():
    shushan = shushan_day()
    # review, sync, follow-ups, violations stamp + (cache miss) entries, import jobs
    assert agenda_queries("shushan") == (
        6, [("review", 1), ("conflicts", 1), ("follow_ups", 2), ("violations", 1), ("imports", 0)]
    )  # fmt: skip
    assert agenda_queries("shushan")[0] == 5  # the violation count is cached under its stamp
    for days in (-5, 0, 2):
        follow_up(shushan, "1" * 31, days)
    conflict_on_conditions("000120001000")
    import_job("shushan", ImportJob.State.PREVIEWED)
    import_job("shushan", ImportJob.State.FAILED)
    import_job("yaohai", ImportJob.State.PREVIEWED)  # another county's upload
    queries, counts = agenda_queries("shushan")
    assert (queries, counts) == (
        6, [("review", 1), ("conflicts", 2), ("follow_ups", 5), ("violations", 1), ("imports", 1)]
    )  # fmt: skip
    with schema_context("shushan"):
        row = agenda(agenda_request("shushan"))[-1]
    assert (row.detail, row.tone) == ("正在处理 0 个，近7天失败 1 个", "critical")


def test_an_edit_refreshes_the_cached_violation_count():
    shushan_day()
    assert agenda_queries("shushan")[1][-2] == ("violations", 1)
    with schema_context("shushan"):
        from core.listings.models import ImplementationItem

        item = ImplementationItem.objects.get(matter__basic_code=ENERGY)
        listings.update_item(
            item, {"consult_phone": "0551-65301234", "complaint_phone": "0551-12345"}
        )
    assert agenda_queries("shushan")[1][-2] == ("violations", 0)


def test_an_editor_sees_the_entries_sent_back_to_them():
    item = listing_entry("shushan", FOOD)
    with schema_context("shushan"):
        listings.submit_item(item, "shushan_editor")
        listings.withdraw_item(item, "shushan_reviewer", "承诺时限请与窗口核实")
    editor = staff_user("shushan", "shushan_editor")
    found = rows(editor.get(reverse("wagtailadmin_home")).content.decode())
    assert "review" not in found
    assert (
        f'href="{reverse("listings_admin:index")}?state=draft"><strong>1</strong>'
        in found["returned"]
    )
