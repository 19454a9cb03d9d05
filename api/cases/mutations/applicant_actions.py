"""withdrawCase and supplementCase: the applicant acts on their case from any host."""

import graphene
from django.core.exceptions import PermissionDenied

from core.cases import applying
from core.cases.access import from_subject
from core.cases.remote import on_case
from core.domain.errors import DomainError, Problem

from ..types import (
    CaseError,
    CaseProgress,
    MaterialFiles,
    errors_of,
    files_of,
    not_signed_in,
)  # fmt: skip


def _act(info, number, act):
    """(record, errors) after ``act(case, applicant)`` in the case's region."""
    from core.identity.subject import current_subject

    applicant = from_subject(current_subject(info.context))
    if applicant is None:
        return None, not_signed_in()
    number = number.strip().upper()
    try:
        _, record = on_case(number, lambda case: act(case, applicant))
    except PermissionDenied:
        # Someone else's case answers as an unknown number would: otherwise this is an
        # unlimited oracle of which numbers exist (进度查询 is rate-limited for that reason).
        return None, errors_of(DomainError([Problem("number", f"没有找到办件 {number}")]))
    except DomainError as error:
        return None, errors_of(error)
    return record, []


class WithdrawCase(graphene.Mutation):
    """撤回申请（受理前）。"""

    class Arguments:
        number = graphene.String(required=True)
        reason = graphene.String()

    case = graphene.Field(CaseProgress)
    errors = graphene.List(graphene.NonNull(CaseError), required=True)

    @staticmethod
    def mutate(root, info, number, reason=""):
        record, errors = _act(
            info, number, lambda case, who: applying.withdraw(case, who, reason or "")
        )
        return WithdrawCase(case=record, errors=errors)


class SupplementCase(graphene.Mutation):
    """按补正告知一次补齐所列材料。"""

    class Arguments:
        number = graphene.String(required=True)
        materials = graphene.List(graphene.NonNull(MaterialFiles), required=True)

    case = graphene.Field(CaseProgress)
    errors = graphene.List(graphene.NonNull(CaseError), required=True)

    @staticmethod
    def mutate(root, info, number, materials):
        try:
            files = files_of(materials)
        except DomainError as error:
            return SupplementCase(case=None, errors=errors_of(error))
        record, errors = _act(info, number, lambda case, who: applying.supplement(case, who, files))
        return SupplementCase(case=record, errors=errors)
