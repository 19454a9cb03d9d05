"""Production must not sign or encrypt with the generated development keys."""

from django.test import override_settings

from core.identity.checks import check_identity_keys


def test_production_refuses_the_generated_development_keys():
    with override_settings(IDENTITY_REQUIRE_ENV_KEYS=True, IDENTITY_KEYS_FROM_DEV_FILE=True):
        assert [e.id for e in check_identity_keys(None)] == ["identity.E001"]
    with override_settings(IDENTITY_REQUIRE_ENV_KEYS=True, IDENTITY_KEYS_FROM_DEV_FILE=False):
        assert check_identity_keys(None) == []
    with override_settings(IDENTITY_REQUIRE_ENV_KEYS=False, IDENTITY_KEYS_FROM_DEV_FILE=True):
        assert check_identity_keys(None) == []
