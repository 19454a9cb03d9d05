"""Helpers of the admin tests: logged-in clients and POST data built like the browser's."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django_tenants.utils import schema_context
from wagtail import blocks

PASSWORDS = {"anhui_admin": "demo-anhui-2026", "shushan_admin": "demo-shushan-2026"}


def admin_client(slug: str, username: str | None = None) -> Client:
    """A client logged in to ``slug``'s admin (the session lives under the tenant's keys)."""
    client = Client(HTTP_HOST=f"{slug}.{settings.TENANT_BASE_DOMAIN}")
    with schema_context(slug):
        user = get_user_model().objects.get(username=username or f"{slug}_admin")
        client.force_login(user)
    return client


def staff_user(slug: str, username: str, groups=()) -> Client:
    """A non-superuser with admin access in ``slug`` (optionally in the named groups)."""
    from django.contrib.auth.models import Group, Permission

    with schema_context(slug):
        user = get_user_model().objects.create_user(username, password="x-test-2026")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    return admin_client(slug, username)


def _block_data(block, value, prefix: str, out: dict) -> None:
    if isinstance(block, blocks.ListBlock):
        items = list(value or [])
        out[f"{prefix}-count"] = str(len(items))
        for index, item in enumerate(items):
            out.update({f"{prefix}-{index}-deleted": "", f"{prefix}-{index}-order": str(index),
                        f"{prefix}-{index}-id": ""})  # fmt: skip
            _block_data(block.child_block, item, f"{prefix}-{index}-value", out)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            _block_data(child, (value or {}).get(name), f"{prefix}-{name}", out)
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            out[prefix] = "on"
    else:
        out[prefix] = "" if value is None else str(value)


def post_data(form, **extra) -> dict:
    """What a browser posts for an unbound ``form`` left as initialised (plus ``extra``)."""
    out = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(field, blocks.BlockField):
            _block_data(field.block, value, name, out)
        elif isinstance(value, bool):
            if value:
                out[name] = "on"
        elif isinstance(value, list | tuple):
            out[name] = [str(v) for v in value]
        elif isinstance(value, datetime.date):
            out[name] = value.isoformat()
        elif value is not None:
            out[name] = str(value)
    out.update(extra)
    return out
