"""The GraphQL schema (``GRAPHENE["SCHEMA"]``): one query and one mutation root."""

import graphene

from .cases.schema import CaseMutations, CaseQueries
from .guide.schema import GuideQueries
from .identity.schema import IdentityMutations, IdentityQueries
from .matter.schema import MatterQueries
from .metrics.schema import MetricsQueries
from .rating.schema import RatingMutations
from .region.schema import RegionQueries
from .search.schema import SearchMutations, SearchQueries


class Query(
    RegionQueries,
    SearchQueries,
    GuideQueries,
    MatterQueries,
    MetricsQueries,
    IdentityQueries,
    CaseQueries,
    graphene.ObjectType,
):
    pass


class Mutation(
    RatingMutations, SearchMutations, IdentityMutations, CaseMutations, graphene.ObjectType
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
