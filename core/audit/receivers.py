"""Signal receivers of the audit trail (connected by ``core.apps``)."""

import getpass
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .log import client_ip, logging_here, record


def address_of(meta) -> str:
    """The client address of a request (META or WSGI environ), trusted proxies honoured."""
    from core.published.ratings import client_key

    return client_key(SimpleNamespace(META=meta))


def request_started(sender, environ=None, **kwargs) -> None:
    client_ip.set(address_of(environ or {}))


def request_finished(sender, **kwargs) -> None:
    client_ip.set("")


def stamp_address(sender, instance, **kwargs) -> None:
    """pre_save of every log entry (Wagtail's own too): where the change came from."""
    if instance._state.adding and "ip" not in (instance.data or {}):
        instance.data = {**(instance.data or {}), "ip": client_ip.get()}


def logged_in(sender, request, user, **kwargs) -> None:
    if logging_here():
        record(user, "zwfw.login", user.get_username(), ip=address_of(request.META))


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    """The username tried and the address; never the password (Django masks it anyway)."""
    from wagtail.models import ModelLogEntry

    if not logging_here():
        return
    model = get_user_model()
    tried = str(credentials.get(model.USERNAME_FIELD) or credentials.get("username") or "")
    known = model.objects.filter(**{model.USERNAME_FIELD: tried}).first()
    ip = address_of(request.META) if request is not None else client_ip.get()
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model), label=tried[:150],
        object_id=str(known.pk) if known else tried[:150] or "-", action="zwfw.login_failed",
        timestamp=timezone.now(), data={"username": tried[:150], "ip": ip},
    )  # fmt: skip


def provisioned(sender, region, config, dry_run, changes=None, **kwargs) -> list:
    """Provisioning wrote a region's rows (inside its schema): logged there, operator named."""
    if not dry_run:
        record(region, "zwfw.provision", "", operator=getpass.getuser(), changes_made=changes or [])
    return []
