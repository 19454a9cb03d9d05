"""The exchange's management commands, one way: ``import_catalogue`` / ``import_listing`` and
``export_catalogue`` / ``export_listing`` say which region option, region and functions; naming
the region, reporting progress and problems and writing the file are here."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries

from tenants.models import Region

from .files import FORMATS
from .problems import ImportFailed


class ExchangeCommand(BaseCommand):
    province_only = False  # the catalogue's: --province; the list's: --tenant (any region)

    @property
    def region_option(self) -> str:
        return "province" if self.province_only else "tenant"

    def region(self, slug: str) -> Region:
        """The region named by ``--province`` / ``--tenant``; CommandError if there is none."""
        region = Region.objects.regions().filter(slug=slug).first()
        if self.province_only and (region is None or region.level != Region.Level.PROVINCE):
            raise CommandError(f"没有标识为“{slug}”的省级区划")
        if region is None:
            raise CommandError(f"没有标识为“{slug}”的区划")
        return region

    def add_arguments(self, parser):
        level = "province " if self.province_only else ""
        parser.add_argument(
            f"--{self.region_option}", required=True, help=f"slug of the {level}region"
        )


class ImportCommand(ExchangeCommand):
    file_help = ""
    user_help = ""

    def run_import(self, region, file: str, user: str, progress):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", help=self.file_help)
        super().add_arguments(parser)
        parser.add_argument("--user", default="import", help=self.user_help)

    def handle(self, *args, file, user, **options):
        region = self.region(options[self.region_option])

        def progress(done, total):
            self.stderr.write(f"已处理 {done}/{total or '?'} 项")
            reset_queries()  # with DEBUG on, the bulk inserts' SQL would pile up in memory

        try:
            outcome = self.run_import(region, file, user, progress)
        except ImportFailed as failure:
            raise CommandError(failure.report()) from failure
        style = self.style.SUCCESS if outcome.changed else self.style.NOTICE
        self.stdout.write(style(str(outcome)))


class ExportCommand(ExchangeCommand):
    def document(self, region) -> dict:
        raise NotImplementedError

    def export(self, region, path: Path, fmt: str) -> int:
        raise NotImplementedError

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument(
            "--output", help="file to write (default: JSON to stdout, xlsx to ./<slug>.xlsx)"
        )

    def handle(self, *args, format, output, **options):
        region = self.region(options[self.region_option])
        if output is None and format == "json":
            document = self.document(region)
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        path = Path(output or f"{region.slug}.{format}")
        count = self.export(region, path, format)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项到 {path}"))
