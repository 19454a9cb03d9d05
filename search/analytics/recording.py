"""Record a search and an opened result, failing open: analytics never slows or breaks search.

A search is recorded as one item pushed onto the Redis buffer (``buffer``); ``tasks.flush``
writes the items in batches. With Redis unreachable the row is written directly (in a savepoint,
so a failing write cannot spoil the caller's transaction); if that fails too it is dropped and
logged. Any other error is logged and swallowed: the caller always gets its results.

Only what the search was and what it found is kept: the region searched, the channel, the query
(personal-looking numbers and e-mail addresses masked), the result count and the first result.
"""

import logging
import re
import uuid

from django.conf import settings
from django.utils import timezone

from core.domain.scope import province_of

from . import buffer, links, store
from .models import Channel

log = logging.getLogger(__name__)

QUERY_MAX = 100
# Identity card, phone, bank account and similar numbers (7+ digits), and e-mail addresses.
PERSONAL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\d{7,}[xX]?")
MASK = "＊"


def mask(query: str) -> str:
    """The query as stored: whitespace collapsed, personal-looking data masked, bounded."""
    from search import analysis

    text = analysis.without_surrogates(" ".join((query or "").split()))
    return PERSONAL.sub(MASK, text)[:QUERY_MAX]


def normalise(query: str) -> str:
    """The query as reports group it: the search's own normalisation (width, Traditional
    characters, case, spaces), fillers kept: this is what a dictionary entry would match."""
    from search import analysis

    return analysis.normalise(query)[:QUERY_MAX]


def record(
    query: str, region_code: str | None, channel: str, *, result_count: int,
    first_result: str = "", first_page: bool = True,
) -> str | None:  # fmt: skip
    """Record a search; the id result links carry (``links.click_token``), or None when nothing
    was recorded (analytics off, no region, a later page, an empty query, or a failure).

    Only first pages are searches: paging through results is the same search again."""
    if not settings.SEARCH_ANALYTICS_ENABLED or not first_page or not region_code:
        return None
    try:
        text = mask(query)
        if not text.strip():
            return None
        item = {
            "kind": "search", "id": uuid.uuid4().hex, "at": timezone.now().isoformat(),
            "region": region_code, "province": province_of(region_code),
            "channel": Channel(channel).value, "query": text, "normalised": normalise(text),
            "count": max(0, int(result_count)), "first": first_result or "",
        }  # fmt: skip
        _store(item)
        return item["id"]
    except Exception:  # fail open: the search has its results whatever happens here
        log.exception("search analytics: a search was not recorded")
        return None


def record_opened(token: str) -> str | None:
    """Record the result a click token names; its implementation code, or None for a token
    this platform did not sign. The code is returned even if recording fails (fail open)."""
    opened = links.read(token)
    if opened is None:
        return None
    if settings.SEARCH_ANALYTICS_ENABLED:
        try:
            _store({
                "kind": "open", "search": opened.search_id, "at": timezone.now().isoformat(),
                "position": opened.position, "code": opened.implementation_code,
            })  # fmt: skip
        except Exception:
            log.exception("search analytics: an opened result was not recorded")
    return opened.implementation_code


def _store(item: dict) -> None:
    try:
        buffer.push(item)
    except buffer.BufferUnavailable:
        store.write_directly(item)
