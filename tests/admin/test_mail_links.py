"""Moderation mails from a region's admin link to that region's own host and port."""

from pathlib import Path
from types import SimpleNamespace

import pytest
import wagtail
from django.template.loader import get_template
from django_tenants.utils import schema_context
from wagtail.models import Site

pytestmark = pytest.mark.django_db

NOTIFICATIONS = Path(wagtail.__file__).parent / "admin/templates/wagtailadmin/notifications"


def test_every_wagtail_notification_takes_its_links_from_the_region_site():
    names = sorted(p.name for p in NOTIFICATIONS.iterdir() if "base_url_setting" in p.read_text())
    assert len(names) == 16
    for name in names:
        source = get_template(f"wagtailadmin/notifications/{name}").template.source
        assert "{% region_admin_base_url as base_url %}" in source, name
        assert "base_url_setting" not in source, name


def test_a_rejection_mail_links_to_the_region_admin_on_its_port():
    revision = SimpleNamespace(
        object_id=42, content_object=SimpleNamespace(get_admin_display_title="居民身份证申领")
    )
    user = SimpleNamespace(get_short_name="clerk", get_username="clerk")
    template = get_template("wagtailadmin/notifications/rejected.txt")
    with schema_context("shushan"):
        Site.objects.filter(is_default_site=True).update(hostname="shushan.localhost", port=8106)
        text = template.render({"revision": revision, "user": user})
    assert "http://shushan.localhost:8106/admin/pages/42/edit/" in text
    with schema_context("yaohai"):
        Site.objects.filter(is_default_site=True).update(hostname="yaohai.localhost", port=443)
        text = template.render({"revision": revision, "user": user})
    assert "https://yaohai.localhost/admin/pages/42/edit/" in text
