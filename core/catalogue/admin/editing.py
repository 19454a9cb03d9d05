"""Catalogue admin actions: new version, edit draft, submit, publish, reject, new local matter.

Every change goes through ``core.catalogue.services``; its DomainError problems are shown next to
the fields they name (or as messages)."""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from wagtail.admin import messages

from core.domain.errors import DomainError

from .. import services
from . import access
from .forms import ALIASES, NewMatterForm, RejectForm, VersionForm
from .views import MatterMixin, ProvinceOnlyMixin, crumbs


def _user(request) -> str:
    return request.user.get_username()


def matter_url(matter) -> str:
    return reverse("catalogue_admin:matter", args=[matter.pk])


def show_problems(request, form, error: DomainError, intro: str) -> None:
    """Field errors on the form, plus one message listing every problem."""
    from .problems import attach_problems

    attach_problems(form, error.problems, ALIASES)
    lines = "；".join(str(p) if p.field else p.message for p in error.problems)
    messages.error(request, f"{intro}：{lines}")


def render_form(request, matter, form, *, title, action_url, version=None, status=200):
    return TemplateResponse(request, "catalogue/admin/version_form.html", {
        "form": form, "matter": matter, "version": version, "action_url": action_url,
        "page_title": title, "header_title": title, "header_icon": "edit", "media": form.media,
        "breadcrumbs_items": crumbs(
            *([{"url": matter_url(matter), "label": matter.basic_code}] if matter else []),
            {"url": "", "label": title}),
        "submit_button_label": "保存草稿",
    }, status=status)  # fmt: skip


class StartVersionView(MatterMixin, View):
    """“新建版本”: the open draft, or a new one copied from the current version."""

    def post(self, request, pk):
        matter = self.get_matter()
        access.require_editable(matter)
        try:
            services.start_version(matter, _user(request))
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(matter_url(matter))
        return redirect("catalogue_admin:edit", pk=matter.pk)


class EditDraftView(MatterMixin, View):
    """Edit the open draft; “提交审核” saves and submits in one go."""

    def dispatch(self, request, *args, **kwargs):
        access.require_province(request)
        self.matter = self.get_matter()
        access.require_editable(self.matter)
        self.version = services.open_draft(self.matter)
        if self.version is None:
            messages.warning(request, "该事项没有草稿，请先点击“新建版本”")
            return redirect(matter_url(self.matter))
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200):
        title = f"编辑 v{self.version.number} {self.version.name}"
        url = reverse("catalogue_admin:edit", args=[self.matter.pk])
        return render_form(self.request, self.matter, form, title=title, action_url=url,
                           version=self.version, status=status)  # fmt: skip

    def get(self, request, pk):
        return self.render(VersionForm(elements=_form_values(self.version)))

    def post(self, request, pk):
        form = VersionForm(request.POST, elements=_form_values(self.version))
        if not form.is_valid():
            messages.validation_error(request, "请更正下列错误后再保存", form)
            return self.render(form, status=400)
        try:
            services.update_draft(self.version, form.elements(), _user(request))
        except DomainError as error:
            show_problems(request, form, error, "不能保存")
            return self.render(form, status=409)
        if request.POST.get("action") != "submit":
            messages.success(request, f"草稿 v{self.version.number} 已保存")
            return redirect(matter_url(self.matter))
        return submit(request, self.matter, self.version)


def _form_values(version) -> dict:
    return {**version.elements(), "change_note": version.change_note}


def submit(request, matter, version):
    """Submit a draft for review; refused with the problems shown on the edit form."""
    try:
        services.submit_version(version, _user(request))
    except DomainError as error:
        form = VersionForm(elements=_form_values(version))
        show_problems(request, form, error, "不能提交审核")
        url = reverse("catalogue_admin:edit", args=[matter.pk])
        title = f"编辑 v{version.number} {version.name}"
        return render_form(request, matter, form, title=title, action_url=url, version=version,
                           status=422)  # fmt: skip
    messages.success(request, f"v{version.number} 已提交审核")
    return redirect(matter_url(matter))


class VersionActionView(MatterMixin, View):
    """Base of the POST actions on one version of the matter."""

    def post(self, request, pk, version_pk):
        matter = self.get_matter()
        access.require_editable(matter)
        version = get_object_or_404(matter.versions, pk=version_pk)
        return self.act(request, matter, version)


class SubmitVersionView(VersionActionView):
    def act(self, request, matter, version):
        return submit(request, matter, version)


class PublishVersionView(VersionActionView):
    def act(self, request, matter, version):
        access.require_reviewer(request.user)
        if version.state != "review":
            messages.error(request, f"v{version.number} 不在审核中，不能发布")
            return redirect(matter_url(matter))
        try:
            services.publish_version(version, _user(request))
        except DomainError as error:
            messages.error(request, f"不能发布：{error}")
        else:
            messages.success(request, f"v{version.number} 已发布，认领该事项的地区将收到更新")
        return redirect(matter_url(matter))


class RejectVersionView(VersionActionView):
    def act(self, request, matter, version):
        access.require_reviewer(request.user)
        form = RejectForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            services.reject_version(version, _user(request), note)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.warning(request, f"v{version.number} 已退回修改")
        return redirect(matter_url(matter))


class CreateMatterView(ProvinceOnlyMixin, View):
    """A new locally-set matter (version 1 as a draft)."""

    title = "新建地方事项"

    def render(self, form, status=200):
        url = reverse("catalogue_admin:create")
        return render_form(self.request, None, form, title=self.title, action_url=url,
                           status=status)  # fmt: skip

    def get(self, request):
        return self.render(NewMatterForm(elements={"status": "在用", "case_type": "2"}))

    def post(self, request):
        form = NewMatterForm(request.POST, elements={})
        if not form.is_valid():
            messages.validation_error(request, "请更正下列错误", form)
            return self.render(form, status=400)
        code = form.cleaned_data["basic_code"].strip().upper()
        try:
            matter = services.create_matter(request.tenant, code, form.elements(), _user(request))
        except DomainError as error:
            show_problems(request, form, error, "不能创建事项")
            return self.render(form, status=422)
        messages.success(request, f"事项 {code} 已创建（v1 草稿）")
        return redirect(matter_url(matter))
