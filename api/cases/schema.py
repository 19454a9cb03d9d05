"""Case queries (progress by number + 查询码, my cases) and the applicant's mutations."""

import graphene

from core.case_register import progress
from core.cases.access import from_subject
from core.domain.errors import DomainError
from core.published.ratings import client_key

from ..core.errors import api_error
from .mutations.applicant_actions import SupplementCase, WithdrawCase
from .mutations.submit_case import SubmitCase
from .types import CaseProgress

MY_CASES_MAX = 100


class CaseQueries(graphene.ObjectType):
    case = graphene.Field(
        CaseProgress,
        number=graphene.String(required=True),
        query_code=graphene.String(required=True),
        description="办件进度查询：办件编号 + 查询码（任一门户；限流）。编号或查询码不对时为 null。",
    )
    my_cases = graphene.List(
        graphene.NonNull(CaseProgress),
        required=True,
        first=graphene.Int(default_value=20),
        description="我的办件（需登录；代表企业时为该企业的办件），最新在前。",
    )

    @staticmethod
    def resolve_case(root, info, number, query_code):
        try:
            return progress.lookup(number, query_code, client_key(info.context))
        except DomainError as error:
            problem = error.problems[0]
            code = "RATE_LIMITED" if problem.field == "client" else "INVALID_ARGUMENT"
            raise api_error(code, problem.message) from error

    @staticmethod
    def resolve_my_cases(root, info, first=20):
        from core.identity.subject import current_subject

        applicant = from_subject(current_subject(info.context))
        if applicant is None:
            raise api_error("NOT_SIGNED_IN", "请先登录")
        count = max(1, min(first or 20, MY_CASES_MAX))
        return list(progress.records_of(applicant.person_id, applicant.enterprise_id)[:count])


class CaseMutations(graphene.ObjectType):
    submit_case = SubmitCase.Field()
    withdraw_case = WithdrawCase.Field()
    supplement_case = SupplementCase.Field()
