"""Staff boundaries of the shared (public-schema) models edited in the Wagtail admin.

Every such model, found by walking the admin's URL patterns: the search settings (同义词,
置顶结果: snippets with list, add, edit, copy, delete, usage, history, chooser and bulk delete),
the catalogue (基本目录, province admins only) and the 差评 follow-ups (region of the host). A
county admin and another province's admin get a 404 on every URL by id and change nothing.
"""

import logging

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tenants.utils import schema_context
from wagtail.models import ReferenceIndex

from core.catalogue.models import Matter
from core.published.models_ratings import FollowUp, Rating
from search.models import BestBet, Synonym
from tenants.models import Region
from tests.admin.helpers import admin_client
from tests.factories import catalogue_matter

pytestmark = pytest.mark.django_db

FOOD_LICENCE = "000131106000"
SNIPPETS = [Synonym, BestBet]


@pytest.fixture
def sichuan():
    """A second province, as a public row only (no schema: nobody logs in to it here)."""
    region = Region(
        name="四川省", slug="sichuan", level=Region.Level.PROVINCE, code="510000",
        schema_name="sichuan",
    )  # fmt: skip
    region.auto_create_schema = False
    region.save()
    return region


def entry(model, province: Region, text: str):
    if model is Synonym:
        return Synonym.objects.create(province=province, term=text, official="食品经营许可")
    return BestBet.objects.create(province=province, query=text, code=FOOD_LICENCE)


def object_urls(model, pk) -> list[str]:
    """Every admin URL of the model's snippet viewset and chooser that names one object."""
    urls = []
    for viewset in (model.snippet_viewset, model.snippet_viewset.chooser_viewset):
        for pattern in viewset.get_urlpatterns():
            names = pattern.pattern.converters.keys()
            if "pk" in names:
                kwargs = {name: (pk if name == "pk" else 1) for name in names}
                urls.append(reverse(viewset.get_url_name(pattern.name), kwargs=kwargs))
    return urls


def list_urls(model) -> list[str]:
    viewset, chooser = model.snippet_viewset, model.snippet_viewset.chooser_viewset
    return [
        reverse(viewset.get_url_name("list")), reverse(viewset.get_url_name("list_results")),
        reverse(viewset.get_url_name("add")), reverse(chooser.get_url_name("choose")),
        reverse(chooser.get_url_name("choose_results")),
    ]  # fmt: skip


def bulk_delete_url(model, *pks) -> str:
    meta = model._meta
    ids = "&".join(f"id={pk}" for pk in pks)
    return f"/admin/bulk/{meta.app_label}/{meta.model_name}/delete/?{ids}"


@pytest.mark.parametrize("model", SNIPPETS)
def test_a_county_admin_gets_404_on_every_search_settings_url(model):
    anhui = Region.objects.get(slug="anhui")
    own = entry(model, anhui, "开饭店")
    shushan = admin_client("shushan")
    for url in [*object_urls(model, own.pk), *list_urls(model), bulk_delete_url(model, own.pk)]:
        assert shushan.get(url).status_code == 404, url
        assert (
            shushan.post(url, {"term": "x", "official": "y", "query": "x", "code": "y"}).status_code
            == 404
        ), url
    assert list(model.objects.values_list("pk", flat=True)) == [own.pk]
    assert "统一搜索" not in shushan.get("/admin/").content.decode()
    assert shushan.get("/admin/snippets/").status_code == 404  # Wagtail's page counts all rows


def test_the_snippets_overview_does_not_count_other_provinces(sichuan):
    entry(Synonym, sichuan, "整容许可")
    response = admin_client("anhui").get("/admin/snippets/")
    assert response.status_code == 302
    assert response["Location"] == reverse(Synonym.snippet_viewset.get_url_name("list"))


