"""The provider's own pages on id.<base domain>: sign in (password or SMS code), register,
authorize (django-oauth-toolkit), sign out, the development SMS mailbox."""

from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from oauth2_provider.views import AuthorizationView, RPInitiatedLogoutView

from core.domain.errors import DomainError, Problem

from . import accounts, consent, otp, sms
from .forms import errors_of, safe_next
from .models import Person

BACKEND = "django.contrib.auth.backends.ModelBackend"


def person_of(request) -> Person | None:
    """The citizen signed in at the provider (its own session on the identity host)."""
    if not request.user.is_authenticated:
        return None
    return Person.objects.filter(user_id=request.user.pk).first()


def _sign_in(request, person: Person):
    auth_login(request, person.user, backend=BACKEND)
    if accounts.needs_consent(person):
        return redirect(f"/consent/?next={quote(safe_next(request))}")
    return redirect(safe_next(request))


class Authorize(AuthorizationView):
    """Authorization endpoint; citizens who are not signed in go to the provider's login page."""

    login_url = "/login/"


class Logout(RPInitiatedLogoutView):
    """RP-initiated logout: ends the provider session and every portal session of the person
    on every region host (their session epoch), then returns to the client."""

    def do_logout(self, application=None, post_logout_redirect_uri=None, state=None,
                  token_user=None):  # fmt: skip
        person = person_of(self.request) or (
            Person.objects.filter(user_id=token_user.pk).first() if token_user else None
        )
        if person is not None:
            accounts.end_sessions(person)
        return super().do_logout(application, post_logout_redirect_uri, state, token_user)


def _send_code(request, purpose: str) -> dict:
    try:
        otp.send_code(request.POST.get("mobile", ""), purpose)
    except DomainError as error:
        return {"errors": errors_of(error)}
    return {"sent": True}


@require_http_methods(["GET", "POST"])
def login(request):
    context = {"next": safe_next(request), "mode": request.GET.get("mode", "password")}
    if request.method == "POST":
        context |= {"mode": request.POST.get("mode", "password"), "values": request.POST}
        try:
            if "send_code" in request.POST:
                context |= _send_code(request, "login")
            elif context["mode"] == "code":
                person = accounts.find_person(request.POST.get("mobile", ""))
                otp.check_code(request.POST.get("mobile", ""), "login", request.POST.get("code"))
                if person is None:
                    raise DomainError([Problem("mobile", "该手机号尚未注册，请先注册")])
                return _sign_in(request, person)
            else:
                person = accounts.authenticate_password(
                    request.POST.get("identifier", ""), request.POST.get("password", "")
                )
                return _sign_in(request, person)
        except DomainError as error:
            context["errors"] = errors_of(error)
    return render(request, "identity/login.html", context)


@require_http_methods(["GET", "POST"])
def register(request):
    context = {"next": safe_next(request), "notice": consent.notice(),
               "consent_version": consent.CURRENT_VERSION}  # fmt: skip
    if request.method == "POST":
        context["values"] = request.POST
        try:
            if "send_code" in request.POST:
                context |= _send_code(request, "register")
            else:
                if request.POST.get("consent") != consent.CURRENT_VERSION:
                    raise DomainError([Problem("consent", "请阅读并同意个人信息处理规则")])
                otp.check_code(request.POST.get("mobile", ""), "register", request.POST.get("code"))
                person = accounts.register_person(
                    request.POST.get("name", ""), request.POST.get("id_number", ""),
                    request.POST.get("mobile", ""), request.POST.get("password", ""),
                )  # fmt: skip
                return _sign_in(request, person)
        except DomainError as error:
            context["errors"] = errors_of(error)
    return render(request, "identity/register.html", context)


@require_http_methods(["GET", "POST"])
def consent_view(request):
    person = person_of(request)
    if person is None:
        return redirect(f"/login/?next={quote(request.get_full_path())}")
    if request.method == "POST" and request.POST.get("consent") == consent.CURRENT_VERSION:
        accounts.accept_consent(person)
        return redirect(safe_next(request))
    return render(request, "identity/consent.html", {
        "notice": consent.notice(), "consent_version": consent.CURRENT_VERSION,
        "next": safe_next(request),
    })  # fmt: skip


@require_http_methods(["POST"])
def logout(request):
    """Sign out at the provider and on every region host."""
    if (person := person_of(request)) is not None:
        accounts.end_sessions(person)
    auth_logout(request)
    return redirect("/login/")


def mailbox(request):
    """Development only (IDENTITY_DEV_MAILBOX): the SMS messages the console gateway printed."""
    if not settings.IDENTITY_DEV_MAILBOX:
        raise Http404("开发邮箱未启用")
    return render(request, "identity/mailbox.html", {"messages": sms.mailbox()})
