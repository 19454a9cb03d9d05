"""python manage.py export_catalogue --province anhui --format json|xlsx [--output PATH]"""

from core.catalogue.exchange.commands import ExportCommand
from core.catalogue.exchange.exporter import catalogue_document, export_catalogue


class Command(ExportCommand):
    help = "Export a province's catalogue (published versions) as JSON or xlsx."
    province_only = True

    def document(self, region):
        return catalogue_document(region)

    def export(self, region, path, fmt):
        return export_catalogue(region, path, fmt)
