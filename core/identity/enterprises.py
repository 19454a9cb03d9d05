"""法人 accounts and 经办人 authorisations, granted and revoked by the enterprise's administrator."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.domain.errors import DomainError, Problem
from tenants.codes import uscc_error

from .accounts import find_person
from .models import AgentAuthorisation, Enterprise, Level, Person


def register_enterprise(person: Person, uscc: str, name: str, legal_representative: str):
    """A verified (L2) legal representative registers the enterprise and administers it."""
    uscc, name = (uscc or "").strip().upper(), (name or "").strip()
    problems = []
    if person.level < Level.L2:
        problems.append(Problem("level", "注册法人账户需先完成实名核验（L2）"))
    if message := uscc_error(uscc):
        problems.append(Problem("uscc", message))
    elif Enterprise.objects.filter(uscc=uscc).exists():
        problems.append(Problem("uscc", "该统一社会信用代码已注册法人账户"))
    if not 2 <= len(name) <= 100:
        problems.append(Problem("name", "法人名称应为2–100个字"))
    if (legal_representative or "").strip() != person.name:
        problems.append(Problem("legal_representative", "只有法定代表人本人可以注册法人账户"))
    if problems:
        raise DomainError(problems)
    try:
        return Enterprise.objects.create(uscc=uscc, name=name, administrator=person,
                                         legal_representative=person.name)  # fmt: skip
    except IntegrityError as error:
        raise DomainError([Problem("uscc", "该统一社会信用代码已注册法人账户")]) from error


def _administered(enterprise: Enterprise, admin: Person) -> None:
    if enterprise.administrator_id != admin.pk:
        raise DomainError([Problem("enterprise", "只有法人账户的管理员可以管理经办人")])


def grant_agent(enterprise: Enterprise, admin: Person, identifier: str) -> AgentAuthorisation:
    """Authorise the person with this mobile or 居民身份证号 to act for the enterprise."""
    _administered(enterprise, admin)
    person = find_person(identifier or "")
    if person is None:
        raise DomainError([Problem("identifier", "未找到该手机号或身份证号对应的个人账户")])
    if person.pk == admin.pk:
        raise DomainError([Problem("identifier", "管理员本人无需授权")])
    try:
        with transaction.atomic():
            return AgentAuthorisation.objects.create(
                enterprise=enterprise, person=person, granted_by=admin
            )
    except IntegrityError as error:
        raise DomainError([Problem("identifier", f"{person.name} 已是经办人")]) from error


def revoke_agent(enterprise: Enterprise, admin: Person, authorisation_id: int) -> None:
    _administered(enterprise, admin)
    updated = AgentAuthorisation.objects.filter(
        pk=authorisation_id, enterprise=enterprise, revoked_at__isnull=True
    ).update(revoked_at=timezone.now(), revoked_by=admin)
    if not updated:
        raise DomainError([Problem("authorisation", "该授权不存在或已撤销")])


def enterprises_of(person: Person) -> list[Enterprise]:
    """The enterprises the person may act for: administered, or by an unrevoked grant."""
    return list(
        Enterprise.objects.filter(
            Q(administrator=person)
            | Q(agents__person=person, agents__revoked_at__isnull=True)
        ).distinct().order_by("name")
    )  # fmt: skip
