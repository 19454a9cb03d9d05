from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "core.identity"
    label = "identity"
    verbose_name = "统一身份认证"

    def ready(self):
        from tenants.signals import region_provisioned

        from . import checks, clients  # noqa: F401  (checks register themselves)

        region_provisioned.connect(clients.on_region_provisioned, dispatch_uid="identity.clients")
