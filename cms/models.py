"""Wagtail page models of a region's portal (the page tree is per tenant).

```
RegionHomePage          portal home
├── IndexPage guides     办事指南 → GuidePage (one per published entry, moderated)
├── IndexPage departments 部门窗口 → DepartmentPage
├── IndexPage topics     一件事 → TopicPage
└── SearchPage search    搜索
```
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .routing import KnownRestrictions


class RegionHomePage(KnownRestrictions, Page):
    """The portal home of one region: hot services, navigation by audience, department, theme
    and life event, the region switcher and a search box.

    The region itself (name, parent, children) is read from the tenant at render time, so a new
    child region appears on its parent's home without touching the parent's pages; guide lists
    come from the published-guide projection, so a county also lists its city's and province's.
    """

    intro = RichTextField("欢迎语", blank=True)
    hot_codes = models.TextField(
        "热门服务（基本编码，每行一个）",
        blank=True,
        help_text="留空则按评价数量自动选取",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("hot_codes")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.IndexPage", "cms.SearchPage"]
    max_count = 1
    template = "cms/region_home_page.html"

    class Meta:
        verbose_name = "区划门户首页"
        verbose_name_plural = "区划门户首页"

    def get_context(self, request, *args, **kwargs):
        from .home import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self, request))
        return context

    def hot_code_list(self) -> list[str]:
        return [line.strip() for line in self.hot_codes.splitlines() if line.strip()]


from .guide_page import GuideAttachment, GuideFAQ, GuidePage  # noqa: E402, F401
from .sections import DepartmentPage, IndexPage, SearchPage, TopicPage  # noqa: E402, F401
