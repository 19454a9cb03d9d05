"""Keyed digests the register keeps instead of personal data or secrets."""

import hashlib
import hmac

from django.conf import settings


def keyed_digest(kind: str, value) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def applicant_digest(person_id: int, enterprise_id: int | None) -> str:
    """Whose case it is: the enterprise when the person acted for one, else the person."""
    if enterprise_id is not None:
        return keyed_digest("enterprise", enterprise_id)
    return keyed_digest("person", person_id)


def query_code_digest(number: str, query_code: str) -> str:
    return keyed_digest(f"query:{number}", query_code)


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
