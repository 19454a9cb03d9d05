"""Test data built through the domain services from the shipped demo data (realistic elements).

- ``catalogue_matter("000131106000")`` publishes that matter (and its main item) in 安徽's catalogue;
- ``listing_entry("shushan", "000131106000")`` claims it in 蜀山 with 蜀山's local elements;
- ``published_entry(...)`` also publishes it and syncs its guide (page, projection row, document).
"""

import copy
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django_tenants.utils import schema_context

from core.catalogue import services as catalogue
from core.catalogue.models import Matter
from core.domain import codes
from core.listings import services as listings
from core.listings.models import ImplementationItem
from tenants.models import Department, Region

DEMO = Path(settings.BASE_DIR) / "demo"
PROVINCE_OF = {"34": "anhui", "51": "sichuan"}


@cache
def _demo(kind: str, name: str) -> dict:
    return json.loads((DEMO / kind / f"{name}.json").read_text(encoding="utf-8"))


def demo_matter(basic_code: str, province: str = "anhui") -> dict:
    matters = _demo("catalogue", province)["matters"]
    return copy.deepcopy(next(m for m in matters if m["basic_code"] == basic_code))


def demo_item(slug: str, basic_code: str) -> dict:
    items = _demo("listings", slug)["items"]
    return copy.deepcopy(next(i for i in items if i["basic_code"] == basic_code))


def catalogue_matter(basic_code: str, province: str = "anhui", **overrides) -> Matter:
    """Create and publish a matter from the demo catalogue (idempotent within a test)."""
    region = Region.objects.get(slug=province)
    existing = Matter.objects.filter(province=region, basic_code=basic_code).first()
    if existing:
        return existing
    if codes.is_subitem(basic_code):
        catalogue_matter(codes.main_item_code(basic_code), province)
    data = {**demo_matter(basic_code, province), **overrides}
    matter = catalogue.create_matter(
        region, basic_code, data, national=codes.is_national(basic_code)
    )
    version = matter.versions.get()
    catalogue.submit_version(version)
    catalogue.publish_version(version)
    matter.refresh_from_db()
    return matter


def local_values(slug: str, basic_code: str) -> dict:
    item = demo_item(slug, basic_code)
    for key in ("basic_code", "department", "level", "publish"):
        item.pop(key, None)
    return item


def listing_entry(
    slug: str, basic_code: str, province: str = "anhui", **overrides
) -> ImplementationItem:
    """Claim the matter in ``slug`` and fill in that tenant's demo local elements (a draft)."""
    matter = catalogue_matter(basic_code, province)
    spec = demo_item(slug, basic_code)
    with schema_context(slug):
        department = Department.objects.get(region__slug=slug, short_name=spec["department"])
        item = ImplementationItem.objects.filter(matter=matter).first()
        if item is None:
            item = listings.claim_matter(matter, department, spec["level"])
        listings.update_item(item, {**local_values(slug, basic_code), **overrides})
        return item


def published_entry(slug: str, basic_code: str, province: str = "anhui", project=True, **overrides):
    """A published entry and (by default) its synced guide, as after the outbox was drained."""
    from core.published.sync import sync_guide

    item = listing_entry(slug, basic_code, province, **overrides)
    with schema_context(slug):
        listings.publish_item(item, direct=True)
        if project:
            sync_guide(item.pk)
    return item


def conflict_on_conditions(basic_code: str, slug: str = "shushan") -> ImplementationItem:
    """An entry with local 受理条件 whose matter the province then changes too: a merge conflict
    on the conditions, waiting in ``slug``'s 同步收件箱."""
    from core.listings.merge import merge_version

    item = listing_entry(slug, basic_code, conditions="蜀山本地受理条件")
    draft = catalogue.start_version(item.matter, allow_national=True)
    catalogue.update_draft(draft, {"conditions": "省级新受理条件", "change_note": "受理条件调整"})
    catalogue.submit_version(draft)
    version = catalogue.publish_version(draft)
    with schema_context(slug):
        merge_version(item, version)
    return item
