from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "core.workbench"
    label = "workbench"
    verbose_name = "工作台"
