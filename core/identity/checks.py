"""identity.E001: production must not run on generated development keys."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_identity_keys(app_configs, **kwargs):
    if not getattr(settings, "IDENTITY_REQUIRE_ENV_KEYS", False):
        return []
    if not settings.IDENTITY_KEYS_FROM_DEV_FILE:
        return []
    return [
        Error(
            "Identity keys come from the generated development file .identity/dev-keys.json.",
            hint="Set IDENTITY_FIELD_KEYS, IDENTITY_HASH_KEY, IDENTITY_CLIENT_SECRET_KEY and "
            "OIDC_RSA_PRIVATE_KEY in the environment (docs/identity.md).",
            id="identity.E001",
        )
    ]


@register()
def check_dev_mailbox(app_configs, **kwargs):
    """identity.E002: the development SMS mailbox shows every one-time code to anyone; with it
    on in production, anybody signs in with anybody's mobile."""
    if not getattr(settings, "IDENTITY_REQUIRE_ENV_KEYS", False):
        return []
    if not getattr(settings, "IDENTITY_DEV_MAILBOX", False):
        return []
    return [
        Error(
            "IDENTITY_DEV_MAILBOX is on: id.<domain>/dev/mailbox/ would show every SMS code.",
            hint="Unset IDENTITY_DEV_MAILBOX (development only) in production.",
            id="identity.E002",
        )
    ]
