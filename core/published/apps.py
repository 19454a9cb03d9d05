from django.apps import AppConfig


def region_switched(sender, region, **kwargs):
    """A region was switched on or off, or its departments, halls or service points changed:
    every guide of it is synced (withdrawn, restored, or showing the new addresses)."""
    from .outbox import request_region_sync

    request_region_sync(region.schema_name)


class PublishedConfig(AppConfig):
    name = "core.published"
    label = "published"
    verbose_name = "已发布办事指南"

    def ready(self):
        from tenants.signals import region_activity_changed, region_changed

        region_activity_changed.connect(region_switched, dispatch_uid="published.region_switched")
        region_changed.connect(region_switched, dispatch_uid="published.region_changed")
