"""一事一评: the applicant rates a finished case once; a 差评 opens the region's follow-up.

The rating is an ordinary 好差评 (``core.published`` Rating, so the satisfaction figures and the
差评 follow-up of the guide's region see it) linked one-to-one to the case's register row.
"""

from django.db import transaction
from django.utils import timezone

from core.domain import workdays
from core.domain.errors import DomainError, Problem
from core.published import ratings
from core.published.models import FollowUp, Rating

from .models import CaseRecord

FINISHED = ("approved", "denied")


def rate_case(record: CaseRecord, score, comment: str = "", channel: str = "web",
              client_key: str = "") -> Rating:  # fmt: skip
    """Rate ``record`` (found by number + 查询码 or as the signed-in applicant's case)."""
    comment = (comment or "").strip()
    if problems := ratings._problems(score, comment, channel):
        raise DomainError(problems)
    with transaction.atomic():
        record = CaseRecord.objects.select_for_update().get(pk=record.pk)
        if record.state not in FINISHED:
            raise DomainError([Problem("state", "办件办结后才能评价")])
        if record.rating_id is not None:
            raise DomainError([Problem("state", "该办件已评价（一事一评）")])
        rating = Rating.objects.create(
            region_id=record.region_id, implementation_code=record.implementation_code,
            score=score, comment=comment, channel=channel,
            client_hash=ratings.client_hash(str(client_key)),
        )  # fmt: skip
        if score in ratings.BAD_SCORES:
            province = record.ancestor_codes[-1] if record.ancestor_codes else record.region_code
            due = workdays.add_workdays(timezone.localdate(), ratings.FOLLOW_UP_WORKDAYS, province)
            FollowUp.objects.create(region_id=record.region_id, rating=rating, due_date=due)
        record.rating = rating
        record.save(update_fields=["rating", "updated_at"])
    return rating
