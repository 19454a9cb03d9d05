"""个人信息保护法 rights: download one's data, close the account."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from core.domain.errors import DomainError, Problem

from . import accounts
from .models import AgentAuthorisation, Person


def export_data(person: Person) -> dict:
    """Everything the platform keeps about the person, in plaintext for the person only."""
    from core.published.models_ratings import Rating

    grants = AgentAuthorisation.objects.filter(person=person).select_related("enterprise")
    return {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "name": person.name, "id_number": person.id_number, "mobile": person.mobile,
            "level": person.level, "verified_by": person.verified_by,
            "verified_at": person.verified_at.isoformat() if person.verified_at else None,
            "created_at": person.created_at.isoformat(),
        },
        "consents": [{"version": c.version, "accepted_at": c.accepted_at.isoformat()}
                     for c in person.consents.order_by("accepted_at")],
        "favourites": [{"implementation_code": f.implementation_code,
                        "created_at": f.created_at.isoformat()} for f in person.favourites.all()],
        "ratings": [{"implementation_code": r.implementation_code, "score": r.score,
                     "comment": r.comment, "created_at": r.created_at.isoformat()}
                    for r in Rating.objects.filter(account=person)],
        "enterprises_administered": [{"uscc": e.uscc, "name": e.name}
                                     for e in person.administered_enterprises.all()],
        "agent_authorisations": [{"uscc": g.enterprise.uscc, "enterprise": g.enterprise.name,
                                  "granted_at": g.granted_at.isoformat(),
                                  "revoked_at": g.revoked_at.isoformat() if g.revoked_at else None}
                                 for g in grants],
    }  # fmt: skip


def close_account(person: Person) -> None:
    """Delete the account and its personal data; ratings stay, without the account. The login
    principal (a public-schema user named by a random id, no personal data) is deactivated, not
    deleted: its tenant-only relations (Wagtail profiles) cannot be collected from public."""
    if person.administered_enterprises.exists():
        raise DomainError([Problem("enterprise", "您是法人账户的管理员，请先转交或注销法人账户")])
    with schema_context("public"), transaction.atomic():
        accounts.revoke_tokens(person)
        user_id = person.user_id
        person.delete()  # favourites, consents and authorisations go with it
        get_user_model().objects.filter(pk=user_id).update(is_active=False, password="!")
