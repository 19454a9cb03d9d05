from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "统一搜索"

    def ready(self):
        from core.published.models import PublishedGuide

        from . import signals

        post_save.connect(signals.guide_saved, sender=PublishedGuide, dispatch_uid="search.saved")
        post_delete.connect(
            signals.guide_deleted, sender=PublishedGuide, dispatch_uid="search.deleted"
        )
