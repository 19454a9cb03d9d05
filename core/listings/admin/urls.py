"""URLs of the implementation-list admin, mounted at /admin/listings/ by wagtail_hooks."""

from django.urls import path

from . import editing, guide_link, inbox, views

app_name = "listings_admin"

urlpatterns = [
    path("", views.ItemIndexView.as_view(), name="index"),
    path("results/", views.ItemIndexView.as_view(results_only=True), name="index_results"),
    path("claim/", views.ClaimView.as_view(), name="claim"),
    path("inbox/", inbox.InboxView.as_view(), name="inbox"),
    path("conflicts/<int:pk>/resolve/", inbox.ResolveConflictView.as_view(), name="resolve"),
    path("<int:pk>/", views.ItemDetailView.as_view(), name="item"),
    path("<int:pk>/edit/", editing.EditItemView.as_view(), name="edit"),
    path("<int:pk>/submit/", editing.SubmitItemView.as_view(), name="submit"),
    path("<int:pk>/publish/", editing.PublishItemView.as_view(), name="publish"),
    path("<int:pk>/withdraw/", editing.WithdrawItemView.as_view(), name="withdraw"),
    path("<int:pk>/suspend/", editing.SuspendItemView.as_view(), name="suspend"),
    path("<int:pk>/reconfirm/", inbox.ReconfirmView.as_view(), name="reconfirm"),
    path("<int:pk>/compare/", views.CompareItemView.as_view(), name="compare"),
    path("<int:pk>/guide/", guide_link.LiveGuideView.as_view(), name="guide"),
]
