"""The SMS gateway: an interface a deployment connects to its operator's SMS service.

``ConsoleSmsGateway`` (development, tests) writes each message to the log and keeps the latest
ones for the dev mailbox page (``/dev/mailbox/`` on the identity host, IDENTITY_DEV_MAILBOX).
"""

import logging
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context

log = logging.getLogger(__name__)
MAILBOX_KEY = "identity:dev-mailbox"
MAILBOX_SIZE = 50


class SmsGateway(Protocol):
    def send(self, mobile: str, text: str) -> None:
        """Deliver ``text`` to ``mobile`` or raise (the caller tells the user to retry)."""


class ConsoleSmsGateway:
    """Not a gateway: prints the message. Development and tests only."""

    def send(self, mobile: str, text: str) -> None:
        log.warning("SMS to %s: %s", mobile, text)
        message = {"mobile": mobile, "text": text, "at": timezone.now().isoformat()}
        with schema_context("public"):
            messages = [message, *(cache.get(MAILBOX_KEY) or [])][:MAILBOX_SIZE]
            cache.set(MAILBOX_KEY, messages, timeout=60 * 60)


def gateway() -> SmsGateway:
    return import_string(settings.IDENTITY_SMS_GATEWAY)()


def mailbox() -> list[dict]:
    """The dev mailbox, newest first."""
    with schema_context("public"):
        return list(cache.get(MAILBOX_KEY) or [])


def last_code(mobile: str) -> str | None:
    """The one-time code last sent to ``mobile`` (dev mailbox), for tests and the dev page."""
    for message in mailbox():
        if message["mobile"] == mobile:
            return "".join(c for c in message["text"].split("验证码为", 1)[1][:6] if c.isdigit())
    return None
