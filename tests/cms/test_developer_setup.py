"""What `make` runs reads the same configuration as Django (``.env``), and `make demo PORT=…`
puts that port into every absolute URL the platform writes."""

import importlib.util
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django_tenants.utils import schema_context
from wagtail.models import Site

from cms.site import ensure_site
from core.published.models import PublishedGuide

from .conftest import ID_CARD

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "ensure_database.py"


def _ensure_database_module():
    spec = importlib.util.spec_from_file_location("ensure_database", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ensure_database_reads_dot_env_unless_the_environment_says(tmp_path, monkeypatch):
    module = _ensure_database_module()
    env_file = tmp_path / ".env"
    env_file.write_text("DATABASE_URL=postgres://postgres@127.0.0.1:5432/zwfw_custom\n")
    monkeypatch.setattr(module, "ENV_FILE", env_file)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert module.database_url() == "postgres://postgres@127.0.0.1:5432/zwfw_custom"
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/from_env")
    assert module.database_url() == "postgres://postgres@127.0.0.1:5432/from_env"
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.setattr(module, "ENV_FILE", tmp_path / "missing.env")
    assert module.database_url() == module.DEFAULT_URL


@pytest.fixture
def forget_site_root_paths():
    """The test's Site change rolls back, Wagtail's cached root paths (Redis) would not."""
    original_port = settings.WAGTAIL_SITE_PORT
    yield
    # Fixtures torn down after this one (publish's clean-up) read the Site again while the test's
    # transaction still holds the new port: put it back before clearing the cache.
    with override_settings(WAGTAIL_SITE_PORT=original_port), schema_context("shushan"):
        ensure_site("shushan.localhost", "蜀山区政务服务", "蜀山区")
        Site.clear_site_root_paths_cache()


@pytest.mark.django_db
def test_the_site_port_reaches_guide_urls_and_json_ld(
    forget_site_root_paths, publish, region_client, settings
):
    settings.WAGTAIL_SITE_PORT = 8106  # what `make demo PORT=8106` exports to provisioning
    with schema_context("shushan"):
        changes = ensure_site("shushan.localhost", "蜀山区政务服务", "蜀山区")
        assert "站点域名 shushan.localhost:8106" in changes
        assert Site.objects.get(is_default_site=True).root_url == "http://shushan.localhost:8106"
    entry = publish("shushan", ID_CARD)
    guide = PublishedGuide.objects.get(entry_id=entry.pk, region__slug="shushan")
    assert guide.url.startswith("http://shushan.localhost:8106/guides/")
    html = region_client("shushan").get(guide.url.split(":8106")[1]).content.decode()
    ld = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert ld["url"] == guide.url


def test_make_exports_the_port_to_every_setup_step():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    assert "demo setup migrate provision demo-data: export WAGTAIL_SITE_PORT = $(PORT)" in makefile


@pytest.mark.django_db
def test_graphiql_loads_only_the_projects_own_assets(region_client, settings):
    from django.contrib.staticfiles import finders

    settings.GRAPHQL_GRAPHIQL = True
    html = region_client("shushan").get("/graphql/", HTTP_ACCEPT="text/html").content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(urls) == 8  # 2 stylesheets, 5 libraries, graphene-django's starter
    assert [u for u in urls if not u.startswith("/static/")] == []
    assert [u for u in urls if not finders.find(u.removeprefix("/static/"))] == []  # `make vendor`
    assert "cdn." not in html and "https://" not in html
