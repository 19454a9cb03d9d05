"""The citizen's state on portal pages: signed in? this guide kept (收藏)?"""

from django import template

from ..favourites import is_favourite
from ..subject import current_subject

register = template.Library()


@register.simple_tag(takes_context=True)
def citizen(context):
    request = context.get("request")
    return current_subject(request) if request is not None else None


@register.simple_tag(takes_context=True)
def favourite_state(context, implementation_code):
    subject = citizen(context)
    return subject is not None and is_favourite(subject.person_id, implementation_code)
