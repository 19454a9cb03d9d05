"""Links typed by staff and clicked by citizens: only absolute http(s) URLs are accepted, stored
or rendered. ``javascript:``, ``data:`` and friends run in the portal's origin when clicked."""

import re
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
# Browsers drop tabs and newlines anywhere in a URL and trim spaces and control characters,
# so "java\tscript:" is javascript: to them; such characters are never part of a good link.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
URL_MESSAGE = "网址只能以 http:// 或 https:// 开头，且不能含空格或控制字符"


def url_problem(value) -> str:
    """Why ``value`` is not an acceptable link ("" when it is); an empty value is acceptable."""
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        return "网址应为文本"
    if _INVISIBLE.search(value):
        return URL_MESSAGE
    try:
        parts = urlsplit(value)
    except ValueError:
        return URL_MESSAGE
    if parts.scheme.lower() not in SCHEMES or not parts.netloc or parts.netloc.startswith("@"):
        return URL_MESSAGE
    return ""


def is_safe_url(value) -> bool:
    """True for a non-empty absolute http(s) URL that can be put in an href as it is."""
    return bool(value) and not url_problem(value)


def safe_url(value) -> str:
    """``value`` when it is a safe http(s) link, otherwise "" (render nothing rather than it)."""
    return value if is_safe_url(value) else ""


def validate_http_url(value) -> None:
    """A Django field validator (model or form) with the same rule."""
    from django.core.exceptions import ValidationError

    if message := url_problem(value):
        raise ValidationError(message, code="invalid_url")
