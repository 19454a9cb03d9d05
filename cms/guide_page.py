"""The 办事指南 page: one per published implementation entry of the region."""

from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .routing import KnownRestrictions

# Owned by the guide sync (cms.guides.match_page), not by revisions: restoring or approving an
# old revision never brings back an old name or code.
SYNC_OWNED_FIELDS = (
    "title", "draft_title", "slug", "url_path", "entry_id", "implementation_code", "basic_code",
    "department_uscc",
)  # fmt: skip


class GuidePage(KnownRestrictions, Page):
    """The public guide of one published 实施清单 entry.

    The guide's facts are never stored here: the page renders its entry's published version by
    reference, through the projection row that ``core.published.sync`` writes from it. The page
    exists for routing and for the editors' own additions (notes, attachments, FAQs), which go
    through the region's moderation workflow and are projected with the guide once approved.
    The sync alone creates the page and switches it on or off with its entry.
    """

    entry_id = models.PositiveIntegerField("实施清单事项ID", unique=True)
    implementation_code = models.CharField("实施编码", max_length=31, db_index=True)
    basic_code = models.CharField("基本编码", max_length=12, db_index=True)
    department_uscc = models.CharField("实施主体统一社会信用代码", max_length=18, db_index=True)
    notes = RichTextField("补充说明", blank=True)

    content_panels = [
        MultiFieldPanel(
            [
                FieldPanel("title", read_only=True),
                FieldPanel("implementation_code", read_only=True),
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

    def with_content_json(self, content):
        """A revision restores the editors' additions only; identity stays as synced."""
        page = super().with_content_json(content)
        for name in SYNC_OWNED_FIELDS:
            setattr(page, name, getattr(self, name))
        return page

    def additions(self, root_url: str = "") -> dict:
        """The editors' additions of this page object (live row, or a revision in preview)."""
        return {
            "notes": self.notes or "",
            "attachments": [
                {"kind": a.kind, "kind_label": a.get_kind_display(), "title": a.title,
                 "material": a.material, "url": root_url + a.download_path(),
                 "filename": a.document.filename}
                for a in self.attachments.all()
            ],
            "faqs": [{"question": f.question, "answer": f.answer} for f in self.extra_faqs.all()],
        }  # fmt: skip

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
    title = models.CharField(
        "名称", max_length=200, help_text="下载时的文件名，如：居民身份证申领登记表"
    )
    material = models.CharField(
        "对应申请材料",
        max_length=200,
        blank=True,
        help_text="填写申请材料名称（与指南中的材料名称一致），表格将显示在该材料下；留空则列在“表格下载”中",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name="文件"
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("material"),
        FieldPanel("title"),
        FieldPanel("document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "附件"

    def download_path(self) -> str:
        """The portal's download URL: the file under this attachment's title (cms.downloads)."""
        from .downloads import download_name

        name = download_name(self.title, self.document.filename)
        return reverse("portal:attachment", args=[self.document_id, name])


class GuideFAQ(Orderable):
    """A question and answer an editor adds beside the entry's own 常见问题."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="extra_faqs")
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("解答")

    panels = [FieldPanel("question"), FieldPanel("answer")]

    class Meta(Orderable.Meta):
        verbose_name = "常见问题"
