"""Wagtail's front-end URLs (``wagtail.urls``) with its ``serve`` view behind the route map
(``cms.routing``): the same patterns, names and trailing-slash handling."""

from django.urls import re_path
from wagtail import urls as wagtail_urls

from . import routing

urlpatterns = [
    *(p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
]
