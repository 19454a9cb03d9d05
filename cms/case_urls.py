"""Portal URLs of cases (included by core.urls_tenants)."""

from django.urls import path

from . import case_progress, case_views

app_name = "cases"
urlpatterns = [
    path("cases/apply/<str:code>/", case_views.apply, name="apply"),
    path("cases/progress/", case_progress.query, name="progress"),
    path("cases/mine/", case_progress.mine, name="mine"),
    path("cases/uploads/", case_views.upload, name="upload"),
    path("cases/files/<int:pk>/", case_views.case_file, name="file"),
    path("cases/<str:number>/", case_views.detail, name="detail"),
    path("cases/<str:number>/result/", case_views.result_document, name="result"),
    path("cases/<str:number>/supplement/", case_views.supplement, name="supplement"),
    path("cases/<str:number>/withdraw/", case_views.withdraw, name="withdraw"),
]
