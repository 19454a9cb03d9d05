"""Act as a citizen in tests.

``sign_in(client, person)`` gives a Django test client the portal session the real OIDC flow
leaves on a region host (the client's HTTP_HOST): ``core.identity.subject.current_subject`` then
sees the person there, and only there (sessions are per host).
"""

from importlib import import_module

from django.conf import settings
from django_tenants.utils import schema_context

from core.identity.subject import SESSION_ENTERPRISE, SESSION_EPOCH, SESSION_PERSON
from tenants.models import Domain


def _schema_of(client) -> str:
    host = client.defaults.get("HTTP_HOST", "testserver").rsplit(":", 1)[0]
    return Domain.objects.select_related("tenant").get(domain=host).tenant.schema_name


def sign_in(client, person, enterprise=None) -> str:
    """Sign ``person`` in on the client's host (as 经办人 of ``enterprise`` when given); returns
    the session key. The enterprise is not checked here: current_subject checks it per request."""
    engine = import_module(settings.SESSION_ENGINE)
    with schema_context(_schema_of(client)):  # session cache keys carry the host's schema
        session = engine.SessionStore()
        session[SESSION_PERSON] = person.pk
        session[SESSION_EPOCH] = person.session_epoch
        session[SESSION_ENTERPRISE] = enterprise.pk if enterprise is not None else None
        session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return session.session_key


def sign_out(client) -> None:
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
