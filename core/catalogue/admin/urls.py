"""URLs of the catalogue admin, mounted at /admin/catalogue/ by wagtail_hooks."""

from django.urls import path

from . import claims, editing, views

app_name = "catalogue_admin"

urlpatterns = [
    path("", views.MatterIndexView.as_view(), name="index"),
    path("results/", views.MatterIndexView.as_view(results_only=True), name="index_results"),
    path("new/", editing.CreateMatterView.as_view(), name="create"),
    path("claims/", claims.ClaimsOverviewView.as_view(), name="claims"),
    path("claims/jobs/<int:pk>/retry/", claims.RetryJobView.as_view(), name="retry_job"),
    path("<int:pk>/", views.MatterDetailView.as_view(), name="matter"),
    path("<int:pk>/compare/", views.CompareView.as_view(), name="compare"),
    path("<int:pk>/versions/new/", editing.StartVersionView.as_view(), name="start_version"),
    path("<int:pk>/draft/", editing.EditDraftView.as_view(), name="edit"),
    path("<int:pk>/versions/<int:version_pk>/submit/", editing.SubmitVersionView.as_view(),
         name="submit"),
    path("<int:pk>/versions/<int:version_pk>/publish/", editing.PublishVersionView.as_view(),
         name="publish"),
    path("<int:pk>/versions/<int:version_pk>/reject/", editing.RejectVersionView.as_view(),
         name="reject"),
]  # fmt: skip
