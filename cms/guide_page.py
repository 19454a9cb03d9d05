"""The 办事指南 page: one per published implementation entry of the region."""

from django.db import models
from django.shortcuts import redirect
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class GuidePage(Page):
    """The public guide of one published 实施清单 entry.

    Created and updated automatically when the entry is published (``cms.guides``): the entry's
    snapshot (fixed elements from its catalogue version + local elements) is stored in
    ``snapshot`` and rendered as is. Editors add notes, attachments (blank forms, samples) and
    FAQs; their changes go through the region's moderation workflow. Publishing the page writes
    its row in the published-guide projection.
    """

    entry_id = models.PositiveIntegerField("实施清单事项ID", unique=True)
    implementation_code = models.CharField("实施编码", max_length=31, db_index=True)
    basic_code = models.CharField("基本编码", max_length=12, db_index=True)
    department_uscc = models.CharField("实施主体统一社会信用代码", max_length=18, db_index=True)
    entry_version = models.PositiveIntegerField("清单版本号")
    snapshot = models.JSONField("清单要素快照")
    notes = RichTextField("补充说明", blank=True)

    content_panels = [
        MultiFieldPanel(
            [
                FieldPanel("title", read_only=True),
                FieldPanel("implementation_code", read_only=True),
                FieldPanel("entry_version", read_only=True),
            ],
            heading="实施清单（由清单发布自动更新，不可在此修改）",
        ),
        FieldPanel("notes"),
        InlinePanel("attachments", label="附件（空白表格、示例样表）"),
        InlinePanel("extra_faqs", label="补充常见问题"),
    ]
    promote_panels = []
    parent_page_types = ["cms.IndexPage"]
    subpage_types = []
    template = "cms/guide_page.html"

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"

    def get_context(self, request, *args, **kwargs):
        from .guide_view import guide_context

        context = super().get_context(request, *args, **kwargs)
        context.update(guide_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            from .guide_view import handle_rating

            outcome = handle_rating(self, request)
            if outcome is None:
                return redirect(f"{self.url}?rated=1#rating")
            request.rating_errors = outcome
            response = super().serve(request, *args, **kwargs)
            response.status_code = 400
            return response
        return super().serve(request, *args, **kwargs)


class GuideAttachment(Orderable):
    """A downloadable file of a guide: a blank form, a filled-in sample or another document."""

    KINDS = [("blank", "空白表格"), ("sample", "示例样表"), ("other", "其他附件")]
    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类型", max_length=8, choices=KINDS, default="blank")
    title = models.CharField("名称", max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name="文件"
    )

    panels = [FieldPanel("kind"), FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"


class GuideFAQ(Orderable):
    """A question and answer an editor adds beside the entry's own 常见问题."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="extra_faqs")
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("解答")

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "常见问题"
