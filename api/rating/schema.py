"""Rating mutations."""

import graphene

from .mutations.rate_guide import RateGuide


class RatingMutations(graphene.ObjectType):
    rate_guide = RateGuide.Field()
