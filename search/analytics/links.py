"""Click tokens: which result of which search a link opens, signed so nobody can forge one.

A result link on the portal is ``/search/open/<token>`` (``cms``: records the opened result and
redirects to the guide); a mini-app reports the same token through the GraphQL mutation
``reportSearchResultOpened``. The token names the search, the result's rank and the guide's
implementation code, never a URL: the redirect goes to the guide the platform publishes under
that code, so a token cannot send anybody elsewhere.
"""

import base64
import re
import uuid
from dataclasses import dataclass

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "search.analytics.open"
SIGNATURE_BYTES = 12  # a truncated HMAC-SHA256: 96 bits, 16 characters in the link
CODE = re.compile(r"^[0-9A-Za-z]{1,31}$")
MAX_POSITION = 10_000


@dataclass(frozen=True)
class Opened:
    search_id: str  # SearchEvent.id, hex
    position: int  # 1 = the first result
    implementation_code: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _signature(value: str) -> str:
    return _b64(salted_hmac(SALT, value, algorithm="sha256").digest()[:SIGNATURE_BYTES])


def click_token(search_id: str, position: int, implementation_code: str) -> str:
    value = f"{_b64(uuid.UUID(search_id).bytes)}.{int(position)}.{implementation_code}"
    return f"{value}:{_signature(value)}"


def read(token: str) -> Opened | None:
    """What a token names; None for anything this platform did not sign (or malformed)."""
    value, _, signature = (token or "").rpartition(":")
    if not value or not constant_time_compare(signature, _signature(value)):
        return None
    try:
        short, position, code = value.split(".")
        search_id = uuid.UUID(bytes=base64.urlsafe_b64decode(short + "==")).hex
        position = int(position)
    except (ValueError, TypeError):
        return None
    if not (1 <= position <= MAX_POSITION and CODE.match(code)):
        return None
    return Opened(search_id, position, code)
