"""Rating summaries of guides, with their rating stamps recorded for the response cache."""

from ..core import cache as response_cache
from ..core.loaders import Loader
from ..rating.loaders import RatingSummaries


class StampedRatingSummaries(Loader):
    """``RatingSummaries``, after reading the guides' rating stamps (one round trip) for the
    response being cached: a rating of one guide invalidates only responses that show it."""

    def batch_load(self, keys):
        response_cache.depends_on_ratings(keys)
        return RatingSummaries(self.context).batch_load(keys)
