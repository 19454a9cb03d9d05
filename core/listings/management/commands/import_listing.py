"""python manage.py import_listing --tenant shushan FILE (.json or .xlsx)"""

from django.core.management.base import BaseCommand, CommandError

from core.catalogue.exchange.problems import ImportFailed
from core.listings.exchange.importer import import_listing
from tenants.models import Region


def tenant_region(slug: str) -> Region:
    region = Region.objects.regions().filter(slug=slug).first()
    if region is None:
        raise CommandError(f"没有标识为“{slug}”的区划")
    return region


class Command(BaseCommand):
    help = "Import a tenant's implementation list (claims + local elements), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="listing file, .json or .xlsx (docs/data-formats.md)")
        parser.add_argument("--tenant", required=True, help="slug of the region")
        parser.add_argument("--user", default="import", help="recorded as editor and publisher")

    def handle(self, *args, file, tenant, user, **options):
        region = tenant_region(tenant)
        try:
            outcome = import_listing(region, file, user=user)
        except ImportFailed as failure:
            raise CommandError(failure.report()) from failure
        style = self.style.SUCCESS if outcome.changed else self.style.NOTICE
        self.stdout.write(style(str(outcome)))
