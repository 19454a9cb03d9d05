"""The admin sidebar (main menu, search, account), cached per user for a few seconds.

Wagtail builds the sidebar on every admin page: every menu item's ``is_shown`` (the page
explorer and the site history report each look up the user's explorable root page: three
queries), count badges (同步收件箱), then serialises it all with telepath — about a third of a
light admin page (bench/RESULTS.md, 网上办件 inbox). The result depends only on the user (their
permissions, name, avatar, dismissed items) and on data the badges count, so it is kept in the
default cache (whose key function adds the region's schema: users are per region) per user and
language for ``ADMIN_SIDEBAR_CACHE_SECONDS`` (30; 0 turns it off). A permission change or a
badge count shows up in the menu at most that much later; views check permissions themselves,
the menu only shows the way.
"""

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailadmin_tags import sidebar_props

register = template.Library()


def sidebar_key(user) -> str:
    return f"admin-sidebar:{user.pk}:{get_language()}"


@register.simple_tag(takes_context=True)
def cached_sidebar_props(context):
    """Wagtail's ``{% sidebar_props %}``, from the cache while fresh."""
    ttl = getattr(settings, "ADMIN_SIDEBAR_CACHE_SECONDS", 30)
    user = getattr(context.get("request"), "user", None)
    if ttl <= 0 or user is None or not user.is_authenticated:
        return sidebar_props(context)
    key = sidebar_key(user)
    html = cache.get(key)
    if html is None:
        html = sidebar_props(context)
        cache.set(key, html, timeout=ttl)
    return html
