"""rateGuide: a citizen's 好差评 of a live guide, with typed errors (Saleor style)."""

import graphene

from core.domain.errors import DomainError
from core.identity.subject import signed_in_person_id
from core.published import ratings

from ...core.enums import enum_value
from ..types import Rating, RatingChannel


class RatingErrorCode(graphene.Enum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"


class RatingError(graphene.ObjectType):
    """一个输入问题：field 为出错的参数名（null 表示整个请求）。"""

    field = graphene.String()
    message = graphene.String(required=True)
    code = graphene.Field(RatingErrorCode, required=True)


# Domain problem fields → (GraphQL argument, error code).
FIELDS = {
    "implementation_code": ("implementationCode", RatingErrorCode.NOT_FOUND),
    "score": ("score", RatingErrorCode.INVALID),
    "comment": ("comment", RatingErrorCode.INVALID),
    "channel": ("channel", RatingErrorCode.INVALID),
    "client": (None, RatingErrorCode.RATE_LIMITED),
}


def errors_of(error: DomainError) -> list[dict]:
    found = []
    for problem in error.problems:
        field, code = FIELDS.get(problem.field, (problem.field or None, RatingErrorCode.INVALID))
        found.append({"field": field, "message": problem.message, "code": code})
    return found


class RateGuide(graphene.Mutation):
    """好差评：1 非常满意 · 2 满意 · 3 基本满意 · 4 不满意 · 5 非常不满意（4–5 为差评，转本区划整改）。"""

    class Arguments:
        implementation_code = graphene.String(required=True)
        score = graphene.Int(required=True, description="1–5，1 最好")
        comment = graphene.String(description="评价内容，最多500字")
        channel = graphene.Argument(RatingChannel, default_value=RatingChannel.WEB.value)

    rating = graphene.Field(Rating)
    errors = graphene.List(graphene.NonNull(RatingError), required=True)

    @staticmethod
    def mutate(root, info, implementation_code, score, comment="", channel="web"):
        try:
            rating = ratings.rate_guide(
                implementation_code, score, comment or "", enum_value(channel),
                client_key=ratings.client_key(info.context),
                account_id=signed_in_person_id(info.context),
            )  # fmt: skip
        except DomainError as error:
            return RateGuide(rating=None, errors=errors_of(error))
        return RateGuide(rating=rating, errors=[])
