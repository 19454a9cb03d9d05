"""Report (and optionally repair) drift between the write side and the read side."""

from django.core.management.base import BaseCommand

from core.published.consistency import check_all
from core.published.models import SyncRequest
from core.published.outbox import drain


class Command(BaseCommand):
    help = "检查实施清单 ↔ 指南页面 ↔ 已发布指南投影 ↔ 搜索文档（及目录版本 ↔ 认领 ↔ 下发任务）的一致性。"

    def add_arguments(self, parser):
        parser.add_argument("--tenant", help="只检查该区划（slug）")
        parser.add_argument("--repair", action="store_true", help="为每处差异排队同步并立即执行")
        parser.add_argument(
            "--retry-failed", action="store_true", help="修复时也重试已失败的目录下发任务"
        )

    def handle(self, *args, tenant=None, repair=False, retry_failed=False, **options):
        report = check_all(repair=repair, slug=tenant, retry_failed=retry_failed)
        for (kind, schema), count in sorted(report.by_kind_and_region().items()):
            self.stdout.write(f"{schema}\t{kind}\t{count}")
        waiting = SyncRequest.objects.count()
        failing = SyncRequest.objects.filter(attempts__gt=0)
        self.stdout.write(f"差异共 {len(report.drifts)} 处；待处理同步请求 {waiting} 条")
        for row in failing.order_by("schema_name", "entry_id")[:20]:
            self.stdout.write(f"  重试中 {row}（{row.attempts} 次）：{row.last_error[:200]}")
        if repair:
            counts = drain()
            after = check_all(slug=tenant)
            self.stdout.write(
                f"已修复：排队 {report.repaired} 处，同步 {counts['synced']} 条，失败 {counts['failed']} 条；"
                f"修复后差异 {len(after.drifts)} 处"
            )
