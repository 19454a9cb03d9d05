"""submitCase: a signed-in citizen applies online for a live entry (typed errors)."""

import graphene

from core.cases import applying
from core.cases.access import from_subject
from core.cases.remote import submit_anywhere
from core.domain.errors import DomainError

from ..types import CaseError, CaseProgress, MaterialFiles, errors_of, files_of, not_signed_in


class SubmittedCase(graphene.ObjectType):
    number = graphene.String(required=True)
    query_code = graphene.String(
        required=True, description="查询码：凭办件编号和查询码可免登录查询进度"
    )
    progress = graphene.Field(CaseProgress, required=True)


class SubmitCase(graphene.Mutation):
    """网上申请。材料文件先上传到事项所属区划门户的 /cases/uploads/，再按材料列出文件 ID。"""

    class Arguments:
        implementation_code = graphene.String(required=True)
        situations = graphene.List(graphene.NonNull(graphene.String), default_value=[])
        materials = graphene.List(graphene.NonNull(MaterialFiles), default_value=[])
        contact_phone = graphene.String()
        submission_key = graphene.String(
            description="客户端为一次申请生成的唯一标识（至多 64 字符）：重复提交返回同一办件"
        )

    case = graphene.Field(SubmittedCase)
    errors = graphene.List(graphene.NonNull(CaseError), required=True)

    @staticmethod
    def mutate(root, info, implementation_code, situations=(), materials=(), contact_phone="",
               submission_key=""):  # fmt: skip
        from core.identity.subject import current_subject

        applicant = from_subject(current_subject(info.context))
        if applicant is None:
            return SubmitCase(case=None, errors=not_signed_in())
        try:
            files = files_of(materials)

            def act(item):
                case = applying.submit(
                    item, applicant, list(situations), files, contact_phone or "",
                    submission_key=submission_key or "",
                )  # fmt: skip
                from core.case_register.models import CaseRecord

                return case, CaseRecord.objects.get(number=case.number)

            case, record = submit_anywhere(implementation_code, act)
        except DomainError as error:
            return SubmitCase(case=None, errors=errors_of(error))
        submitted = SubmittedCase(number=case.number, query_code=case.query_code, progress=record)
        return SubmitCase(case=submitted, errors=[])
