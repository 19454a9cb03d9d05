"""Rating summaries of guides, with their rating stamps recorded for the response cache."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject

from core.published.models_ratings import Rating
from core.published.ratings import summarise, summary_aggregates

from ..core import dependencies
from ..core.loaders import Loader, selects
from ..rating.loaders import RatingSummaries
from . import rating_holes

# Attribute of a guide row read with its rating aggregates (``with_rating_row``).
RATING_ROW = "rating_row"


class StampedRatingSummaries(Loader):
    """``RatingSummaries``, after reading the guides' rating stamps (one round trip) for the
    response being cached: a rating of one guide invalidates only responses that show it."""

    def batch_load(self, keys):
        dependencies.depends_on_ratings(keys)
        return RatingSummaries(self.context).batch_load(keys)


def rating_aggregates() -> Subquery:
    """The guide row's rating aggregates as one JSON value (a correlated subquery)."""
    aggregates = (
        Rating.objects.filter(implementation_code=OuterRef("implementation_code"))
        .order_by()
        .values("implementation_code")
        .annotate(row=JSONObject(**summary_aggregates()))
        .values("row")
    )
    return Subquery(aggregates)


def with_rating_row(info, implementation_code: str) -> bool:
    """Whether to read the guide's rating aggregates with its row (when the operation shows its
    rating summary: one query fewer for a guide page); declares the rating stamp first."""
    if not selects(info, "ratingSummary"):
        return False
    dependencies.depends_on_ratings([implementation_code])  # before reading the ratings
    return True


def rating_summary(info, guide):
    """The guide's summary: from its row when read with it, else batched with other guides
    (a hole of the cached response: a rating patches it in, ``rating_holes``)."""
    rating_holes.record(info, guide.implementation_code)
    if hasattr(guide, RATING_ROW):
        return summarise(getattr(guide, RATING_ROW))
    return StampedRatingSummaries.load(info, guide.implementation_code)
