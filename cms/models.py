"""Wagtail page models of a region's portal."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class RegionHomePage(Page):
    """The portal home of one region: its name, the region switcher and a welcome text.

    The region itself (name, parent, children) is read from the tenant at render time, so a new
    child region appears on its parent's home without touching the parent's pages.
    """

    intro = RichTextField("欢迎语", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "cms/region_home_page.html"

    class Meta:
        verbose_name = "区划门户首页"
        verbose_name_plural = "区划门户首页"

    def get_context(self, request, *args, **kwargs):
        from .regions import region_switcher

        context = super().get_context(request, *args, **kwargs)
        context["switcher"] = region_switcher(request.tenant, request)
        return context
