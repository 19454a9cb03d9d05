"""The API app: connects the response cache's invalidation (``api.core.dependencies``) to the
writes of the data cached operations read. Each write bumps only the stamps of what it changed."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _guide_row_changed(sender, instance, **kwargs):
    from .core.dependencies import guide_row_changed

    guide_row_changed(instance)


def _guides_synced(sender, implementation_codes, **kwargs):
    from .core.dependencies import guides_synced

    guides_synced(implementation_codes)


def _rating_changed(sender, instance, **kwargs):
    from .core.dependencies import ratings_changed

    ratings_changed(instance.implementation_code)


def _matter_changed(sender, instance, **kwargs):
    from .core.dependencies import matter_changed

    matter_changed(instance.basic_code)


def _matter_version_changed(sender, instance, **kwargs):
    from .core.dependencies import matter_changed

    if sender._meta.get_field("matter").is_cached(instance):  # at hand when started, published
        matter_changed(instance.matter.basic_code)
        return
    matters = sender._meta.get_field("matter").related_model.objects
    basic_code = matters.filter(pk=instance.matter_id).values_list("basic_code", flat=True).first()
    if basic_code:
        matter_changed(basic_code)


def _regions_changed(sender, **kwargs):
    from .core.dependencies import regions_changed

    regions_changed()


def _catalogue_imported(sender, **kwargs):
    from .core.dependencies import everything_changed

    everything_changed()  # bulk_create sends no row signals


# (model label, receiver) for post_save and post_delete.
WATCHED = (
    ("published.PublishedGuide", _guide_row_changed),  # the projection: guide rows and payloads
    ("published.Rating", _rating_changed),
    ("catalogue.Matter", _matter_changed),
    ("catalogue.MatterVersion", _matter_version_changed),
    ("tenants.Region", _regions_changed),  # names, chains, province settings
)


class APIConfig(AppConfig):
    name = "api"
    verbose_name = "GraphQL API"

    def ready(self):
        from core.catalogue.signals import catalogue_imported
        from core.published.signals import guide_synced
        from tenants.signals import region_activity_changed, region_changed

        catalogue_imported.connect(_catalogue_imported, dispatch_uid="api-cache-catalogue-imported")
        guide_synced.connect(_guides_synced, dispatch_uid="api-cache-guide-synced")
        # Switching a region on or off is a QuerySet.update (tenants.lifecycle): no post_save.
        region_activity_changed.connect(_regions_changed, dispatch_uid="api-cache-region-activity")
        region_changed.connect(_regions_changed, dispatch_uid="api-cache-region-changed")
        for label, receiver in WATCHED:
            model = self.apps.get_model(label)
            post_save.connect(receiver, sender=model, dispatch_uid=f"api-cache-{label}-save")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"api-cache-{label}-delete")
