"""URLs of the import/export pages, mounted at /admin/exchange/ by wagtail_hooks."""

from django.urls import path

from . import exports, views

app_name = "uploads_admin"

urlpatterns = [
    path("jobs/<int:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<int:pk>/status/", views.JobStatusView.as_view(), name="status"),
    path("jobs/<int:pk>/apply/", views.ApplyView.as_view(), name="apply"),
    path("jobs/<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("<str:kind>/", views.ExchangeView.as_view(), name="home"),
    path("<str:kind>/export/", exports.ExportView.as_view(), name="export"),
]
