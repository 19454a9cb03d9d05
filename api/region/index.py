"""All active regions, read once per request (a province has ~130; one query)."""

from dataclasses import dataclass, field

from api.core.loaders import memo
from tenants.models import Region


@dataclass
class RegionIndex:
    by_code: dict[str, Region]
    by_id: dict[int, Region]
    children: dict[int | None, list[Region]] = field(default_factory=dict)

    @classmethod
    def build(cls) -> "RegionIndex":
        rows = list(Region.objects.active().order_by("code"))
        index = cls({r.code: r for r in rows}, {r.pk: r for r in rows})
        for region in rows:
            index.children.setdefault(region.parent_id, []).append(region)
        return index

    def parent(self, region: Region) -> Region | None:
        return self.by_id.get(region.parent_id)

    def ancestors(self, region: Region) -> list[Region]:
        chain, node = [], self.parent(region)
        while node is not None:
            chain.append(node)
            node = self.parent(node)
        return chain

    def roots(self) -> list[Region]:
        return [r for r in self.by_id.values() if r.parent_id not in self.by_id]


def region_index(info) -> RegionIndex:
    return memo(info, "region_index", RegionIndex.build)
