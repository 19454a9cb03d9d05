"""python manage.py import_listing --tenant shushan FILE (.json or .xlsx)"""

from core.catalogue.exchange.commands import ImportCommand
from core.listings.exchange.importer import import_listing


class Command(ImportCommand):
    help = "Import a tenant's implementation list (claims + local elements), all or nothing."
    file_help = "listing file, .json or .xlsx (docs/data-formats.md)"
    user_help = "recorded as editor and publisher"

    def run_import(self, region, file, user, progress):
        return import_listing(region, file, user=user, progress=progress)
