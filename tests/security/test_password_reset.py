"""Password-reset mails: a link on the requesting region's own host and scheme, really sent.

Before: WAGTAILADMIN_BASE_URL was fixed (``http://<base>:8000``), so every region's reset link
pointed at the platform host over plain HTTP. A forged X-Forwarded-Host must not steer it."""

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django_tenants.utils import schema_context

pytestmark = pytest.mark.django_db

EMAIL = "clerk@shushan.example.gov.cn"


@pytest.fixture
def clerk():
    with schema_context("shushan"):
        return get_user_model().objects.create_user("clerk", EMAIL, "x-test-2026")


def reset(host: str, **headers):
    client = Client(HTTP_HOST=host, **headers)
    response = client.post("/admin/password_reset/", {"email": EMAIL})
    assert response.status_code == 302
    return response


def reset_link() -> str:
    [message] = mail.outbox
    assert message.to == [EMAIL]
    return re.search(r"(\S+/admin/password_reset/confirm/\S+)", message.body).group(1)


def test_the_link_is_on_the_region_host(clerk):
    reset("shushan.localhost")
    assert reset_link().startswith("http://shushan.localhost/admin/password_reset/confirm/")


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_a_tls_proxy_the_link_is_https(clerk):
    reset("shushan.localhost", HTTP_X_FORWARDED_PROTO="https")
    assert reset_link().startswith("https://shushan.localhost/admin/password_reset/confirm/")


def test_a_forged_forwarded_host_is_ignored(clerk):
    reset("shushan.localhost", HTTP_X_FORWARDED_HOST="evil.example.com")
    link = reset_link()
    assert link.startswith("http://shushan.localhost/") and "evil" not in link


def test_the_link_works_on_that_host(clerk):
    reset("shushan.localhost")
    path = reset_link().split("shushan.localhost", 1)[1]
    client = Client(HTTP_HOST="shushan.localhost")
    form = client.get(path, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()


def test_another_regions_host_sends_nothing_for_this_clerk(clerk):
    reset("yaohai.localhost")  # the same answer, but no such user in 瑶海's schema
    assert mail.outbox == []


def test_development_prints_mails_to_the_console():
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "core.settings.dev", "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (
        result.stdout.strip().splitlines()[-1] == "django.core.mail.backends.console.EmailBackend"
    )
