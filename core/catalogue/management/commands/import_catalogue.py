"""python manage.py import_catalogue --province anhui FILE (.json or .xlsx)"""

from core.catalogue.exchange.commands import ImportCommand
from core.catalogue.exchange.importer import import_catalogue


class Command(ImportCommand):
    help = "Import a province's catalogue (JSON or xlsx), all or nothing; idempotent."
    province_only = True
    file_help = "catalogue file, .json or .xlsx (docs/data-formats.md)"
    user_help = "recorded as editor and reviewer"

    def run_import(self, region, file, user, progress):
        return import_catalogue(region, file, user=user, progress=progress)
