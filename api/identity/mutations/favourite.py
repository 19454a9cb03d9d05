"""addFavourite / removeFavourite (收藏) with typed errors."""

import graphene

from core.domain.errors import DomainError
from core.identity import favourites
from core.published.models import PublishedGuide

from ..auth import require_subject
from ..types import Favourite


class FavouriteErrorCode(graphene.Enum):
    NOT_FOUND = "not_found"
    INVALID = "invalid"


class FavouriteError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String(required=True)
    code = graphene.Field(FavouriteErrorCode, required=True)


def _errors(error: DomainError) -> list[dict]:
    return [{"field": "implementationCode", "message": p.message,
             "code": FavouriteErrorCode.NOT_FOUND if "没有在线" in p.message
             else FavouriteErrorCode.INVALID} for p in error.problems]  # fmt: skip


class AddFavourite(graphene.Mutation):
    """收藏一个已发布的办事指南（重复收藏不报错）。需要登录。"""

    class Arguments:
        implementation_code = graphene.String(required=True)

    favourite = graphene.Field(Favourite)
    errors = graphene.List(graphene.NonNull(FavouriteError), required=True)

    @staticmethod
    def mutate(root, info, implementation_code):
        subject = require_subject(info)
        try:
            kept = favourites.add_favourite(subject.person_id, implementation_code)
        except DomainError as error:
            return AddFavourite(favourite=None, errors=_errors(error))
        kept.guide = PublishedGuide.objects.filter(
            implementation_code=kept.implementation_code
        ).first()
        return AddFavourite(favourite=kept, errors=[])


class RemoveFavourite(graphene.Mutation):
    """取消收藏（未收藏时 removed 为 false）。需要登录。"""

    class Arguments:
        implementation_code = graphene.String(required=True)

    removed = graphene.Boolean(required=True)

    @staticmethod
    def mutate(root, info, implementation_code):
        subject = require_subject(info)
        return RemoveFavourite(
            removed=favourites.remove_favourite(subject.person_id, implementation_code)
        )
