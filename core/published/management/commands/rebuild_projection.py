"""Rebuild the published-guide projection from the live guide pages of every tenant."""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from core.published.models import PublishedGuide
from core.published.projection import project
from core.published.signals import collect_live_guides
from tenants.models import Region


def live_guides() -> list[dict]:
    """Every live guide the page layer reports for the current schema."""
    responses = collect_live_guides.send(sender=PublishedGuide)
    return [guide for _receiver, guides in responses for guide in guides or []]


def rebuild_region(region: Region) -> tuple[int, int]:
    """Project the region's live guides and delete its rows that have no live guide."""
    with tenant_context(region):  # project() then reads the region from the connection
        guides = live_guides()
        for guide in guides:
            project(guide["snapshot"], guide["version"], guide["url"], guide.get("published_at"))
    codes = {g["snapshot"]["implementation_code"] for g in guides}
    stale = PublishedGuide.objects.filter(region=region).exclude(implementation_code__in=codes)
    deleted, _ = stale.delete()
    return len(guides), deleted


class Command(BaseCommand):
    help = "按各区划在线的办事指南页面重建已发布指南投影（删除没有在线页面的行）。"

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="只重建该区划（slug）")

    def handle(self, *args, tenant=None, **options):
        regions = (
            Region.objects.regions().filter(is_active=True).select_related("parent__parent")
        ).order_by("code")
        if tenant:
            regions = regions.filter(slug=tenant)
            if not regions.exists():
                raise CommandError(f"没有启用的区划 {tenant}")
        else:  # rows of deactivated or removed regions are not live anywhere
            orphans, _ = PublishedGuide.objects.exclude(region__in=regions).delete()
            if orphans:
                self.stdout.write(f"删除停用区划的指南 {orphans} 条")
        total = 0
        for region in regions:
            count, deleted = rebuild_region(region)
            total += count
            self.stdout.write(f"{region.slug}: 在线指南 {count} 条，删除 {deleted} 条")
        self.stdout.write(self.style.SUCCESS(f"投影已重建：共 {total} 条在线指南"))
