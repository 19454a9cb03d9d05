"""Province admins maintain the concept dictionary in the admin; links from a failing query open
the create forms pre-filled (``?terms=`` for an entry, ``?query=`` for a best bet)."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from search.models import BestBet, Synonym
from search.service import search_guides
from tenants.models import Region
from tests.admin.helpers import admin_client

pytestmark = pytest.mark.django_db


def test_entry_form_is_prefilled_from_a_failing_query():
    add = reverse(Synonym.snippet_viewset.get_url_name("add"))
    page = admin_client("anhui").get(f"{add}?terms={quote('小本本')}").content.decode()
    assert 'name="term"' in page and 'value="小本本"' in page
    assert 'name="codes"' in page


def test_best_bet_form_is_prefilled_from_a_failing_query():
    add = reverse(BestBet.snippet_viewset.get_url_name("add"))
    page = admin_client("anhui").get(f"{add}?query={quote('开店')}").content.decode()
    assert 'name="query"' in page and 'value="开店"' in page


def test_an_entry_needs_keywords_or_codes_and_well_formed_codes():
    client, add = admin_client("anhui"), reverse(Synonym.snippet_viewset.get_url_name("add"))
    page = client.post(add, {"term": "小本本", "official": "", "codes": ""}).content.decode()
    assert "至少需要一个关键词（keywords）或基本编码模式（codes）" in page
    page = client.post(add, {"term": "小本本", "official": "", "codes": "结婚*"}).content.decode()
    assert "基本编码模式 &#x27;结婚*&#x27; 应为 1–12 位编码，可以 * 结尾" in page
    assert Synonym.objects.count() == 0
    response = client.post(add, {"term": "小本本, 红本本", "official": "结婚登记", "codes": ""})
    assert response.status_code == 302
    entry = Synonym.objects.get()
    assert (entry.province.slug, entry.concept().terms) == ("anhui", ("小本本", "红本本"))


def test_a_province_entry_works_in_that_province_only(demo_corpus):
    anhui = Region.objects.get(slug="anhui")
    assert search_guides("小本本", "340104").total == 0
    Synonym.objects.create(province=anhui, term="小本本", official="结婚登记")
    assert search_guides("小本本", "340104").hits[0].implementation_code.endswith("000714001001")
    assert search_guides("小本本", "510104").total == 0  # another province: not its dictionary


def test_a_rolled_back_entry_leaves_nothing_in_this_process(demo_corpus):
    # read inside the transaction that made it, an entry must not outlive its rollback: a
    # rollback bumps no stamp, so a copy kept then would serve it until the next change
    from django.db import transaction

    anhui = Region.objects.get(slug="anhui")
    with pytest.raises(RuntimeError), transaction.atomic():
        Synonym.objects.create(province=anhui, term="小本本", official="结婚登记")
        assert search_guides("小本本", "340104").total > 0
        raise RuntimeError("the admin's request failed after the save")
    assert search_guides("小本本", "340104").total == 0
