"""The GraphQL schema (``GRAPHENE["SCHEMA"]``): one query and one mutation root."""

import graphene

from .guide.schema import GuideQueries
from .matter.schema import MatterQueries
from .rating.schema import RatingMutations
from .region.schema import RegionQueries
from .search.schema import SearchQueries


class Query(RegionQueries, SearchQueries, GuideQueries, MatterQueries, graphene.ObjectType):
    pass


class Mutation(RatingMutations, graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
