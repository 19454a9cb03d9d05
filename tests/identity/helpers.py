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


def browser_sign_in(page, portal_origin: str, mobile: str, password: str) -> None:
    """Sign a citizen in on a portal in Chromium through the real provider (browser tests).

    The person must be committed with a password and the current consent
    (``accounts.set_password``, ``accounts.accept_consent``), and the portal registered for the
    server's port (``tests.browser.identity_data.register_portals``). Ends on 个人中心."""
    import re

    page.goto(portal_origin + "/account/login/?next=/account/")
    page.wait_for_url(re.compile(r"/login/|/account/$"))
    if "/login/" in page.url:  # not yet signed in at the provider
        page.get_by_label("手机号或居民身份证号").fill(mobile)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
    page.wait_for_url(portal_origin + "/account/")
