"""python manage.py create_tenant_admin --tenant shushan --username NAME [--email E] [--password P]"""

import os

from django.core.management.base import BaseCommand, CommandError

from tenants.models import Region
from tenants.provisioning import ensure_tenant_admin


class Command(BaseCommand):
    help = "Create an admin user inside one region's own schema (users are never shared)."

    def add_arguments(self, parser):
        parser.add_argument("--tenant", required=True, help="region slug, e.g. shushan")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            default=os.environ.get("TENANT_ADMIN_PASSWORD"),
            help="defaults to $TENANT_ADMIN_PASSWORD; without one the password is unusable",
        )

    def handle(self, *args, tenant, username, email, password, **options):
        region = Region.objects.regions().filter(slug=tenant).first()
        if region is None:
            raise CommandError(f"没有标识为 {tenant} 的区划")
        _, created = ensure_tenant_admin(region, username, email, password)
        if not created:
            self.stdout.write(f"{region.name} 已有用户 {username}，未作修改。")
            return
        self.stdout.write(self.style.SUCCESS(f"已在 {region.name} 创建管理员 {username}。"))
