"""python manage.py export_listing --tenant shushan --format json|xlsx [--output PATH]"""

from core.catalogue.exchange.commands import ExportCommand
from core.listings.exchange.exporter import export_listing, listing_document


class Command(ExportCommand):
    help = "Export a tenant's implementation list as JSON or xlsx."

    def document(self, region):
        return listing_document(region)

    def export(self, region, path, fmt):
        return export_listing(region, path, fmt)
