"""Who acts in a request: a signed-in citizen, possibly as 经办人 for an enterprise.

A portal session on a region host carries the person, the enterprise chosen and the person's
session epoch (``sign_in_session``); "logout everywhere" bumps the epoch, which ends every such
session. API clients send an OIDC access token instead (``core.identity.bearer``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

SESSION_PERSON = "identity.person"
SESSION_ENTERPRISE = "identity.enterprise"
SESSION_EPOCH = "identity.epoch"
_CACHED = "_identity_subject"


@dataclass(frozen=True)
class Subject:
    person_id: int
    name: str
    level: int
    enterprise_id: int | None = None
    enterprise_name: str | None = None


def can_act_for(person_id: int, enterprise_id: int) -> bool:
    """True while the person administers the enterprise or holds an unrevoked 经办人 grant."""
    from .models import AgentAuthorisation, Enterprise

    if Enterprise.objects.filter(pk=enterprise_id, administrator_id=person_id).exists():
        return True
    return AgentAuthorisation.objects.filter(
        enterprise_id=enterprise_id, person_id=person_id, revoked_at__isnull=True
    ).exists()


def subject_for(person_id: int, enterprise_id: int | None = None, epoch: int | None = None):
    """The Subject of a person (and enterprise) as of now; None when the account is gone, the
    epoch is stale or the 经办人 grant was revoked."""
    from .models import Enterprise, Person

    person = Person.objects.filter(pk=person_id).only("name", "level", "session_epoch").first()
    if person is None or (epoch is not None and epoch != person.session_epoch):
        return None
    if enterprise_id is None:
        return Subject(person.pk, person.name, person.level)
    enterprise = Enterprise.objects.filter(pk=enterprise_id).only("name").first()
    if enterprise is None or not can_act_for(person.pk, enterprise.pk):
        return Subject(person.pk, person.name, person.level)
    return Subject(person.pk, person.name, person.level, enterprise.pk, enterprise.name)


def sign_in_session(request, person, enterprise_id: int | None = None) -> None:
    """Make this host's session the person's (a new session key: no fixation)."""
    request.session.cycle_key()
    request.session[SESSION_PERSON] = person.pk
    request.session[SESSION_EPOCH] = person.session_epoch
    request.session[SESSION_ENTERPRISE] = enterprise_id
    request.session["identity.signed_in_at"] = timezone.now().isoformat()
    if hasattr(request, _CACHED):
        delattr(request, _CACHED)


def sign_out_session(request) -> None:
    for key in (SESSION_PERSON, SESSION_EPOCH, SESSION_ENTERPRISE, "identity.signed_in_at"):
        request.session.pop(key, None)
    request.session.cycle_key()
    if hasattr(request, _CACHED):
        delattr(request, _CACHED)


def _from_session(request) -> Subject | None:
    session = getattr(request, "session", None)
    if session is None or not _has_session_cookie(request) or SESSION_PERSON not in session:
        return None
    subject = subject_for(
        session[SESSION_PERSON], session.get(SESSION_ENTERPRISE), session.get(SESSION_EPOCH, -1)
    )
    if subject is None:  # closed, logged out everywhere: this session is over too
        sign_out_session(request)
    return subject


def _has_session_cookie(request) -> bool:
    """Without a session cookie there is no session to read: the page stays cacheable (reading
    the session would add ``Vary: Cookie``)."""
    cookies = getattr(request, "COOKIES", None)
    return cookies is None or settings.SESSION_COOKIE_NAME in cookies


def current_subject(request) -> Subject | None:
    """The citizen acting in ``request``: its Bearer token when it sends one (refused: nobody),
    else this host's portal session; None for anonymous requests. Computed once per request."""
    if hasattr(request, _CACHED):
        return getattr(request, _CACHED)
    from .bearer import refused_bearer, subject_from_bearer

    subject = subject_from_bearer(request)
    if subject is None and not refused_bearer(request):
        # A request that names a Bearer token is judged by that token alone: a revoked or bogus
        # one must not fall back to a cookie (the Bearer paths skip CSRF checks).
        subject = _from_session(request)
    setattr(request, _CACHED, subject)
    return subject


def signed_in_person_id(request) -> int | None:
    subject = current_subject(request)
    return subject.person_id if subject is not None else None
