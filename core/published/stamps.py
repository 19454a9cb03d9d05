"""Stamps (``core.stamps``) of what readers of the published projection show: the GraphQL
response cache (``api.core.dependencies``) and the portal's rendered fragments
(``cms.fragments``) are kept under them and used while they are unchanged.

Stamps (name: bumped when → guards):

- ``api:guide:<实施编码>``: the guide's projection row is written or deleted, or a sync moved
  it to another code → one guide's facts;
- ``api:rating:<实施编码>``: a rating of the guide is written or deleted → its rating summary;
- ``api:guides:<区划代码>``: a guide row of that region is written or deleted → lists and
  aggregates of that region's guides;
- ``api:guides-below:<区划代码>``: a guide row of a region below it is written or deleted →
  lists and aggregates over the regions below (province and city hosts);
- ``api:matter:<基本编码>``: the catalogue matter or one of its versions is written;
- ``api:matter-guides:<基本编码>``: a guide row of that basic code is written or deleted;
- ``api:regions``: a region is saved, provisioned, switched on or off (names, chains, domains,
  province settings are read everywhere);
- ``api:generation``: a catalogue import (bulk, no row signals), or by hand to drop everything.

The writers are connected to the models' signals in ``api.apps`` (the names keep their ``api:``
prefix: the API's cache entries were the first readers). Writers bump at once and again on
commit (``core.stamps.bump_now_and_on_commit``).
"""

from collections.abc import Iterable

from core import stamps

GENERATION = "api:generation"
REGIONS = "api:regions"
# Stamps everything read from the projection depends on, whatever it reads.
EVERYTHING = (GENERATION, REGIONS)


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


def guide_row_stamps(row) -> list[str]:
    """Stamps of everything that may show this projection row."""
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
    """Make everything kept under these stamps stale (bulk writes that send no per-row signal)."""
    stamps.bump_now_and_on_commit(GENERATION)
