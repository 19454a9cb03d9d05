"""What a cached API response depends on: the projection's stamps (``core.published.stamps``,
where their names, what bumps them and what they guard are listed), declared by resolvers for
what they are about to read (``depends_on``) *before* they read it; writers bump the stamps of
what they changed (``api.apps`` connects the signals).

So a listing edit (its guide's row rewritten by the sync) makes stale only the responses that
show that guide: its detail, the lists of its region and of the regions above it, its matter's
guide list. A rating makes stale only the responses showing that guide's rating summary.
"""

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from core import stamps
from core.published.stamps import (  # noqa: F401  (the names resolvers and writers use)
    EVERYTHING,
    GENERATION,
    REGIONS,
    basic_code_of,
    everything_changed,
    guide,
    guide_row_changed,
    guide_row_stamps,
    guides_below,
    guides_synced,
    matter,
    matter_changed,
    matter_guides,
    rating,
    ratings_changed,
    region_guides,
    regions_changed,
)

log = logging.getLogger(__name__)

# Stamps every cached response depends on, whatever it reads.
EVERY_RESPONSE = EVERYTHING

# --- reading: stamps collected while one response is computed --------------------------------


class Collected(dict):
    """Stamps (name → value) read before the data of the response being computed; ``broken``
    when a stamp could not be read (the response must then not be cached); ``holes`` and
    ``unpatchable``: parts refreshed on their own (``api.core.holes``)."""

    broken = False

    def __init__(self, *args):
        super().__init__(*args)
        self.holes: list[tuple] = []
        self.unpatchable: set[str] = set()


_collected: ContextVar[Collected | None] = ContextVar("api_cache_dependencies", default=None)


@contextmanager
def collecting(prefetched: dict | None = None):
    """Collect the stamps the code inside declares (``prefetched``: stamps already read)."""
    found = Collected(prefetched or {})
    token = _collected.set(found)
    try:
        yield found
    finally:
        _collected.reset(token)


def current_collected() -> Collected | None:
    """The stamps being collected for the response being computed, if any."""
    return _collected.get()


def depends_on(names: Iterable[str]) -> None:
    """The response being cached shows data these stamps guard: read them now, before the data
    (a write after this read bumps them again). Outside ``collecting`` nothing happens."""
    found = _collected.get()
    if found is None:
        return
    missing = [name for name in names if name not in found]
    if not missing:
        return
    try:
        found.update(stamps.read(missing))
    except Exception:  # an unavailable cache: answer, but do not cache
        log.exception("GraphQL response cache: could not read stamps")
        found.broken = True


def current(names: Iterable[str]) -> dict[str, int] | None:
    """The stamps' values: declared for the response being cached if there is one (read before
    the data), else read now; None when they cannot be read."""
    names = list(names)
    found = _collected.get()
    if found is not None:
        depends_on(names)
        return None if found.broken else {name: found[name] for name in names}
    try:
        return stamps.read(names)
    except Exception:
        log.exception("API stamps unavailable")
        return None


def depends_on_ratings(implementation_codes: Iterable[str]) -> None:
    depends_on(rating(code) for code in implementation_codes)


def depends_on_guide_lists(region_codes: Iterable[str], below: Iterable[str] = ()) -> None:
    """A list of the guides of these regions (and of the regions below ``below``)."""
    depends_on([*map(region_guides, region_codes), *map(guides_below, below)])
