"""Implementation-list admin (every tenant): list, entry page, claim, version comparison."""

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from core.catalogue.admin import display
from core.catalogue.models import FIXED_ELEMENTS
from core.domain import codes
from core.domain.errors import DomainError

from .. import services
from ..models import LOCAL_ELEMENTS, ImplementationItem
from . import access, queries
from .forms import ClaimForm


def crumbs(*items):
    return [{"url": reverse("listings_admin:index"), "label": "实施清单"}, *items]


def item_url(item) -> str:
    return reverse("listings_admin:item", args=[item.pk])


class ItemFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="状态", choices=ImplementationItem.State.choices, empty_label="全部"
    )
    sync_state = django_filters.ChoiceFilter(
        label="同步状态", choices=ImplementationItem.Sync.choices, empty_label="全部"
    )
    department = django_filters.ModelChoiceFilter(
        label="实施主体", queryset=lambda request: queries.departments(), empty_label="全部"
    )
    type = django_filters.ChoiceFilter(
        label="事项类型", field_name="base_version__type",
        choices=list(codes.MATTER_TYPES.items()), empty_label="全部",
    )  # fmt: skip

    class Meta:
        model = ImplementationItem
        fields = ["state", "sync_state", "department", "type"]


class ItemIndexView(BaseListingView):
    page_title = "实施清单"
    header_icon = "list-ul"
    paginate_by = 50
    is_searchable = True
    filterset_class = ItemFilterSet
    index_url_name = "listings_admin:index"
    index_results_url_name = "listings_admin:index_results"
    default_ordering = "implementation_code"
    verbose_name_plural = "清单事项"
    columns = [
        TitleColumn("name", label="事项名称", url_name="listings_admin:item"),
        Column("implementation_code", label="实施编码", sort_key="implementation_code"),
        Column("department", label="实施主体", accessor="department.short_name"),
        Column("level", label="行使层级", accessor="get_level_display"),
        StatusTagColumn(
            "state",
            label="状态",
            accessor="get_state_display",
            primary=lambda i: i.state == "published",
        ),
        Column("sync_state", label="同步状态", accessor="get_sync_state_display"),
        DateColumn("updated_at", label="更新时间", sort_key="updated_at"),
    ]

    def get_base_queryset(self):
        return queries.items()

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        q = self.search_query
        return queryset.filter(
            Q(implementation_code__icontains=q) | Q(base_version__name__icontains=q)
            | Q(aliases__icontains=q) | Q(base_version__aliases__icontains=q)
        )  # fmt: skip

    def get_header_buttons(self):
        return [HeaderButton("认领事项", reverse("listings_admin:claim"), icon_name="plus")]


class ItemMixin:
    """Views about one entry of this tenant (its own schema: another tenant's pk is a 404)."""

    def get_item(self) -> ImplementationItem:
        return get_object_or_404(queries.items(), pk=self.kwargs["pk"])


def fixed_rows(version) -> list[tuple[str, str]]:
    elements = version.fixed_elements()
    return [(display.label(n), display.format_value(n, elements[n])) for n in FIXED_ELEMENTS]


class ItemDetailView(ItemMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "listings/admin/item_detail.html"
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        self.item = self.get_item()
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return self.item.name

    def get_breadcrumbs_items(self):
        return crumbs({"url": "", "label": self.item.name})

    def get_context_data(self, **kwargs):
        item = self.item
        local = item.local_elements()
        region = item.department.region
        labels = dict(queries.window_choices(region, local["windows"]))
        labels.update(queries.service_point_choices(region, local["service_points"]))
        for name in ("windows", "service_points"):
            local[name] = [labels.get(ref, ref) for ref in local[name]]
        names = [n for n in LOCAL_ELEMENTS if n != "materials"]
        return super().get_context_data(
            item=item, fixed=fixed_rows(item.base_version),
            local=[(display.label(n), display.format_value(n, local[n])) for n in names],
            materials=display.material_rows(item.materials),
            versions=item.versions.all(), history=item.code_history.all(),
            conflicts=item.conflicts.filter(resolved=False),
            is_reviewer=access.is_reviewer(self.request.user), **kwargs,
        )  # fmt: skip


class CompareItemView(ItemMixin, WagtailAdminTemplateMixin, TemplateView):
    """Two published versions of an entry side by side (?a=<id>&b=<id>)."""

    template_name = "listings/admin/compare.html"
    header_icon = "history"
    page_title = "清单版本对比"

    def get(self, request, *args, **kwargs):
        self.item = self.get_item()
        versions = self.item.versions.all()
        newest = list(versions.values_list("pk", flat=True))
        if not newest:
            messages.warning(request, "该事项尚未发布过，没有可对比的版本")
            return redirect(item_url(self.item))
        self.a = get_object_or_404(
            versions, pk=_pk(request.GET.get("a")) or (newest[1:] or newest)[0]
        )
        self.b = get_object_or_404(versions, pk=_pk(request.GET.get("b")) or newest[0])
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return crumbs({"url": item_url(self.item), "label": self.item.name},
                      {"url": "", "label": self.page_title})  # fmt: skip

    def get_context_data(self, **kwargs):
        rows = services.compare_item_versions(self.a, self.b)
        for row in rows:
            prefix = "固定：" if row["group"] == "fixed" else ""
            row["label"] = prefix + display.label(row["element"])
        return super().get_context_data(
            item=self.item, a=self.a, b=self.b, rows=display.compare_rows(rows),
            versions=self.item.versions.all(), changed=sum(r["changed"] for r in rows),
            left=f"v{self.a.number}", right=f"v{self.b.number}", **kwargs,
        )  # fmt: skip


def _pk(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


class ClaimView(View):
    """认领事项: claim a matter of the province's catalogue for a department of this region."""

    title = "认领事项"

    def render(self, form, status=200):
        return TemplateResponse(self.request, "listings/admin/claim.html", {
            "form": form, "page_title": self.title, "header_title": self.title,
            "header_icon": "plus", "action_url": reverse("listings_admin:claim"),
            "breadcrumbs_items": crumbs({"url": "", "label": self.title}),
            "submit_button_label": "认领", "media": form.media,
        }, status=status)  # fmt: skip

    def get(self, request):
        return self.render(ClaimForm(region=request.tenant))

    def post(self, request):
        form = ClaimForm(request.POST, region=request.tenant)
        if not form.is_valid():
            messages.validation_error(request, "请更正下列错误", form)
            return self.render(form, status=400)
        data = form.cleaned_data
        try:
            item = services.claim_matter(data["matter"], data["department"], data["level"],
                                         request.user.get_username())  # fmt: skip
        except DomainError as error:
            from core.catalogue.admin.problems import attach_problems

            aliases = {"basic_code": "matter"}
            for problem in attach_problems(form, error.problems, aliases):
                messages.error(request, problem.message)
            return self.render(form, status=422)
        messages.success(request, f"已认领，实施编码 {item.implementation_code}；请完善清单要素")
        return redirect("listings_admin:edit", pk=item.pk)
