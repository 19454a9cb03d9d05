"""Portal URLs outside the page tree (included by core.urls_tenants by dotted path)."""

from django.urls import path

from . import care_mode, downloads, views

app_name = "portal"
urlpatterns = [
    path("search/suggest", views.suggest, name="suggest"),
    path("search/open/<str:token>", views.open_search_result, name="open_search_result"),
    path("care-mode/", care_mode.switch, name="care_mode"),
    path("files/<int:document_id>/<str:name>", downloads.attachment, name="attachment"),
]
