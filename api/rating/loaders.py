"""Rating summaries of many guides in one aggregate query (same shape as
``core.published.ratings.rating_summary``)."""

from api.core.loaders import Loader
from core.published.models_ratings import Rating
from core.published.ratings import summarise, summary_aggregates


class RatingSummaries(Loader):
    """Summary per implementation code (guides without ratings get zero counts)."""

    def batch_load(self, keys):
        rows = (
            Rating.objects.filter(implementation_code__in=keys)
            .values("implementation_code")
            .annotate(**summary_aggregates())
            .order_by()
        )
        found = {row["implementation_code"]: row for row in rows}
        return [summarise(found.get(key)) for key in keys]
