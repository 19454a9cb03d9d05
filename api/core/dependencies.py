"""What a cached API response depends on: one public stamp (``core.stamps``) per guide, per
region's guide list, per matter and per guide's ratings, plus two stamps every response depends
on. Resolvers declare the stamps of what they are about to read (``depends_on``) *before* they
read it; writers bump the stamps of what they changed (``api.apps`` connects the signals).

Stamps (name: bumped when → read by):

- ``api:guide:<实施编码>``: the guide's projection row is written or deleted, or a sync moved
  it to another code → guide(implementationCode);
- ``api:rating:<实施编码>``: a rating of the guide is written or deleted → rating summaries;
- ``api:guides:<区划代码>``: a guide row of that region is written or deleted → guides(region)
  with scope OWN, and AVAILABLE for the regions below it;
- ``api:guides-below:<区划代码>``: a guide row of a region below it is written or deleted →
  guides(region, scope WITHIN);
- ``api:matter:<基本编码>``: the catalogue matter or one of its versions is written → a guide's
  matter, matter(basicCode);
- ``api:matter-guides:<基本编码>``: a guide row of that basic code is written or deleted →
  matter(basicCode) { regions guides };
- ``api:regions``: a region is saved, provisioned, switched on or off → every response (region
  names, scopes and province settings are read everywhere);
- ``api:generation``: a catalogue import (bulk, no row signals), or by hand to drop every
  response → every response.

So a listing edit (its guide's row rewritten by the sync) makes stale only the responses that
show that guide: its detail, the lists of its region and of the regions above it, its matter's
guide list. A rating makes stale only the responses showing that guide's rating summary.
"""

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from core import stamps

log = logging.getLogger(__name__)

GENERATION = "api:generation"
REGIONS = "api:regions"
# Stamps every cached response depends on, whatever it reads.
EVERY_RESPONSE = (GENERATION, REGIONS)


def guide(implementation_code: str) -> str:
    return f"api:guide:{implementation_code}"


def rating(implementation_code: str) -> str:
    return f"api:rating:{implementation_code}"


def region_guides(region_code: str) -> str:
    return f"api:guides:{region_code}"


def guides_below(region_code: str) -> str:
    return f"api:guides-below:{region_code}"


def matter(basic_code: str) -> str:
    return f"api:matter:{basic_code}"


def matter_guides(basic_code: str) -> str:
    return f"api:matter-guides:{basic_code}"


def basic_code_of(implementation_code: str) -> str | None:
    """实施编码 = USCC (18) + 行使层级 (1) + 基本编码 (12)."""
    return implementation_code[19:] if len(implementation_code) == 31 else None


# --- reading: stamps collected while one response is computed --------------------------------


class Collected(dict):
    """Stamps (name → value) read before the data of the response being computed; ``broken``
    when a stamp could not be read (the response must then not be cached)."""

    broken = False


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


# --- writing -------------------------------------------------------------------------------


def guide_row_stamps(row) -> list[str]:
    """Stamps of every response that may show this projection row."""
    return [
        guide(row.implementation_code),
        region_guides(row.region_code),
        *map(guides_below, row.ancestor_codes or []),
        matter_guides(row.basic_code),
    ]


def guide_row_changed(row) -> None:
    stamps.bump_now_and_on_commit(*guide_row_stamps(row))


def guides_synced(implementation_codes: Iterable[str]) -> None:
    """A sync settled these codes (a reorganisation may have moved a guide to a new code)."""
    stamps.bump_now_and_on_commit(*map(guide, implementation_codes))


def ratings_changed(implementation_code: str) -> None:
    stamps.bump_now_and_on_commit(rating(implementation_code))


def matter_changed(basic_code: str) -> None:
    stamps.bump_now_and_on_commit(matter(basic_code))


def regions_changed() -> None:
    stamps.bump_now_and_on_commit(REGIONS)


def everything_changed() -> None:
    """Make every cached response stale (bulk writes that send no per-row signal)."""
    stamps.bump_now_and_on_commit(GENERATION)
