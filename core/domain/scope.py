"""What a region's host shows: the one region-scope rule of search, the GraphQL API and the portal.

A citizen of county C sees C's guides first, then its city's, then the province's (the region's
*chain*, nearest first, read from the region table so that a county directly under its province
has no made-up city). A province or city host is also where the people of the regions below it
look: it shows their guides too, after its chain (``descendants``). A county host never shows a
sibling county's guides: those are one click away on the region switcher.

A request may name a region explicitly (GraphQL ``region``, a search for another region): on the
platform host any region; on a region host only a region of the host's own province
(``requested_region``), so a province's portal and mini-apps never answer for another province.
"""

import time
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from tenants import codes
from tenants.models import Region

DEPTH = {codes.LEVEL_PROVINCE: 1, codes.LEVEL_CITY: 2, codes.LEVEL_COUNTY: 3}
CHAIN_TTL = 300.0  # seconds a process keeps a region's chain (regions change at provisioning)

_chains: dict[str, tuple[float, tuple[str, ...]]] = {}


class RegionOutOfScope(ValueError):
    """An explicit region a host may not answer for."""


@dataclass(frozen=True)
class Scope:
    """``chain``: the region then its ancestors, nearest first. ``descendants``: the regions below
    it are shown too (province and city hosts). ``region_code`` None: the whole platform."""

    region_code: str | None
    chain: tuple[str, ...] = ()
    descendants: bool = True

    @property
    def province_code(self) -> str | None:
        return self.chain[-1] if self.chain else None

    def own(self) -> Q:
        """Guides the region itself implements."""
        return Q(region_code=self.region_code) if self.region_code else Q()

    def within(self) -> Q:
        """The region's own guides and those of every region below it."""
        if not self.region_code:
            return Q()
        return self.own() | Q(ancestor_codes__contains=[self.region_code])

    def serving(self) -> Q:
        """Guides a citizen of the region can use: the region's, its city's, its province's."""
        return Q(region_code__in=self.chain) if self.region_code else Q()

    def shown(self) -> Q:
        """What the host shows: its chain, and below it on province and city hosts."""
        if not self.region_code:
            return Q()
        return (self.serving() | self.within()) if self.descendants else self.serving()

    def subtree_codes(self) -> tuple[str, str]:
        """``[first, after)``: the range of the codes of the regions below a province or city
        (a county's code starts with its city's four digits, a city's with its province's two:
        ``tenants.codes.parent_code_error``), for range scans of an index on region codes."""
        code = self.region_code or ""
        prefix = code[:2] if code.endswith("0000") else code[:4]
        return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)

    def distance(self) -> Case:
        """Ordering key, nearest first: 0 for the region, 1.. for its ancestors, then the regions
        below it deepest first (``10 - depth``, the search backends' rule)."""
        whens = [When(region_code=code, then=Value(rank)) for rank, code in enumerate(self.chain)]
        whens += [
            When(region_code__endswith="0000", then=Value(10 - DEPTH[codes.LEVEL_PROVINCE])),
            When(region_code__endswith="00", then=Value(10 - DEPTH[codes.LEVEL_CITY])),
        ]
        return Case(
            *whens, default=Value(10 - DEPTH[codes.LEVEL_COUNTY]), output_field=IntegerField()
        )


def scope_for(region_code: str | None) -> Scope:
    """The whole platform for None; otherwise the region's chain (+ descendants above county)."""
    if not region_code:
        return Scope(None)
    level = codes.division_level(region_code)
    return Scope(region_code, chain_of(region_code), level != codes.LEVEL_COUNTY)


def chain_of(region_code: str) -> tuple[str, ...]:
    """The region and its ancestors, nearest first (cached per process for ``CHAIN_TTL``)."""
    now = time.monotonic()
    found = _chains.get(region_code)
    if found is None or now - found[0] > CHAIN_TTL:
        if len(_chains) > 10_000:  # codes come from requests: keep the dict bounded
            _chains.clear()
        found = _chains[region_code] = (now, _load_chain(region_code))
    return found[1]


def _load_chain(region_code: str) -> tuple[str, ...]:
    """From the region table; from the code's parts for a code no region has."""
    region = Region.objects.filter(code=region_code).select_related("parent__parent").first()
    if region is not None:
        return (region.code, *region.ancestor_codes())
    level = codes.division_level(region_code)
    chain = [region_code]
    if level == codes.LEVEL_COUNTY:
        chain.append(region_code[:4] + "00")
    if level in (codes.LEVEL_COUNTY, codes.LEVEL_CITY):
        chain.append(region_code[:2] + "0000")
    return tuple(chain)


def depth_of(region_code: str) -> int:
    """1 province, 2 city, 3 county."""
    return DEPTH[codes.division_level(region_code)]


def province_of(region_code: str) -> str:
    return chain_of(region_code)[-1]


def requested_region(host_code: str | None, requested: str | None) -> str | None:
    """The region a request asks about: the explicit one if the host may answer for it (any on
    the platform host, one of its own province on a region host), else the host's own."""
    if not requested:
        return host_code
    if host_code and province_of(requested) != province_of(host_code):
        raise RegionOutOfScope(
            f"区划 {requested} 不属于本站点所在省（{province_of(host_code)}），"
            "请在该省的站点或平台站点上查询"
        )
    return requested


def clear_cache() -> None:
    """Forget the cached chains (tests; after regions were re-parented)."""
    _chains.clear()
