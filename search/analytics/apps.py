from django.apps import AppConfig


class SearchAnalyticsConfig(AppConfig):
    name = "search.analytics"
    label = "analytics"
    verbose_name = "搜索分析"
