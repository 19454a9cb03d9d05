"""``{% search_result_url search_id position code %}``: a result link that records the click."""

from django import template
from django.urls import reverse

from ..links import click_token

register = template.Library()


@register.simple_tag
def search_result_url(search_id: str, position: int, implementation_code: str) -> str:
    """The portal's short signed redirect (``/search/open/<token>``) to the guide."""
    token = click_token(search_id, position, implementation_code)
    return reverse("portal:open_search_result", args=[token])
