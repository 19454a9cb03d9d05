"""Keyed digests the register keeps instead of personal data or secrets.

Written with ``SECRET_KEY``; read with it and every ``SECRET_KEY_FALLBACKS`` key, so that a key
rotated the way Django documents keeps every 查询码 and 我的办件 working (a row is rewritten with
the new key at its case's next change)."""

import hashlib
import hmac

from django.conf import settings


def _keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def keyed_digest(kind: str, value, key: str | None = None) -> str:
    key = (key if key is not None else settings.SECRET_KEY).encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _applicant(person_id: int, enterprise_id: int | None) -> tuple[str, object]:
    """Whose case it is: the enterprise when the person acted for one, else the person."""
    return ("enterprise", enterprise_id) if enterprise_id is not None else ("person", person_id)


def applicant_digest(person_id: int, enterprise_id: int | None) -> str:
    return keyed_digest(*_applicant(person_id, enterprise_id))


def applicant_digests(person_id: int, enterprise_id: int | None) -> list[str]:
    """The applicant's digest under the current key and each fallback key."""
    return [keyed_digest(*_applicant(person_id, enterprise_id), key=k) for k in _keys()]


def query_code_digest(number: str, query_code: str) -> str:
    return keyed_digest(f"query:{number}", query_code)


def query_code_matches(stored: str | None, number: str, query_code: str) -> bool:
    """Whether ``query_code`` is the code of ``number`` (under any current or fallback key).
    The digests are computed even without a stored one, so an unknown number costs the same."""
    found = False
    for key in _keys():
        candidate = keyed_digest(f"query:{number}", query_code, key=key)
        found |= same(stored or "", candidate)
    return found


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
