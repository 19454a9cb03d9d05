"""python manage.py load_demo_data — the demo catalogues, then every demo list whose tenant exists.

Idempotent: a second run changes nothing and says so. Called by ``make setup``.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.exchange.problems import ImportFailed
from core.listings.exchange.importer import import_listing
from tenants.models import Region

CATALOGUES = (("anhui", "anhui.json"), ("sichuan", "sichuan.json"))


class Command(BaseCommand):
    help = "Import the demo catalogues (安徽, 四川) and the demo implementation lists."

    def add_arguments(self, parser):
        parser.add_argument("--demo-dir", default=str(Path(settings.BASE_DIR) / "demo"))

    def handle(self, *args, demo_dir, **options):
        root = Path(demo_dir)
        regions = {r.slug: r for r in Region.objects.active()}
        outcomes, skipped = [], []
        try:
            for slug, name in CATALOGUES:
                if slug in regions:
                    outcomes.append(import_catalogue(regions[slug], root / "catalogue" / name))
                else:
                    skipped.append(name)
            for path in sorted((root / "listings").glob("*.json")):
                tenant = json.loads(path.read_text(encoding="utf-8")).get("tenant", path.stem)
                if tenant in regions:
                    outcomes.append(import_listing(regions[tenant], path))
                else:
                    skipped.append(path.name)
        except ImportFailed as failure:
            raise CommandError(failure.report()) from failure
        for outcome in outcomes:
            self.stdout.write(str(outcome))
        if skipped:
            self.stdout.write(f"跳过（区划未开通）：{'、'.join(skipped)}")
        changed = sum(outcome.changed for outcome in outcomes)
        summary = f"演示数据：导入 {len(outcomes)} 个文件，其中 {changed} 个有变化。"
        self.stdout.write(self.style.SUCCESS(summary) if changed else self.style.NOTICE(summary))