@pytest.mark.parametrize("model", SNIPPETS)
def test_another_provinces_entry_is_404_by_id_and_stays_untouched(model, sichuan):
    theirs = entry(model, sichuan, "整容许可")
    anhui = admin_client("anhui")
    urls = object_urls(model, theirs.pk)
    assert {u.split("/")[-3] for u in urls} >= {"edit", "delete", "copy", "usage", "history"}
    for url in [*urls, bulk_delete_url(model, theirs.pk)]:
        assert anhui.get(url).status_code == 404, url
        assert (
            anhui.post(url, {"term": "x", "official": "y", "query": "x", "code": "y"}).status_code
            == 404
        ), url
    assert model.objects.get().province == sichuan  # nothing copied, edited or deleted


@pytest.mark.parametrize("model", SNIPPETS)
def test_lists_and_choosers_show_only_the_own_province(model, sichuan):
    entry(model, sichuan, "整容许可")
    entry(model, Region.objects.get(slug="anhui"), "开饭店")
    anhui = admin_client("anhui")
    for url in list_urls(model)[:2] + list_urls(model)[3:]:
        response = anhui.get(url)
        page = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            page = response.json()["html"]
        assert "开饭店" in page and "整容许可" not in page, url


def test_add_form_has_no_province_field_and_writes_the_own_province(sichuan):
    anhui = admin_client("anhui")
    add = reverse(Synonym.snippet_viewset.get_url_name("add"))
    form = anhui.get(add).content.decode()
    assert 'name="province"' not in form and "四川省" not in form and "系统" not in form
    # A forged 省份 in the post is ignored.
    response = anhui.post(
        add, {"term": "开饭店", "official": "食品经营许可", "province": sichuan.pk}
    )
    assert response.status_code == 302
    assert Synonym.objects.get().province.slug == "anhui"


def test_bulk_delete_of_a_mixed_selection_deletes_nothing(sichuan):
    own = entry(Synonym, Region.objects.get(slug="anhui"), "开饭店")
    theirs = entry(Synonym, sichuan, "整容许可")
    anhui = admin_client("anhui")
    assert anhui.post(bulk_delete_url(Synonym, own.pk, theirs.pk)).status_code == 404
    assert Synonym.objects.count() == 2
    response = anhui.post(bulk_delete_url(Synonym, own.pk))
    assert response.status_code == 302
    assert list(Synonym.objects.all()) == [theirs]


def test_own_province_admin_can_edit_copy_and_delete():
    own = entry(Synonym, Region.objects.get(slug="anhui"), "开饭店")
    anhui = admin_client("anhui")
    viewset = Synonym.snippet_viewset
    edit = reverse(viewset.get_url_name("edit"), args=[own.pk])
    assert anhui.post(edit, {"term": "开餐馆", "official": "食品经营许可"}).status_code == 302
    copy = reverse(viewset.get_url_name("copy"), args=[own.pk])
    assert anhui.post(copy, {"term": "开饭馆", "official": "食品经营许可"}).status_code == 302
    assert sorted(Synonym.objects.values_list("term", "province__slug")) == [
        ("开餐馆", "anhui"), ("开饭馆", "anhui"),
    ]  # fmt: skip
    delete = reverse(viewset.get_url_name("delete"), args=[own.pk])
    assert anhui.post(delete).status_code == 302
    assert list(Synonym.objects.values_list("term", flat=True)) == ["开饭馆"]


def test_search_settings_stay_out_of_the_tenant_reference_index(caplog):
    anhui = admin_client("anhui")
    add = reverse(Synonym.snippet_viewset.get_url_name("add"))
    assert anhui.post(add, {"term": "开饭店", "official": "食品经营许可"}).status_code == 302
    with schema_context("anhui"):
        assert not ReferenceIndex.objects.filter(content_type__app_label="search").exists()
    # Saved and deleted from the public schema (a command, a cascade): no reference-index writes.
    connection.set_schema_to_public()
    with caplog.at_level(logging.ERROR):
        synonym = entry(Synonym, Region.objects.get(slug="anhui"), "开餐馆")
        bet = entry(BestBet, Region.objects.get(slug="anhui"), "开餐馆")
        synonym.delete()
        bet.delete()
    assert "referenceindex" not in caplog.text
    assert Synonym.objects.count() == 1


