"""python manage.py import_catalogue --province anhui FILE (.json or .xlsx)"""

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries

from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.exchange.problems import ImportFailed
from tenants.models import Region


def province_region(slug: str) -> Region:
    region = Region.objects.filter(slug=slug).first()
    if region is None or region.level != Region.Level.PROVINCE:
        raise CommandError(f"没有标识为“{slug}”的省级区划")
    return region


class Command(BaseCommand):
    help = "Import a province's catalogue (JSON or xlsx), all or nothing; idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file", help="catalogue file, .json or .xlsx (docs/data-formats.md)")
        parser.add_argument("--province", required=True, help="slug of the province region")
        parser.add_argument("--user", default="import", help="recorded as editor and reviewer")

    def handle(self, *args, file, province, user, **options):
        region = province_region(province)

        def progress(done, total):
            self.stderr.write(f"已处理 {done}/{total} 项")
            reset_queries()  # with DEBUG on, the bulk inserts' SQL would pile up in memory

        try:
            outcome = import_catalogue(region, file, user=user, progress=progress)
        except ImportFailed as failure:
            raise CommandError(failure.report()) from failure
        style = self.style.SUCCESS if outcome.changed else self.style.NOTICE
        self.stdout.write(style(str(outcome)))
