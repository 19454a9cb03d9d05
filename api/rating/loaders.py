"""Rating summaries of many guides in one aggregate query (same shape as
``core.published.ratings.rating_summary``)."""

from django.db.models import Avg, Count, Q

from api.core.loaders import Loader
from core.published.models_ratings import BAD_SCORES, SCORES, Rating


def _summary(row: dict | None) -> dict:
    row = row or {"count": 0, "average": None, **{f"s{s}": 0 for s in SCORES}}
    count = row["count"]
    good = count - sum(row[f"s{s}"] for s in BAD_SCORES)
    return {
        "count": count,
        "average": round(row["average"], 2) if row["average"] is not None else None,
        "levels": [{"score": s, "label": SCORES[s], "count": row[f"s{s}"]} for s in SCORES],
        "satisfaction": round(100 * good / count, 1) if count else None,
    }


class RatingSummaries(Loader):
    """Summary per implementation code (guides without ratings get zero counts)."""

    def batch_load(self, keys):
        per_level = {f"s{s}": Count("pk", filter=Q(score=s)) for s in SCORES}
        rows = (
            Rating.objects.filter(implementation_code__in=keys)
            .values("implementation_code")
            .annotate(count=Count("pk"), average=Avg("score"), **per_level)
            .order_by()
        )
        found = {row["implementation_code"]: row for row in rows}
        return [_summary(found.get(key)) for key in keys]
