"""Region portal pages of the citizen: sign in through the provider, 个人中心, 企业中心,
收藏 from guide pages, sign out (here and on every other host)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.domain.errors import DomainError
from core.domain.ids import parse_id
from core.published.models_ratings import Rating

from . import enterprises, favourites, portal
from .clients import provider_origin
from .forms import safe_next
from .models import Person
from .subject import (
    SESSION_ENTERPRISE,
    can_act_for,
    current_subject,
    sign_in_session,
    sign_out_session,
)

ID_TOKEN_KEY = "identity.id_token"


def _login_redirect(request, next_url: str | None = None):
    from urllib.parse import quote

    return redirect(f"/account/login/?next={quote(next_url or request.get_full_path())}")


@require_GET
def login(request):
    """登录: to the provider (which signs in at once when already signed in elsewhere)."""
    return redirect(portal.start(request, safe_next(request, default="/account/")))


@require_GET
def callback(request):
    try:
        person_id, next_url, id_token = portal.finish(request)
    except portal.SignInFailed as failed:
        return render(request, "cms/account/failed.html", {"message": str(failed)}, status=400)
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return render(request, "cms/account/failed.html", {"message": "账户不存在或已注销"},
                      status=400)  # fmt: skip
    sign_in_session(request, person)
    request.session[ID_TOKEN_KEY] = id_token
    return redirect(next_url)


@require_POST
def logout(request):
    """Sign out here, then at the provider, which ends the sessions on every other host."""
    id_token = request.session.get(ID_TOKEN_KEY)
    sign_out_session(request)
    request.session.pop(ID_TOKEN_KEY, None)
    return redirect(portal.logout_url(request, id_token))


@require_GET
def signed_out(request):
    return render(request, "cms/account/signed_out.html")


def _person_page(request, template: str, **extra):
    subject = current_subject(request)
    if subject is None:
        return _login_redirect(request)
    person = Person.objects.get(pk=subject.person_id)
    return render(request, template, {"subject": subject, "person": person,
                                      "provider_account_url": provider_origin() + "/account/",
                                      **extra})  # fmt: skip


@require_GET
def home(request):
    """个人中心: profile, favourites, my ratings."""
    subject = current_subject(request)
    if subject is None:
        return _login_redirect(request)
    ratings = list(Rating.objects.filter(account_id=subject.person_id)
                   .select_related("region").order_by("-created_at")[:50])  # fmt: skip
    return _person_page(request, "cms/account/home.html",
                        favourites=favourites.favourites_with_guides(subject.person_id),
                        ratings=ratings)  # fmt: skip


@require_GET
def enterprise(request):
    """企业中心: the enterprises the citizen may act for, and which one they act for now."""
    subject = current_subject(request)
    if subject is None:
        return _login_redirect(request)
    person = Person.objects.get(pk=subject.person_id)
    return _person_page(request, "cms/account/enterprise.html",
                        enterprises=enterprises.enterprises_of(person))  # fmt: skip


@require_POST
def act_as(request):
    subject = current_subject(request)
    if subject is None:
        return _login_redirect(request, "/account/enterprise/")
    enterprise_id = parse_id(request.POST.get("enterprise", ""))
    if enterprise_id is not None and not can_act_for(subject.person_id, enterprise_id):
        return render(request, "cms/account/failed.html",
                      {"message": "您未获该法人授权，不能以其身份办事"}, status=403)  # fmt: skip
    request.session[SESSION_ENTERPRISE] = enterprise_id
    return redirect("/account/enterprise/")


@require_POST
def favourite(request):
    """收藏 / 取消收藏 from a guide page (a plain form: works without JavaScript)."""
    back = safe_next(request, default="/account/")
    subject = current_subject(request)
    if subject is None:
        return _login_redirect(request, back)
    code = request.POST.get("implementation_code", "")
    try:
        if request.POST.get("action") == "remove":
            favourites.remove_favourite(subject.person_id, code)
        else:
            favourites.add_favourite(subject.person_id, code)
    except DomainError as error:
        return render(request, "cms/account/failed.html",
                      {"message": error.problems[0].message}, status=400)  # fmt: skip
    return redirect(back)
