"""Admin pages of the exchanges: export, upload → preview → confirm or cancel, job results."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.catalogue.exchange.preview import Preview
from core.domain.errors import DomainError

from .. import jobs
from ..kinds import EXCHANGES
from ..models import ImportJob
from . import access
from .forms import CatalogueExportForm, ListingExportForm, UploadForm

CHANGES_PER_PAGE = 100
EXPORT_FORMS = {
    ImportJob.Kind.CATALOGUE: CatalogueExportForm,
    ImportJob.Kind.LISTING: ListingExportForm,
}


def home_url(kind: str) -> str:
    return reverse("uploads_admin:home", args=[kind])


def job_url(job: ImportJob) -> str:
    return reverse("uploads_admin:job", args=[job.pk])


class ExchangeView(WagtailAdminTemplateMixin, TemplateView):
    """One page per exchange: export (all or a selection), upload, recent jobs."""

    template_name = "uploads/admin/exchange.html"
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        access.require_kind(request, kwargs["kind"])
        self.exchange = EXCHANGES[kwargs["kind"]]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.exchange.title}导入导出"

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, upload_form=None, **kwargs):
        kind = kwargs.pop("kind", self.exchange.kind)
        return super().get_context_data(
            kind=kind, title=self.exchange.title, export_form=EXPORT_FORMS[kind](),
            upload_form=upload_form or UploadForm(),
            jobs=access.jobs(self.request).filter(kind=kind).select_related("uploaded_by")[:20],
            **kwargs,
        )  # fmt: skip

    def post(self, request, kind):
        """The upload: stored, then previewed (here, or in a task for a large file)."""
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = jobs.accept(request.tenant, request.user, kind, form.cleaned_data["file"])
            except DomainError as error:
                form.add_error("file", str(error))
            else:
                jobs.start_preview(job)
                return redirect(job_url(job))
        messages.validation_error(request, "上传失败，请更正下列错误", form)
        return self.render_to_response(self.get_context_data(upload_form=form), status=400)


class JobMixin:
    def get_job(self) -> ImportJob:
        return access.job(self.request, self.kwargs["pk"])


class JobView(JobMixin, WagtailAdminTemplateMixin, TemplateView):
    """A job: its progress while it runs, then the preview (changes and problems) with the
    confirm and cancel buttons, or the result of the import."""

    template_name = "uploads/admin/job.html"
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        self.job = self.get_job()
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return f"导入{self.job.get_kind_display()}：{self.job.file_name}"

    def get_breadcrumbs_items(self):
        kind = self.job.kind
        return [{"url": home_url(kind), "label": f"{EXCHANGES[kind].title}导入导出"},
                {"url": "", "label": self.job.file_name}]  # fmt: skip

    def get_context_data(self, **kwargs):
        job = self.job
        preview = Preview.from_dict(job.preview) if job.preview else None
        page = None
        if preview and preview.changes:
            page = Paginator(preview.changes, CHANGES_PER_PAGE).get_page(self.request.GET.get("p"))
        done, total = jobs.progress(job)
        return super().get_context_data(
            job=job, preview=preview, changes=page, done=done, total=total,
            percent=round(100 * done / total) if total else 0,
            may_apply=access.may_apply(self.request.user, job.kind),
            status_url=reverse("uploads_admin:status", args=[job.pk]),
            home=home_url(job.kind), **kwargs,
        )  # fmt: skip


class JobStatusView(JobMixin, View):
    """Polled by the job page while the job runs."""

    def get(self, request, pk):
        job = self.get_job()
        done, total = jobs.progress(job)
        return JsonResponse({
            "state": job.state, "label": job.get_state_display(), "running": job.running,
            "done": done, "total": total,
        })  # fmt: skip


class ApplyView(JobMixin, View):
    def post(self, request, pk):
        job = self.get_job()
        if not access.may_apply(request.user, job.kind):
            raise PermissionDenied("确认导入需要审核权限（导入会直接发布）")
        preview = Preview.from_dict(job.preview) if job.preview else None
        if preview is None or not preview.changes:
            messages.warning(request, "没有需要导入的变化")
        elif not jobs.start_apply(job, request.user.get_username()):
            messages.warning(request, "该导入任务已确认或已取消")
        return redirect(job_url(job))


class CancelView(JobMixin, View):
    def post(self, request, pk):
        job = self.get_job()
        if jobs.cancel(job):
            messages.success(request, f"已取消导入“{job.file_name}”，未写入任何数据")
            return redirect(home_url(job.kind))
        messages.warning(request, "该导入任务已在进行或已完成，不能取消")
        return redirect(job_url(job))
