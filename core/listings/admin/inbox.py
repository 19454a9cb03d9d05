"""同步收件箱: entries a new catalogue version changed under (outdated, conflicting, cancelled).

Conflicts are shown base / theirs / ours side by side and resolved through
``core.listings.merge.resolve_conflict``; outdated entries are re-confirmed by submitting
(and, for a reviewer, publishing) them again."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.catalogue.admin import display
from core.domain.errors import DomainError

from ..merge import resolve_conflict
from ..models import MergeConflict
from . import access, queries
from .editing import submit
from .views import ItemMixin, item_url

CHOICES = {"ours": "保留本地", "theirs": "采用目录"}


class InboxView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "listings/admin/inbox.html"
    page_title = "同步收件箱"
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        entries = []
        for item in queries.inbox():
            conflicts = [
                {"conflict": c, "label": display.label(c.element),
                 "base": display.format_value(c.element, c.base),
                 "theirs": display.format_value(c.element, c.theirs),
                 "ours": display.format_value(c.element, c.ours)}
                for c in item.conflicts.filter(resolved=False).select_related("catalogue_version")
            ]  # fmt: skip
            entries.append({"item": item, "conflicts": conflicts})
        return super().get_context_data(
            entries=entries, is_reviewer=access.is_reviewer(self.request.user), **kwargs
        )


class ResolveConflictView(View):
    def post(self, request, pk):
        conflict = get_object_or_404(MergeConflict.objects.select_related("item"), pk=pk)
        choice = request.POST.get("choice")
        if conflict.resolved or choice not in CHOICES:
            messages.error(request, "该冲突已处理或选择无效")
            return redirect("listings_admin:inbox")
        try:
            item = resolve_conflict(
                conflict, choice, request.POST.get("revision") or None, request.user.get_username()
            )
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("listings_admin:inbox")
        messages.success(
            request, f"“{item.name}”的{display.label(conflict.element)}：已{CHOICES[choice]}"
        )
        return redirect(get_valid_next_url_from_request(request) or reverse("listings_admin:inbox"))


class ReconfirmView(ItemMixin, View):
    """确认并提交审核: the entry on its new catalogue version goes through review again; another
    reviewer publishes it (four-eyes), or a reviewer confirms an entry someone else submitted."""

    def post(self, request, pk):
        item = self.get_item()
        if item.state == item.State.REVIEW:
            if not access.is_reviewer(request.user):
                messages.info(request, "已在审核中")
                return redirect(item_url(item))
            from .editing import PublishItemView

            return PublishItemView().act(request, item)
        return submit(request, item)
