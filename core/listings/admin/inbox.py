"""同步收件箱: entries a new catalogue version changed under (outdated, conflicting, cancelled).

Each conflict shows what the catalogue changed (base → theirs) and what the county changed (base
→ ours) field by field (``conflicts``), with the catalogue version's 变更说明; it is decided as a
whole or, for a list element, row by row through ``core.listings.merge.resolve_conflict`` at the
revision the page showed. Outdated entries are re-confirmed by submitting (and, for a reviewer,
publishing) them again; the guide follows the published entry through the sync outbox."""

from django.db.models import Prefetch
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
from .conflicts import conflict_view
from .editing import submit
from .views import ItemMixin, item_url

CHOICES = {"ours": "保留本地", "theirs": "采用目录", "rows": "逐项处理"}
ROW_CHOICES = ("ours", "theirs")


class InboxView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "listings/admin/inbox.html"
    page_title = "同步收件箱"
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        open_conflicts = MergeConflict.objects.filter(resolved=False).select_related(
            "catalogue_version"
        )
        items = queries.inbox().prefetch_related(
            Prefetch("conflicts", queryset=open_conflicts, to_attr="open_conflicts")
        )
        entries = [
            {"item": item, "conflicts": [conflict_view(c, item) for c in item.open_conflicts]}
            for item in items
        ]
        return super().get_context_data(
            entries=entries, is_reviewer=access.is_reviewer(self.request.user), **kwargs
        )


def row_decisions(post) -> dict[int, str]:
    """{row number: ours | theirs} from the form's ``row-<n>`` radio buttons."""
    return {
        int(key[4:]): value
        for key, value in post.items()
        if key.startswith("row-") and key[4:].isdigit() and value in ROW_CHOICES
    }


class ResolveConflictView(View):
    def post(self, request, pk):
        conflict = get_object_or_404(MergeConflict.objects.select_related("item"), pk=pk)
        choice = request.POST.get("choice")
        if conflict.resolved or choice not in CHOICES:
            messages.error(request, "该冲突已处理或选择无效")
            return redirect("listings_admin:inbox")
        if not str(request.POST.get("revision", "")).isdigit():
            messages.error(request, "页面已过期，请刷新后重新处理该冲突")
            return redirect("listings_admin:inbox")
        try:
            item = resolve_conflict(
                conflict, choice, request.POST["revision"],
                request.user.get_username(), rows=row_decisions(request.POST),
            )  # fmt: skip
        except DomainError as error:
            messages.error(request, "；".join(p.message for p in error.problems))
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