# --- every shared model in the admin ------------------------------------------------------


def admin_patterns(resolver=None, prefix=""):
    """(route, pattern) of every admin URL (tenant URL conf) that takes an object id."""
    resolver = resolver or get_resolver("core.urls_tenants")
    for item in resolver.url_patterns:
        route = prefix + str(item.pattern)
        if isinstance(item, URLResolver):
            yield from admin_patterns(item, route)
        elif isinstance(item, URLPattern) and route.startswith("admin/"):
            yield route, item


def test_every_admin_view_of_a_shared_model_is_known_here():
    """A new admin URL on a public-schema model must be added to this suite."""
    from django.apps import apps
    from django.conf import settings

    shared_apps = [
        a.rsplit(".", 1)[-1]
        for a in settings.SHARED_APPS
        if a not in settings.TENANT_APPS and a.split(".")[0] in ("core", "search", "tenants")
    ]
    shared = {m for label in shared_apps for m in apps.get_app_config(label).get_models()}
    ours = ("core.catalogue", "core.published", "search", "tenants", "cms.wagtail_hooks")
    # admin/search-analytics/: tests/search/analytics/test_admin.py
    covered = ("admin/snippets/search/", "admin/snippets/choose/search/", "admin/catalogue/",
               "admin/follow-ups/", "admin/search-analytics/")  # fmt: skip
    found = set()
    for route, pattern in admin_patterns():
        view = getattr(pattern.callback, "view_class", None) or pattern.callback
        model = getattr(pattern.callback, "view_initkwargs", {}).get("model")
        if model in shared or getattr(view, "__module__", "").startswith(ours):
            found.add(route)
    # admin/snippets/ itself: our redirect (test_the_snippets_overview_does_not_count_…).
    assert {r for r in found if not r.startswith(covered)} == {"admin/snippets/"}
    assert len([r for r in found if r.startswith("admin/snippets/search/")]) == 18
    assert {Synonym, BestBet} <= shared


def test_catalogue_admin_is_province_only_and_scoped_by_id(sichuan):
    theirs = catalogue_matter(FOOD_LICENCE, province="sichuan")
    own = catalogue_matter(FOOD_LICENCE)
    shushan, anhui = admin_client("shushan"), admin_client("anhui")
    pages, actions = ["matter", "compare", "edit"], ["start_version", "edit"]
    for client, matter in ((shushan, own), (anhui, theirs)):
        for name in pages:
            url = reverse(f"catalogue_admin:{name}", args=[matter.pk])
            assert client.get(url).status_code == 404, url
        for name in actions:
            url = reverse(f"catalogue_admin:{name}", args=[matter.pk])
            assert client.post(url).status_code == 404, url
    assert shushan.get(reverse("catalogue_admin:index")).status_code == 404
    assert shushan.get(reverse("catalogue_admin:claims")).status_code == 404
    version = theirs.versions.get()
    for name in ("submit", "publish", "reject"):
        url = reverse(f"catalogue_admin:{name}", args=[theirs.pk, version.pk])
        assert anhui.post(url).status_code == 404, url
    assert Matter.objects.get(pk=theirs.pk).versions.count() == 1
    listing = anhui.get(reverse("catalogue_admin:index"), {"is_national": "true"})
    assert listing.content.decode().count("食品经营许可") == 1


def test_follow_ups_are_scoped_to_the_host_region():
    anhui = Region.objects.get(slug="anhui")
    rating = Rating.objects.create(
        region=anhui, implementation_code="1" * 31, score=5, comment="慢", channel="web",
        client_hash="x" * 64,
    )  # fmt: skip
    follow_up = FollowUp.objects.create(region=anhui, rating=rating, due_date="2030-01-01")
    shushan = admin_client("shushan")
    response = shushan.post(reverse("cms_follow_up_close", args=[follow_up.pk]), {"answer": "好"})
    assert response.status_code == 404
    assert "慢" not in shushan.get(reverse("cms_follow_ups")).content.decode()
    follow_up.refresh_from_db()
    assert follow_up.state == FollowUp.State.OPEN
