"""The API app: connects the response cache's invalidation to the models it reads."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

# Every model a cacheable operation (api.core.cache.CACHEABLE) reads: "app_label.Model".
# Ratings are not here: a rating bumps only its guide's rating stamp (``_rating_changed``).
WATCHED = (
    "published.PublishedGuide",  # the projection: guide rows and payloads
    "catalogue.Matter",  # matter and its current version
    "catalogue.MatterVersion",
    "tenants.Region",  # province of a matter, region payloads
)


def _changed(sender, **kwargs):
    from .core.cache import bump_now_and_on_commit

    bump_now_and_on_commit()


def _rating_changed(sender, instance, **kwargs):
    from .core.cache import ratings_changed

    ratings_changed(instance.implementation_code)


class APIConfig(AppConfig):
    name = "api"
    verbose_name = "GraphQL API"

    def ready(self):
        from core.catalogue.signals import catalogue_imported

        # Bulk imports send no post_save; the importer announces them instead.
        catalogue_imported.connect(_changed, dispatch_uid="api-cache-catalogue-imported")
        for label in WATCHED:
            model = self.apps.get_model(label)
            post_save.connect(_changed, sender=model, dispatch_uid=f"api-cache-{label}-save")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"api-cache-{label}-delete")
        rating = self.apps.get_model("published.Rating")
        post_save.connect(_rating_changed, sender=rating, dispatch_uid="api-cache-rating-save")
        post_delete.connect(_rating_changed, sender=rating, dispatch_uid="api-cache-rating-delete")
