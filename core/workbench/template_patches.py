"""A few words Wagtail writes into its admin templates without translation (“Search” on hidden
submit buttons, aria-label="Actions", the product name in every title). This loader serves
those templates with the Chinese words; every other template is untouched.

One patch is not about words: ``wagtailadmin/base.html`` takes the sidebar from a short per-user
cache (``workbench_sidebar``).

A patch whose English no longer occurs (after a Wagtail upgrade) changes nothing, and
tests/admin/test_admin_locale.py then reports the English the pages show.
"""

from django.template.loaders import app_directories

ADD = ('value="Add"', 'value="添加"')
SEARCH = ('value="Search"', 'value="搜索"')
PATCHES: dict[str, tuple[tuple[str, str], ...]] = {
    "wagtailadmin/skeleton.html": (
        ("{% block branding_title %}Wagtail{% endblock %}",
         "{% block branding_title %}{{ request.tenant.name }}管理后台{% endblock %}"),
    ),
    # the sidebar from a short per-user cache (core/workbench/templatetags/workbench_sidebar.py)
    "wagtailadmin/base.html": (
        ("{% load wagtailadmin_tags wagtailcore_tags i18n %}",
         "{% load wagtailadmin_tags wagtailcore_tags i18n workbench_sidebar %}"),
        ("{% sidebar_props %}", "{% cached_sidebar_props %}"),
    ),
    "wagtailadmin/logo.html": (('aria-label="Wagtail"', 'aria-label="管理后台"'),),
    "wagtailadmin/home.html": (SEARCH,),
    # the editor guide lives on guide.wagtail.org: English, and out of reach on 政务外网
    "wagtailadmin/home/account_summary.html": (
        ("{% wagtail_feature_release_editor_guide_link as editor_guide_link %}",
         "{% if editor_guide_link %}"),
        ("            </li>\n        </ul>", "            </li>{% endif %}\n        </ul>"),
    ),
    "wagtailadmin/shared/header.html": (SEARCH,),
    "wagtailadmin/shared/headers/_actions.html": (('aria-label="Actions"', 'aria-label="操作"'),),
    "wagtailadmin/permissions/includes/collection_member_permissions_formset.html": (ADD,),
    "wagtailadmin/workflows/includes/workflow_pages_formset.html": (ADD,),
    "wagtailusers/groups/includes/page_permissions_formset.html": (ADD,),
}  # fmt: skip


# Moderation mails link to the admin through WAGTAILADMIN_BASE_URL, one value for the whole
# deployment; each region's mails must point at its own host (and the demo's port).
MAIL_BASE_URL = (
    '{% base_url_setting default="" as base_url %}',
    "{% load region_urls %}{% region_admin_base_url as base_url %}",
)
NOTIFICATIONS = "wagtailadmin/notifications/"


def patched(template_name: str, source: str) -> str:
    """The template with its patches, all or none (a half-applied patch could break it)."""
    patches = PATCHES.get(template_name, ())
    if template_name.startswith(NOTIFICATIONS):
        patches = (MAIL_BASE_URL,)
    if not all(english in source for english, _ in patches):
        return source
    for english, chinese in patches:
        source = source.replace(english, chinese)
    return source


class Loader(app_directories.Loader):
    """The apps' templates (as APP_DIRS would find them), with ``PATCHES`` applied."""

    def get_contents(self, origin):
        return patched(origin.template_name, super().get_contents(origin))
