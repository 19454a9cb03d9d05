from django.apps import AppConfig


class CaseRegisterConfig(AppConfig):
    name = "core.case_register"
    label = "case_register"
    verbose_name = "办件登记簿"
