"""GraphQL types of cases: progress as the public register shows it, and typed errors."""

import graphene

from core.cases import states
from core.domain.errors import DomainError, Problem


class CaseState(graphene.Enum):
    SUBMITTED = states.SUBMITTED
    SUPPLEMENT = states.SUPPLEMENT
    REJECTED = states.REJECTED
    PROCESSING = states.PROCESSING
    SUSPENDED = states.SUSPENDED
    APPROVED = states.APPROVED
    DENIED = states.DENIED
    RETURNED = states.RETURNED
    WITHDRAWN = states.WITHDRAWN


class CaseEvent(graphene.ObjectType):
    action = graphene.String(required=True)
    label = graphene.String(required=True)
    state = graphene.Field(CaseState, required=True)
    at = graphene.String(required=True, description="ISO 8601")


class CaseProgress(graphene.ObjectType):
    """一个办件的进度（公共办件登记簿，不含个人信息）。"""

    number = graphene.String(required=True)
    implementation_code = graphene.String(required=True)
    matter_name = graphene.String(required=True)
    region_code = graphene.String(required=True)
    department_name = graphene.String(required=True)
    state = graphene.Field(CaseState, required=True)
    state_label = graphene.String(required=True)
    step_name = graphene.String()
    submitted_at = graphene.DateTime(required=True)
    accepted_at = graphene.DateTime()
    finished_at = graphene.DateTime()
    due_date = graphene.Date(description="办结期限；计时暂停时为空")
    paused = graphene.Boolean(required=True, description="补正或挂起中，计时暂停")
    supplement_items = graphene.List(graphene.NonNull(graphene.String), required=True)
    on_time = graphene.Boolean()
    timeline = graphene.List(graphene.NonNull(CaseEvent), required=True)
    rated = graphene.Boolean(required=True)

    @staticmethod
    def resolve_state_label(record, info):
        return states.LABELS.get(record.state, record.state)

    @staticmethod
    def resolve_timeline(record, info):
        return [
            CaseEvent(action=e["action"], label=e["label"], state=e["state"], at=e["at"])
            for e in record.timeline
        ]

    @staticmethod
    def resolve_rated(record, info):
        return record.rating_id is not None


class CaseErrorCode(graphene.Enum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    NOT_SIGNED_IN = "not_signed_in"
    FORBIDDEN = "forbidden"
    STATE = "state"
    MISSING_MATERIAL = "missing_material"
    IDENTITY_LEVEL = "identity_level"  # the account's 实名等级 is below what applying needs


class CaseError(graphene.ObjectType):
    """一个问题：field 为出错的参数或材料（materials.<材料名称>），null 表示整个请求。"""

    field = graphene.String()
    message = graphene.String(required=True)
    code = graphene.Field(CaseErrorCode, required=True)


class MaterialFiles(graphene.InputObjectType):
    """一项材料及其已上传文件的 ID（POST /cases/uploads/ 返回）。"""

    material = graphene.String(required=True)
    file_ids = graphene.List(graphene.NonNull(graphene.ID), required=True)


CODES = {
    "state": CaseErrorCode.STATE,
    "number": CaseErrorCode.NOT_FOUND,
    "implementation_code": CaseErrorCode.NOT_FOUND,
    "applicant": CaseErrorCode.NOT_SIGNED_IN,
    "identity_level": CaseErrorCode.IDENTITY_LEVEL,
}
ARGUMENTS = {"implementation_code": "implementationCode", "identity_level": None}


def errors_of(error: DomainError) -> list[dict]:
    found = []
    for problem in error.problems:
        field = problem.field or None
        if field and field.startswith("materials."):
            code = CaseErrorCode.MISSING_MATERIAL
        else:
            code = CODES.get(field, CaseErrorCode.INVALID)
        found.append(
            {"field": ARGUMENTS.get(field, field), "message": problem.message, "code": code}
        )
    return found


def not_signed_in() -> list[dict]:
    return [{"field": None, "message": "请先登录", "code": CaseErrorCode.NOT_SIGNED_IN}]


def files_of(materials) -> dict[str, list[int]]:
    out = {}
    for entry in materials or []:
        try:
            ids = [int(i) for i in entry.file_ids]
        except (TypeError, ValueError) as error:
            raise DomainError([Problem(f"materials.{entry.material}", "文件 ID 无效")]) from error
        out.setdefault(entry.material, []).extend(ids)
    return out
