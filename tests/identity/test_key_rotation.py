"""Key rotation: a new signing key with the old one still published; a new field key with old
rows still readable until they are re-saved."""

import base64
import secrets

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from core.identity import crypto
from core.identity.keys import new_keys
from core.identity.models import Person

from .factories import PersonFactory
from .oidc import provider_client

pytestmark = pytest.mark.django_db


def test_the_previous_signing_key_stays_in_the_jwks():
    before = provider_client().get("/o/.well-known/jwks.json").json()["keys"]
    rotated = {**settings.OAUTH2_PROVIDER, "OIDC_RSA_PRIVATE_KEY": new_keys()["rsa_private_key"],
               "OIDC_RSA_PRIVATE_KEYS_INACTIVE": [settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"]]}  # fmt: skip
    with override_settings(OAUTH2_PROVIDER=rotated):
        after = provider_client().get("/o/.well-known/jwks.json").json()["keys"]
    assert len(before) == 1 and len(after) == 2
    assert before[0]["kid"] in {key["kid"] for key in after}


def test_a_new_field_key_encrypts_while_the_old_one_still_decrypts():
    person = PersonFactory(mobile="13955501111")
    new_key = "k2:" + base64.b64encode(secrets.token_bytes(32)).decode()
    with override_settings(IDENTITY_FIELD_KEYS=f"{new_key},{settings.IDENTITY_FIELD_KEYS}"):
        reloaded = Person.objects.get(pk=person.pk)
        assert reloaded.mobile == "13955501111"  # old rows still read
        reloaded.save()  # re-encrypts with the new key
        with connection.cursor() as cursor:
            cursor.execute("SELECT mobile FROM identity_person WHERE id = %s", [person.pk])
            stored = cursor.fetchone()[0]
        assert stored.startswith("v1:k2:") and crypto.current_kid(stored)
        assert Person.objects.get(pk=person.pk).mobile == "13955501111"
