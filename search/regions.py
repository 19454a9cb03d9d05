"""Region scope of a search: which regions' guides a citizen of a region sees, and how local."""

from dataclasses import dataclass

from tenants import codes
from tenants.models import Region

from . import caching

DEPTH = {codes.LEVEL_PROVINCE: 1, codes.LEVEL_CITY: 2, codes.LEVEL_COUNTY: 3}


@dataclass(frozen=True)
class Scope:
    """``chain``: the region then its ancestors (nearest first). ``descendants``: whether the
    region's sub-regions are covered too (a province or city portal lists its counties' guides,
    after its own and its ancestors')."""

    region_code: str | None
    chain: tuple[str, ...] = ()
    descendants: bool = True

    @property
    def province_code(self) -> str | None:
        return self.chain[-1] if self.chain else None


def chain_of(region_code: str) -> tuple[str, ...]:
    """The region and its ancestors (cached per process, see ``search.caching``)."""
    return caching.chain(region_code, _load_chain)


def _load_chain(region_code: str) -> tuple[str, ...]:
    """From the region table, or from the code for unknown regions."""
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


def scope_for(region_code: str | None) -> Scope:
    """Whole platform for None; otherwise the region's chain (+ descendants above county)."""
    if not region_code:
        return Scope(None)
    level = codes.division_level(region_code)
    return Scope(region_code, chain_of(region_code), level != codes.LEVEL_COUNTY)


def depth_of(region_code: str) -> int:
    return DEPTH[codes.division_level(region_code)]
