"""me, favourites, myRatings; addFavourite, removeFavourite (统一身份认证)."""

import graphene

from core.identity.enterprises import enterprises_of
from core.identity.favourites import favourites_with_guides
from core.identity.models import Person
from core.published.models_ratings import Rating as RatingModel

from ..rating.types import Rating
from .auth import require_subject
from .mutations.favourite import AddFavourite, RemoveFavourite
from .types import ActingEnterprise, Favourite, Me

MAX_LIST = 100


def _enterprise(e) -> ActingEnterprise:
    return ActingEnterprise(id=e.pk, name=e.name, uscc=e.uscc)


class IdentityQueries(graphene.ObjectType):
    me = graphene.Field(
        Me, required=True, description="当前登录的自然人；未登录时报 UNAUTHENTICATED"
    )
    favourites = graphene.List(graphene.NonNull(Favourite), required=True,
                               description="我的收藏（最近100项）")  # fmt: skip
    my_ratings = graphene.List(graphene.NonNull(Rating), required=True,
                               description="我的评价（最近100条）")  # fmt: skip

    @staticmethod
    def resolve_me(root, info):
        subject = require_subject(info)
        person = Person.objects.get(pk=subject.person_id)
        acting = None
        enterprises = enterprises_of(person)
        if subject.enterprise_id is not None:
            acting = next((_enterprise(e) for e in enterprises if e.pk == subject.enterprise_id),
                          None)  # fmt: skip
        return Me(
            subject=person.subject_id, name=person.name, level=person.level,
            masked_id_number=person.masked_id_number, masked_mobile=person.masked_mobile,
            acting_for=acting, enterprises=[_enterprise(e) for e in enterprises],
        )  # fmt: skip

    @staticmethod
    def resolve_favourites(root, info):
        subject = require_subject(info)
        found = []
        for favourite, guide in favourites_with_guides(subject.person_id, limit=MAX_LIST):
            favourite.guide = guide
            found.append(favourite)
        return found

    @staticmethod
    def resolve_my_ratings(root, info):
        subject = require_subject(info)
        return list(RatingModel.objects.filter(account_id=subject.person_id)
                    .order_by("-created_at")[:MAX_LIST])  # fmt: skip


class IdentityMutations(graphene.ObjectType):
    add_favourite = AddFavourite.Field()
    remove_favourite = RemoveFavourite.Field()
