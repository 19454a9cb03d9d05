"""The platform host (public schema, no Wagtail tables) and unknown paths.

Before: any unknown path on the platform host (/favicon.ico, /admin/, /robots.txt) answered
500 (``relation "wagtailcore_site" does not exist``): Wagtail's redirect middleware looked up
redirects in a schema that has none. Now: 404; region hosts keep their redirects."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

pytestmark = pytest.mark.django_db

UNKNOWN = ["/favicon.ico", "/admin/", "/admin/login/", "/robots.txt", "/wp-login.php", "/x/y/"]


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_paths_on_the_platform_host_are_404(region_client, path):
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    response = client.get(path)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_region_hosts_keep_wagtail_redirects(region_client):
    with schema_context("shushan"):
        Redirect.objects.create(
            old_path="/old-guide", redirect_link="/new-guide", site=Site.objects.get()
        )
    client = region_client("shushan")
    response = client.get("/old-guide")
    assert response.status_code == 301 and response["Location"] == "/new-guide"
    assert client.get("/favicon.ico").status_code == 404
