"""The citizen's pages on every region host (/account/…), included by core.urls_tenants."""

from django.urls import path

from . import views_portal as views

urlpatterns = [
    path("login/", views.login, name="account-login"),
    path("callback/", views.callback, name="account-callback"),
    path("logout/", views.logout, name="account-logout"),
    path("signed-out/", views.signed_out, name="account-signed-out"),
    path("", views.home, name="account-home"),
    path("enterprise/", views.enterprise, name="account-enterprise"),
    path("enterprise/act-as/", views.act_as, name="account-act-as"),
    path("favourites/", views.favourite, name="account-favourite"),
]
