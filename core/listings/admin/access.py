"""Who may review 实施清单 entries: the one rule of ``core.reviewers`` for the listings.

Any admin user of a tenant may claim, edit and submit its entries. Approving (publishing) and
rejecting need a reviewer: a superuser, or a user with ``listings.review_item`` (the group
"清单审核员" carries it).
"""

from core import reviewers


def is_reviewer(user) -> bool:
    return reviewers.is_reviewer(user, reviewers.LISTINGS)


def require_reviewer(user) -> None:
    reviewers.require_reviewer(user, reviewers.LISTINGS)
