"""Write audit entries with Wagtail's ``log()`` into the acting tenant's schema.

Who, when and what changed are the entry's user, timestamp and ``data``; which tenant is the
schema the entry lives in (changes to public rows made from a tenant's admin are logged in that
tenant's schema); from where is ``data["ip"]``, the client address of the current request.
The public schema has no log table: operators' scripts there (imports, factories) are not staff
changes and are not logged."""

import contextvars

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django_tenants.utils import get_public_schema_name
from wagtail.log_actions import log

# The client address of the request being served (set on request_started, see receivers).
client_ip: contextvars.ContextVar[str] = contextvars.ContextVar("audit_client_ip", default="")


def logging_here() -> bool:
    """Whether the connection is in a tenant schema (the only ones with a log table)."""
    schema = getattr(connection, "schema_name", None)
    return bool(schema) and schema != get_public_schema_name()


def staff_user(username: str):
    """The tenant's user of that name (None for operators' names such as "import")."""
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def plain(value):
    """A JSON-safe copy of a value (dates and decimals as text)."""
    import json

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def changes_between(before: dict, after: dict) -> dict:
    """{name: {"before": old, "after": new}} for each name whose value differs."""
    return {
        name: {"before": plain(before.get(name)), "after": plain(after.get(name))}
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    }


def record(instance, action: str, user: str = "", changes: dict | None = None, **details):
    """One audit entry for ``instance``; ``user`` is the acting username (may have no account)."""
    if not logging_here():
        return None
    data = {"username": user, "ip": client_ip.get(), **plain(details)}
    if changes:
        data["changes"] = changes
    return log(instance, action, user=staff_user(user), data=data, content_changed=bool(changes))


def last_actor(instance, action: str) -> str:
    """The username of the latest ``action`` entry about ``instance`` here ("" if none)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    if not logging_here():
        return ""
    entry = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk), action=action,
        )
        .order_by("-timestamp", "-pk")
        .first()
    )  # fmt: skip
    return (entry.data or {}).get("username", "") if entry else ""
