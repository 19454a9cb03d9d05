"""``{% case_apply_button page.implementation_code local.online_depth %}``: the guide page's
在线办理 button leading to the platform's own application form (depth Ⅲ and above)."""

from django import template
from django.urls import reverse

from core.cases.application import MIN_ONLINE_DEPTH

register = template.Library()


@register.inclusion_tag("cms/cases/apply_button.html")
def case_apply_button(implementation_code, online_depth):
    shown = bool(implementation_code) and int(online_depth or 0) >= MIN_ONLINE_DEPTH
    url = reverse("cases:apply", args=[implementation_code]) if shown else ""
    return {"url": url}
