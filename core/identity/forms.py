"""Small helpers the identity views share (no Django forms: every field is one input)."""

from django.utils.http import url_has_allowed_host_and_scheme

from core.domain.errors import DomainError


def errors_of(error: DomainError) -> dict[str, str]:
    found = {}
    for problem in error.problems:
        found.setdefault(problem.field or "__all__", problem.message)
    return found


def safe_next(request, default: str = "/account/") -> str:
    """A ``next`` on this host only (an open redirect would hand codes to another site)."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, {request.get_host()}, require_https=False
    ):
        return wanted
    return default
