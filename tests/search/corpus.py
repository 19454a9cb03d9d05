"""A search corpus built from the demo data: projection rows written straight from the demo
catalogue and listings (no domain workflow, no pages: fast), then indexed. Test data only: in the
platform, rows are written by ``core.published.sync`` alone."""

from django.utils import timezone

from core.domain import codes
from core.published.models import PublishedGuide
from core.published.projection import projection_values
from search import indexing
from search.models import SearchDocument
from tenants.models import Department, Region
from tests.factories import _demo, demo_matter, local_values

LISTING_TENANTS = ("shushan", "yaohai", "hefei")
# Province-level implementations (安徽 has no demo listing): exercise the region chain.
PROVINCE_ITEMS = ("000113004000", "000113005000", "002021001000", "000131106000")


def _snapshot(slug: str, basic_code: str, department: Department, level: str) -> dict:
    fixed = demo_matter(basic_code)
    local = local_values(slug, basic_code) if slug != "anhui" else {"online_depth": 3}
    return {
        "basic_code": basic_code,
        "implementation_code": codes.implementation_code(department.uscc, level, basic_code),
        "level": level,
        "department": {"name": department.name, "short_name": department.short_name,
                       "uscc": department.uscc, "nature": department.nature},
        "catalogue_version": 1,
        "fixed": fixed,
        "local": local,
    }  # fmt: skip


def _entries():
    for slug in LISTING_TENANTS:
        for item in _demo("listings", slug)["items"]:
            department = Department.objects.get(region__slug=slug, short_name=item["department"])
            yield slug, item["basic_code"], department, item["level"]
    province_department = Department.objects.filter(region__slug="anhui").order_by("pk").first()
    for basic_code in PROVINCE_ITEMS:
        yield "anhui", basic_code, province_department, "2"


def build() -> list[str]:
    """Write the projection rows and index them; returns their implementation codes."""
    written = []
    for entry_id, (slug, basic_code, department, level) in enumerate(_entries(), start=1):
        snapshot = _snapshot(slug, basic_code, department, level)
        region = Region.objects.select_related("parent__parent").get(slug=slug)
        url = f"http://{slug}.localhost/guides/{snapshot['implementation_code']}/"
        values = projection_values(region, entry_id, snapshot, 1, url, timezone.now(), {})
        written.append(
            PublishedGuide.objects.create(
                region=region, entry_id=entry_id, **values
            ).implementation_code
        )
    for code in written:
        indexing.index_guide(code)
    return written


def destroy(implementation_codes: list[str]) -> None:
    # A raw delete: no signals (Wagtail's reference index has no table in the public schema).
    rows = PublishedGuide.objects.filter(implementation_code__in=implementation_codes)
    rows._raw_delete(rows.db)
    SearchDocument.objects.filter(implementation_code__in=implementation_codes).delete()
