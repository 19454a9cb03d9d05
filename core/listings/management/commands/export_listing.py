"""python manage.py export_listing --tenant shushan --format json|xlsx [--output PATH]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from core.catalogue.exchange.files import FORMATS
from core.listings.exchange.exporter import export_listing, listing_document

from .import_listing import tenant_region


class Command(BaseCommand):
    help = "Export a tenant's implementation list as JSON or xlsx."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="slug of the region")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument(
            "--output", help="file to write (default: JSON to stdout, xlsx to ./<slug>.xlsx)"
        )

    def handle(self, *args, tenant, format, output, **options):
        region = tenant_region(tenant)
        if output is None and format == "json":
            document = listing_document(region)
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        path = Path(output or f"{region.slug}.{format}")
        count = export_listing(region, path, format)
        self.stdout.write(self.style.SUCCESS(f"已导出 {count} 项到 {path}"))
