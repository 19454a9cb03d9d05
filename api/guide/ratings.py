"""Rating summaries of guides, with their rating stamps recorded for the response cache."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject

from core.published.models_ratings import Rating
from core.published.ratings import summarise, summary_aggregates

from ..core import dependencies
from ..core.loaders import Loader, selects
from ..rating.loaders import RatingSummaries

# Attribute of a guide row read with its rating aggregates (``with_rating_row``).
RATING_ROW = "rating_row"


class StampedRatingSummaries(Loader):
    """``RatingSummaries``, after reading the guides' rating stamps (one round trip) for the
    response being cached: a rating of one guide invalidates only responses that show it."""

    def batch_load(self, keys):
        dependencies.depends_on_ratings(keys)
        return RatingSummaries(self.context).batch_load(keys)


def with_rating_row(info, guides, implementation_code: str):
    """``guides`` (rows of one guide) with its rating aggregates read in the same query, when
    the operation shows the guide's rating summary: one query fewer for a guide page."""
    if not selects(info, "ratingSummary"):
        return guides
    dependencies.depends_on_ratings([implementation_code])  # before reading the ratings
    aggregates = (
        Rating.objects.filter(implementation_code=OuterRef("implementation_code"))
        .order_by()
        .values("implementation_code")
        .annotate(row=JSONObject(**summary_aggregates()))
        .values("row")
    )
    return guides.annotate(**{RATING_ROW: Subquery(aggregates)})


def rating_summary(info, guide):
    """The guide's summary: from its row when read with it, else batched with other guides."""
    if hasattr(guide, RATING_ROW):
        return summarise(getattr(guide, RATING_ROW))
    return StampedRatingSummaries.load(info, guide.implementation_code)
