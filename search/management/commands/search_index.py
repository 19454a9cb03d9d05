"""python manage.py search_index rebuild|suggestions|common|status"""

from django.core.management.base import BaseCommand

from search import indexing


class Command(BaseCommand):
    help = "重建或查看统一搜索索引（rebuild | suggestions | common | status）"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "suggestions", "common", "status"])

    def handle(self, *args, action, **options):
        if action == "rebuild":
            counts = indexing.rebuild()
            self.stdout.write(
                f"rebuilt: postgres {counts['postgres']} documents, "
                f"elasticsearch {counts['elasticsearch']} documents"
            )
            return
        if action == "common":  # common words from the documents' frequencies
            from search import common

            self.stdout.write(f"common words: {common.refresh()}")
            return
        if action == "suggestions":  # suggestion terms only, from the documents as they are
            from django.db import transaction

            from search import backends, suggestions

            with transaction.atomic():
                count = suggestions.rebuild()
            backends.postgres().analyse()
            self.stdout.write(f"suggestions rebuilt from {count} documents")
            return
        for key, value in indexing.status().items():
            self.stdout.write(f"{key}: {value}")
