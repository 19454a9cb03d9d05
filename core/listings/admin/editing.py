"""Actions on one entry: edit local elements, submit, approve, reject/withdraw, suspend.

Each goes through ``core.listings.services``; DomainError problems are shown next to the fields
they name on the edit form, the others as messages."""

import json

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from wagtail.admin import messages

from core.catalogue.admin.problems import attach_problems
from core.domain.errors import DomainError

from .. import services
from . import access
from .forms import ALIASES, ItemForm
from .views import ItemMixin, crumbs, fixed_rows, item_url


def _user(request) -> str:
    return request.user.get_username()


def item_form(item, data=None) -> ItemForm:
    return ItemForm(data, elements=item.local_elements(), region=item.department.region)


def _based_on(request) -> tuple[str | None, dict]:
    """The revision and element digests the posted form was rendered from."""
    try:
        digests = json.loads(request.POST.get("based_on") or "{}")
    except ValueError:
        digests = {}
    return request.POST.get("revision") or None, digests if isinstance(digests, dict) else {}


def render_edit(request, item, form, status=200):
    title = f"编辑：{item.name}"
    revision, digests = _based_on(request) if request.method == "POST" else (None, None)
    return TemplateResponse(request, "listings/admin/item_form.html", {
        "based_on_revision": revision or item.revision,
        "based_on_digests": json.dumps(digests or item.element_digests()),
        "form": form, "item": item, "fixed": fixed_rows(item.base_version),
        "page_title": title, "header_title": title, "header_icon": "edit", "media": form.media,
        "action_url": reverse("listings_admin:edit", args=[item.pk]),
        "breadcrumbs_items": crumbs({"url": item_url(item), "label": item.name},
                                    {"url": "", "label": "编辑"}),
        "submit_button_label": "保存",
    }, status=status)  # fmt: skip


def show_problems(request, item, error: DomainError, intro: str, form=None, status=422):
    """The edit form with each problem next to its field, and all of them in one message."""
    form = form or item_form(item)
    unplaced = attach_problems(form, error.problems, ALIASES)
    listed = "；".join(p.message for p in error.problems)
    messages.error(request, f"{intro}（{len(error.problems)} 个问题）：{listed}")
    form.unplaced = unplaced
    return render_edit(request, item, form, status=status)


def submit(request, item, expected_revision=None):
    """Submit for review (another reviewer publishes it: four-eyes); problems on the form."""
    try:
        services.submit_item(item, _user(request), expected_revision=expected_revision)
    except DomainError as error:
        return show_problems(request, item, error, "不能提交审核")
    messages.success(request, "已提交审核，等待其他清单审核员审核")
    return redirect(item_url(item))


class EditItemView(ItemMixin, View):
    def get(self, request, pk):
        item = self.get_item()
        if item.state == item.State.REVIEW:
            messages.warning(request, "事项正在审核中，请先撤回再修改")
            return redirect(item_url(item))
        return render_edit(request, item, item_form(item))

    def post(self, request, pk):
        item = self.get_item()
        form = item_form(item, request.POST)
        if not form.is_valid():
            messages.validation_error(request, "请更正下列错误后再保存", form)
            return render_edit(request, item, form, status=400)
        revision, digests = _based_on(request)
        try:
            changed = services.update_item(
                item, form.elements(), _user(request), expected_revision=revision, based_on=digests
            )
        except DomainError as error:
            return show_problems(request, item, error, "不能保存", form=form, status=400)
        if request.POST.get("action") == "submit":
            return submit(request, item)
        messages.success(
            request, f"已保存（{len(changed)} 项要素有修改）" if changed else "没有修改"
        )
        return redirect(item_url(item))


class ItemActionView(ItemMixin, View):
    def post(self, request, pk):
        return self.act(request, self.get_item())


class SubmitItemView(ItemActionView):
    def act(self, request, item):
        return submit(request, item, expected_revision=request.POST.get("revision") or None)


class PublishItemView(ItemActionView):
    """审核通过: a new numbered version goes live."""

    def act(self, request, item):
        access.require_reviewer(request.user)
        try:
            version = services.publish_item(
                item, _user(request), expected_revision=request.POST.get("revision") or None
            )
        except DomainError as error:
            messages.error(request, f"不能发布：{error}")
        else:
            guide = reverse("listings_admin:guide", args=[item.pk])
            button = messages.button(guide, "查看在线办事指南", new_window=True)
            messages.success(request, f"已发布 v{version.number}，办事指南随即上线", [button])
        return redirect(item_url(item))


class WithdrawItemView(ItemActionView):
    """撤回 by the submitter, or 退回 (reject) by a reviewer: back to draft."""

    def act(self, request, item):
        if item.submitted_by != _user(request):
            access.require_reviewer(request.user)
        try:
            services.withdraw_item(item, _user(request))
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.warning(request, "已退回为草稿")
        return redirect(item_url(item))


class SuspendItemView(ItemActionView):
    """暂停: the entry and its guide go offline."""

    def act(self, request, item):
        access.require_reviewer(request.user)
        services.suspend_item(item, reason=request.POST.get("reason", ""), user=_user(request))
        messages.warning(request, "事项已暂停，办事指南已下线")
        return redirect(item_url(item))
