"""python manage.py export_catalogue --province anhui --format json|xlsx [--output PATH]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from core.catalogue.exchange.exporter import catalogue_document, export_catalogue
from core.catalogue.exchange.files import FORMATS

from .import_catalogue import province_region


class Command(BaseCommand):
    help = "Export a province's catalogue (published versions) as JSON or xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, help="slug of the province region")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument(
            "--output", help="file to write (default: JSON to stdout, xlsx to ./<slug>.xlsx)"
        )

    def handle(self, *args, province, format, output, **options):
        region = province_region(province)
        if output is None and format == "json":
            document = catalogue_document(region)
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        path = Path(output or f"{region.slug}.{format}")
        count = export_catalogue(region, path, format)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项到 {path}"))
