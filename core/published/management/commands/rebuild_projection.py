"""Sync the read side of every guide of every region (or one) from current state."""

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from core.published.models import PublishedGuide
from core.published.sync import sync_region
from tenants.models import Region


class Command(BaseCommand):
    help = "按当前状态同步每个区划的全部办事指南（页面、已发布指南投影、搜索文档）。"

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="只同步该区划（slug）")

    def handle(self, *args, tenant=None, **options):
        regions = Region.objects.regions().order_by("code")
        if tenant:
            regions = regions.filter(slug=tenant)
            if not regions.exists():
                raise CommandError(f"没有区划 {tenant}")
        else:  # rows of removed regions are not live anywhere
            orphans, _ = PublishedGuide.objects.exclude(region__in=regions).delete()
            if orphans:
                self.stdout.write(f"删除已移除区划的指南 {orphans} 条")
        total = 0
        for region in regions:
            with schema_context(region.schema_name):
                counts = sync_region()
            total += counts.get("live", 0)
            self.stdout.write(
                f"{region.slug}: 在线指南 {counts.get('live', 0)} 条，"
                f"撤下 {counts.get('withdrawn', 0)} 条"
            )
        self.stdout.write(self.style.SUCCESS(f"投影已同步：共 {total} 条在线指南"))
