from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "区划租户"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Domain, Region
        from .routing import routing_changed
        from .signals import region_activity_changed

        # Any saved or deleted region or domain rebuilds every process's host map; the one
        # queryset .update() of routing data (set_region_active) sends region_activity_changed.
        def changed(sender, **kwargs):
            routing_changed()

        for model in (Region, Domain):
            for signal in (post_save, post_delete):
                signal.connect(changed, sender=model, weak=False)
        region_activity_changed.connect(changed, weak=False)
