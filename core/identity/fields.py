"""A text field stored encrypted (core.identity.crypto); Python code sees the plaintext."""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Encrypted at rest. Not searchable: pair it with a keyed hash column for lookups."""

    def from_db_value(self, value, expression, connection):
        return None if value in (None, "") else crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value in (None, "") else crypto.encrypt(value)
