from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "core.metrics"
    label = "metrics"
    verbose_name = "效能指标"
