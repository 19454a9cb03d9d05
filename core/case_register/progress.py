"""进度查询 and 我的办件 from the register (any host; never a tenant schema).

A lookup needs the case number and its 查询码; a wrong pair and an unknown number answer the
same (None), and every attempt counts against the client's limit, so numbers cannot be probed.
"""

import logging

from django.conf import settings
from django.core.cache import cache

from core import stamps
from core.domain.errors import DomainError, Problem

from .digests import applicant_digests, query_code_matches
from .models import CaseRecord

log = logging.getLogger(__name__)
WINDOW = 60 * 60
UNAVAILABLE = "进度查询暂时不可用（限流计数无法读取），请稍后再试"


def limit() -> int:
    return getattr(settings, "CASE_QUERY_HOURLY_LIMIT", 30)


def count_attempt(client_key: str) -> None:
    """One more lookup by this client this hour (all hosts together); refused past the limit.
    Without Redis nobody may look up: fail closed and say so."""
    from core.published.ratings import client_hash

    key = f"case-query:{client_hash(client_key)}"
    try:
        with stamps.public():
            try:
                used = cache.incr(key)  # one round trip while the window is open
            except ValueError:  # the first attempt of the window
                used = 1 if cache.add(key, 1, timeout=WINDOW) else cache.incr(key)
    except Exception as error:
        log.exception("case progress: rate-limit counter unavailable")
        raise DomainError([Problem("client", UNAVAILABLE)]) from error
    if used > limit():
        raise DomainError([Problem("client", f"查询过于频繁：每小时最多查询{limit()}次")])


def normalise(text: str) -> str:
    return "".join((text or "").split()).upper()


def lookup(number: str, query_code: str, client_key: str) -> CaseRecord | None:
    number, query_code = normalise(number), normalise(query_code)
    if not number or not query_code:
        raise DomainError([Problem("number", "请填写办件编号和查询码")])
    count_attempt(client_key)
    record = CaseRecord.objects.select_related("rating").filter(number=number).first()
    stored = record.query_code_digest if record is not None else None
    if not query_code_matches(stored, number, query_code):
        return None
    return record


def records_of(person_id: int, enterprise_id: int | None):
    """我的办件: the cases of the person (or of the enterprise they act for), newest first."""
    return CaseRecord.objects.filter(
        applicant_digest__in=applicant_digests(person_id, enterprise_id)
    ).order_by("-submitted_at")
