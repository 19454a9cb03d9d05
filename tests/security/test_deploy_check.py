"""``manage.py check --deploy`` under the production settings is clean.

Before: security.W004 (no HSTS) and W008 (no HTTPS redirect). Mail without an SMTP host is an
error (zwfw.E001): password-reset mails would silently go nowhere."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def deploy_check(**env) -> subprocess.CompletedProcess:
    db = settings.DATABASES["default"]
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "core.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def identity_keys() -> dict:
    """Keys of the identity provider from the environment (docs/identity.md)."""
    from core.identity.keys import new_keys

    keys = new_keys()
    return {"IDENTITY_FIELD_KEYS": keys["field_keys"], "IDENTITY_HASH_KEY": keys["hash_key"],
            "IDENTITY_CLIENT_SECRET_KEY": keys["client_secret_key"],
            "OIDC_RSA_PRIVATE_KEY": keys["rsa_private_key"]}  # fmt: skip


def test_deploy_check_is_clean_with_the_required_environment():
    result = deploy_check(EMAIL_HOST="smtp.example.gov.cn", **identity_keys())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_without_an_smtp_host():
    result = deploy_check()
    assert result.returncode != 0
    assert "zwfw.E001" in result.stderr + result.stdout


def test_deploy_check_fails_on_generated_identity_keys():
    result = deploy_check(EMAIL_HOST="smtp.example.gov.cn")
    assert result.returncode != 0
    assert "identity.E001" in result.stderr + result.stdout
