"""python manage.py provision_tenants [PATH ...] [--dry-run] [--deactivate-missing]"""

from django.core.management.base import BaseCommand, CommandError

from tenants.config import ConfigError, load_configs
from tenants.models import Region
from tenants.provisioning import TemplateNotCurrent, ensure_system_tenants, provision


class Command(BaseCommand):
    help = "Create or update region tenants from tenant_configs/ (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="region files or directories (default: all)")
        parser.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
        parser.add_argument(
            "--system-only",
            action="store_true",
            help="only make sure the platform and template tenants exist (used by make migrate)",
        )
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="deactivate regions that no configuration file declares (never deletes)",
        )

    def handle(self, *args, paths, dry_run, deactivate_missing, system_only, **options):
        if system_only:
            done = ensure_system_tenants()
            self.stdout.write("；".join(done) if done else "平台与模板租户已就绪（no changes）。")
            return
        known = set(Region.objects.regions().values_list("code", flat=True))
        try:
            configs = load_configs(paths or None, known_codes=known)
        except ConfigError as exc:
            raise CommandError("配置文件有误：\n" + str(exc)) from exc

        def progress(index, total, outcome):
            timing = f" ({outcome.seconds:.2f}s)" if outcome.seconds >= 0.01 else ""
            self.stdout.write(f"[{index}/{total}] {'计划 ' if dry_run else ''}{outcome}{timing}")

        try:
            outcomes = provision(
                configs, dry_run=dry_run, deactivate_missing=deactivate_missing, progress=progress
            )
        except ConfigError as exc:
            raise CommandError("配置文件有误：\n" + str(exc)) from exc
        except TemplateNotCurrent as exc:
            raise CommandError(str(exc)) from exc
        for outcome in outcomes[len(configs) :]:
            self.stdout.write(f"{'计划 ' if dry_run else ''}{outcome}")
        counts = {}
        for outcome in outcomes:
            counts[outcome.action] = counts.get(outcome.action, 0) + 1
        if not any(action != "unchanged" for action in counts):
            self.stdout.write(
                self.style.SUCCESS(f"全部 {len(configs)} 个区划均无变化（no changes）。")
            )
            return
        summary = "，".join(
            f"{label} {counts[key]}"
            for key, label in [
                ("create", "新建"),
                ("update", "更新"),
                ("unchanged", "无变化"),
                ("deactivate", "停用"),
            ]
            if key in counts
        )
        prefix = "计划：" if dry_run else "完成："
        self.stdout.write(self.style.SUCCESS(prefix + summary))
