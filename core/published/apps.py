from django.apps import AppConfig


class PublishedConfig(AppConfig):
    name = "core.published"
    label = "published"
    verbose_name = "已发布办事指南"
