"""Committed data of the browser tests and its removal (other tests see none of it)."""

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import Max
from django_tenants.utils import schema_context
from wagtail.models import Page

from core.celery import app
from core.listings import services as listings
from tests.factories import listing_entry

PUBLIC_APPS = ("published", "search", "catalogue")
TENANT_APPS = ("listings",)
ENTRIES = [
    ("shushan", "000713002000"),  # 居民身份证申领、换领、补领
    ("shushan", "000718001002"),  # 不动产转移登记 (置业)
    ("hefei", "002021001000"),  # 住房公积金提取 (置业, 养老)
    ("hefei", "002021002000"),  # 住房公积金个人住房贷款 (置业)
]
SLUGS = sorted({slug for slug, _ in ENTRIES})


def _high_water(app_labels) -> dict:
    marks = {}
    for label in app_labels:
        try:
            config = apps.get_app_config(label)
        except LookupError:  # an optional app (search) not installed
            continue
        for model in config.get_models():
            marks[model] = model.objects.aggregate(m=Max("pk"))["m"] or 0
    return marks


def commit_portal_data() -> dict:
    """Publish the entries (guide pages and projection through the real signals), committed."""
    marks = {"public": _high_water(PUBLIC_APPS), "tenants": {}}
    for slug in SLUGS:
        with schema_context(slug):
            marks["tenants"][slug] = {
                **_high_water(TENANT_APPS),
                Page: Page.objects.aggregate(m=Max("pk"))["m"],
            }
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        for slug, code in ENTRIES:
            item = listing_entry(slug, code)
            with schema_context(slug):
                listings.publish_item(item, direct=True)  # commits: on-commit work runs here
        call_command("rebuild_projection", stdout=open("/dev/null", "w"))  # noqa: SIM115
    finally:
        app.conf.task_always_eager = eager
    return marks


def _delete_newer(marks: dict) -> None:
    for model, mark in marks.items():
        if model is Page:
            for pk in (
                Page.objects.filter(pk__gt=mark).order_by("depth").values_list("pk", flat=True)
            ):
                page = Page.objects.filter(pk=pk).first()  # gone if an ancestor was deleted
                if page is not None:
                    page.delete()
        else:
            model.objects.filter(pk__gt=mark).delete()


def _public_only(models) -> None:
    """The public rows are deleted with a region's tables on the search path (below): a model
    whose table every region has too (auth's users, groups, permissions) would be deleted in
    that region instead. Those are removed in the public schema (identity_data)."""
    tenant_apps = set(settings.TENANT_APPS)
    shared = sorted(m._meta.label for m in models if m._meta.app_config.name in tenant_apps)
    if shared:
        raise ValueError(f"not public-only, remove them in the public schema: {shared}")


def remove_portal_data(marks: dict) -> None:
    public = marks["public"]
    _public_only(public)
    for slug, tenant_marks in marks["tenants"].items():
        with schema_context(slug):
            _delete_newer(tenant_marks)
    matter = apps.get_model("catalogue", "Matter")
    matter.objects.filter(pk__gt=public.get(matter, 0)).update(current_version=None, parent=None)
    last = (apps.get_model("catalogue", "MatterVersion"), matter)  # what the others protect
    ordered = sorted(public.items(), key=lambda kv: last.index(kv[0]) + 1 if kv[0] in last else 0)
    # The deletion collector follows catalogue rows into tenant tables (entries point to
    # versions): run it where a tenant's tables are on the search path.
    with schema_context(SLUGS[0]):
        _delete_newer(dict(ordered))
