"""manage.py graphql_schema [--write | --check | --operations] (needs "api" in INSTALLED_APPS;
without it use ``python -m api.print_schema``)."""

from django.core.management.base import BaseCommand, CommandError

from api import print_schema


class Command(BaseCommand):
    help = "打印、写入或检查 GraphQL 契约（graphql/schema.graphql 与 graphql/operations）"

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help="写入 graphql/schema.graphql")
        group.add_argument("--check", action="store_true", help="文件过期或操作无效时失败")
        group.add_argument(
            "--operations", action="store_true", help="输出持久化操作的 id 与 sha256"
        )

    def handle(self, *args, write=False, check=False, operations=False, **options):
        flags = [f for f, on in (("--write", write), ("--check", check),
                                 ("--operations", operations)) if on]  # fmt: skip
        if print_schema.main(flags) != 0:
            raise CommandError("GraphQL 契约检查未通过")
