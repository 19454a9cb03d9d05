"""Field-level encryption (AES-256-GCM) and keyed lookup hashes (HMAC-SHA256) of personal data.

Ciphertexts name their key (``kid``), so keys rotate without a flag day: a new key goes first in
IDENTITY_FIELD_KEYS and encrypts from then on, older keys still decrypt until
``manage.py reencrypt_identity`` has rewritten every row.
"""

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from .keys import parse_field_keys

PREFIX = "v1"


@cache
def _keys(value: str) -> tuple[tuple[str, bytes], ...]:
    return tuple(parse_field_keys(value))


def field_keys() -> tuple[tuple[str, bytes], ...]:
    return _keys(settings.IDENTITY_FIELD_KEYS)


def encrypt(plaintext: str) -> str:
    kid, key = field_keys()[0]
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), kid.encode())
    return f"{PREFIX}:{kid}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str) -> str:
    prefix, kid, encoded = token.split(":", 2)
    if prefix != PREFIX:
        raise ValueError(f"unknown ciphertext format {prefix!r}")
    key = dict(field_keys()).get(kid)
    if key is None:
        raise ValueError(f"field key {kid!r} is not configured (IDENTITY_FIELD_KEYS)")
    raw = base64.b64decode(encoded)
    return AESGCM(key).decrypt(raw[:12], raw[12:], kid.encode()).decode()


def current_kid(token: str) -> bool:
    return token.split(":", 2)[1] == field_keys()[0][0]


def lookup_hash(kind: str, value: str) -> str:
    """A keyed digest to find a row by an encrypted value (equal values, equal digests)."""
    key = base64.b64decode(settings.IDENTITY_HASH_KEY)
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
