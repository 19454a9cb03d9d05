"""``{% case_apply_url page.implementation_code local.online_depth as apply_url %}``: where the
guide page's 在线办理 leads when the platform takes the application itself (depth Ⅲ and
above), else an empty string."""

from django import template
from django.urls import reverse

from core.cases.application import MIN_ONLINE_DEPTH

register = template.Library()


@register.simple_tag
def case_apply_url(implementation_code, online_depth) -> str:
    if not implementation_code or int(online_depth or 0) < MIN_ONLINE_DEPTH:
        return ""
    return reverse("cases:apply", args=[implementation_code])
