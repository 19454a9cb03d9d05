"""The row query of guide(implementationCode), compiled to SQL once per process.

Compiling the ORM query (a rating subquery, the body hash) cost about as much as running it;
its SQL only differs by the code, so it is compiled once per shape (with or without the rating
aggregates) and run as a raw query with the code in place of a sentinel parameter.
"""

import json

from core.published.models import PublishedGuide

from .body import with_body_hash
from .ratings import RATING_ROW, rating_aggregates

_SENTINEL = "\x00implementation-code\x00"
_compiled: dict[bool, tuple[str, tuple, int]] = {}


def _compile(ratings: bool) -> tuple[str, tuple, int]:
    rows = with_body_hash(PublishedGuide.objects.filter(implementation_code=_SENTINEL))
    if ratings:
        rows = rows.annotate(**{RATING_ROW: rating_aggregates()})
    sql, params = rows.order_by()[:1].query.sql_with_params()
    return sql, tuple(params), params.index(_SENTINEL)


def guide_row(implementation_code: str, ratings: bool) -> PublishedGuide | None:
    """The live guide with this code (with its rating aggregates when asked), or None."""
    if ratings not in _compiled:
        _compiled[ratings] = _compile(ratings)
    sql, params, at = _compiled[ratings]
    values = [*params[:at], implementation_code, *params[at + 1 :]]
    row = next(iter(PublishedGuide.objects.raw(sql, values)), None)
    if row is not None and isinstance(getattr(row, RATING_ROW, None), str):
        setattr(row, RATING_ROW, json.loads(getattr(row, RATING_ROW)))  # raw: no JSON field
    return row
