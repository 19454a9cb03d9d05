from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "core.uploads"
    label = "uploads"
    verbose_name = "导入导出"
