from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "门户与办事指南"

    def ready(self):
        from . import handlers  # noqa: F401  (connects signal receivers)
