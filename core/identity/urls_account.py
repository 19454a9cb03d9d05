"""The provider's own pages (id.<base domain>)."""

from django.urls import path
from django.views.generic import RedirectView

from . import views_account as account
from . import views_provider as provider

urlpatterns = [
    path("", RedirectView.as_view(url="/account/")),
    path("login/", provider.login, name="identity-login"),
    path("register/", provider.register, name="identity-register"),
    path("consent/", provider.consent_view, name="identity-consent"),
    path("logout/", provider.logout, name="identity-logout"),
    path("dev/mailbox/", provider.mailbox, name="identity-mailbox"),
    path("account/", account.account, name="identity-account"),
    path("account/verify/", account.verify),
    path("account/enterprises/", account.register_enterprise),
    path("account/enterprises/<int:enterprise_id>/agents/", account.grant_agent),
    path(
        "account/enterprises/<int:enterprise_id>/agents/<int:authorisation_id>/revoke/",
        account.revoke_agent,
    ),
    path("account/download/", account.download),
    path("account/close/", account.close),
    path("account/logout-everywhere/", account.logout_everywhere),
]
