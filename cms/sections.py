"""Section pages of the portal: indexes, department windows, 一件事 topics and search."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.domain import codes

from .routing import KnownRestrictions

LIFE_EVENT_CHOICES = [(e, e) for group in codes.LIFE_EVENTS.values() for e in group]


class IndexPage(KnownRestrictions, Page):
    """A section of the portal (办事指南, 部门窗口, 一件事) listing its live children."""

    intro = RichTextField("说明", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.RegionHomePage"]
    subpage_types = ["cms.GuidePage", "cms.DepartmentPage", "cms.TopicPage"]
    template = "cms/index_page.html"

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = self.get_children().live().order_by("title")
        return context


class DepartmentPage(KnownRestrictions, Page):
    """部门窗口: every live guide one department of the region implements, with its windows."""

    department_uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    intro = RichTextField("部门介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.IndexPage"]
    subpage_types = []
    template = "cms/department_page.html"

    class Meta:
        verbose_name = "部门窗口"
        verbose_name_plural = "部门窗口"

    def get_context(self, request, *args, **kwargs):
        from .portal import department_context

        context = super().get_context(request, *args, **kwargs)
        context.update(department_context(self, request))
        return context


class TopicPage(KnownRestrictions, Page):
    """一件事: several matters of one life event bundled in order, with one combined material
    list (no duplicates), total visits and total time. Matters come from the region and the
    regions above it; editors may fix the order by listing basic codes."""

    life_event = models.CharField("人生事件", max_length=16, choices=LIFE_EVENT_CHOICES)
    intro = RichTextField("说明", blank=True)
    matter_codes = models.TextField(
        "包含事项（基本编码，每行一个，按办理顺序）",
        blank=True,
        help_text="留空则包含本地区所有标注该人生事件的事项",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("life_event"),
        FieldPanel("intro"),
        FieldPanel("matter_codes"),
    ]
    parent_page_types = ["cms.IndexPage"]
    subpage_types = []
    template = "cms/topic_page.html"

    class Meta:
        verbose_name = "一件事"
        verbose_name_plural = "一件事"

    def code_list(self) -> list[str]:
        return [line.strip() for line in self.matter_codes.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from .portal import topic_context

        context = super().get_context(request, *args, **kwargs)
        context.update(topic_context(self, request))
        return context


class SearchPage(KnownRestrictions, Page):
    """The portal search: guides of the region and the regions above it, local ones first,
    filtered by audience, theme, department or life event (the facets the home links to)."""

    parent_page_types = ["cms.RegionHomePage"]
    subpage_types = []
    max_count = 1
    template = "cms/search_page.html"

    class Meta:
        verbose_name = "搜索"
        verbose_name_plural = "搜索"

    def get_context(self, request, *args, **kwargs):
        from .portal import search_context

        context = super().get_context(request, *args, **kwargs)
        context.update(search_context(self, request))
        return context
