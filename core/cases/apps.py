from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "core.cases"
    label = "cases"
    verbose_name = "网上办件"
