"""The citizen's account at the provider: profile, 实名核验, enterprises and their 经办人,
download of one's data, closing the account, signing out of every device."""

import json
from functools import wraps

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.domain.errors import DomainError

from . import accounts, enterprises, personal_data, verifiers
from .forms import errors_of
from .models import Enterprise
from .views_provider import person_of


def citizen_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        person = person_of(request)
        if person is None:
            return redirect(f"/login/?next={request.path}")
        return view(request, person, *args, **kwargs)

    return wrapped


def _page(request, person, **extra):
    administered = list(person.administered_enterprises.prefetch_related("agents__person"))
    return render(request, "identity/account.html", {
        "person": person, "verifier": verifiers.verifier(),
        "administered": administered, "acting_for": enterprises.enterprises_of(person),
        **extra,
    })  # fmt: skip


@citizen_required
def account(request, person):
    return _page(request, person)


def _act(request, person, action):
    try:
        action()
    except DomainError as error:
        return _page(request, person, errors=errors_of(error), values=request.POST)
    return redirect("/account/")


@require_POST
@citizen_required
def verify(request, person):
    return _act(request, person, lambda: verifiers.verify_identity(person))


@require_POST
@citizen_required
def register_enterprise(request, person):
    post = request.POST
    return _act(request, person, lambda: enterprises.register_enterprise(
        person, post.get("uscc", ""), post.get("name", ""), post.get("legal_representative", "")
    ))  # fmt: skip


@require_POST
@citizen_required
def grant_agent(request, person, enterprise_id):
    enterprise = get_object_or_404(Enterprise, pk=enterprise_id, administrator=person)
    identifier = request.POST.get("identifier", "")
    return _act(request, person, lambda: enterprises.grant_agent(enterprise, person, identifier))


@require_POST
@citizen_required
def revoke_agent(request, person, enterprise_id, authorisation_id):
    enterprise = get_object_or_404(Enterprise, pk=enterprise_id, administrator=person)
    return _act(request, person,
                lambda: enterprises.revoke_agent(enterprise, person, authorisation_id))  # fmt: skip


@citizen_required
def download(request, person):
    body = json.dumps(personal_data.export_data(person), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@citizen_required
def close(request, person):
    if request.POST.get("confirm") != "注销":
        return _page(request, person, errors={"close": "请输入“注销”确认"})
    try:
        personal_data.close_account(person)
    except DomainError as error:
        return _page(request, person, errors=errors_of(error))
    from django.contrib.auth import logout

    logout(request)
    return render(request, "identity/closed.html")


@require_POST
@citizen_required
def logout_everywhere(request, person):
    accounts.logout_everywhere(person)
    from django.contrib.auth import logout

    logout(request)
    return redirect("/login/")
