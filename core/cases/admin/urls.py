"""Admin URLs of cases, mounted at /admin/cases/ by wagtail_hooks."""

from django.urls import path

from . import views

app_name = "cases_admin"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<str:action>/", views.act, name="act"),
    path("<int:pk>/notice/<str:kind>.pdf", views.notice_pdf, name="notice"),
    path("<int:pk>/result/", views.result_document, name="result"),
    path("files/<int:pk>/", views.case_file, name="file"),
]
