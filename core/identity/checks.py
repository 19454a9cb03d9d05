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
