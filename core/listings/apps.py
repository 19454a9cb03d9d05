from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "core.listings"
    label = "listings"
    verbose_name = "实施清单"
