"""Catalogue admin (province tenants only): matter list, matter page, version comparison."""

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from core.domain import codes

from .. import services
from ..models import Claim, Matter, MatterVersion
from . import access, display

HOME = {"url": "", "label": "基本目录"}


class ProvinceOnlyMixin:
    """Every catalogue view: 404 outside a province tenant."""

    def dispatch(self, request, *args, **kwargs):
        access.require_province(request)
        return super().dispatch(request, *args, **kwargs)


def crumbs(*items):
    return [{"url": reverse("catalogue_admin:index"), "label": "基本目录"}, *items]


class MatterFilterSet(WagtailFilterSet):
    type = django_filters.ChoiceFilter(
        label="事项类型", field_name="current_version__type",
        choices=list(codes.MATTER_TYPES.items()), empty_label="全部",
    )  # fmt: skip
    status = django_filters.ChoiceFilter(
        label="事项状态", field_name="current_version__status",
        choices=[(s, s) for s in codes.STATUSES], empty_label="全部",
    )  # fmt: skip
    department = django_filters.CharFilter(
        label="主管部门", field_name="current_version__department", lookup_expr="icontains"
    )
    is_national = django_filters.BooleanFilter(label="国家目录事项")
    in_review = django_filters.BooleanFilter(label="有待审核的版本", method="filter_in_review")

    class Meta:
        model = Matter
        fields = ["type", "status", "department", "is_national", "in_review"]

    def filter_in_review(self, queryset, name, value):
        if value is None:
            return queryset
        pending = MatterVersion.objects.filter(state=MatterVersion.State.REVIEW).values("matter_id")
        return queryset.filter(pk__in=pending) if value else queryset.exclude(pk__in=pending)


def _indented_name(matter: Matter) -> str:
    name = matter.name or f"（草稿）{matter.versions.first().name}"
    return f"└ {name}" if matter.parent_id else name


def _type_text(matter: Matter) -> str:
    version = matter.current_version
    return display.format_value("type", version.type) if version else "—"


def _version_text(matter: Matter) -> str:
    return f"v{matter.current_version.number}" if matter.current_version else "未发布"


class MatterIndexView(ProvinceOnlyMixin, BaseListingView):
    """All matters of the province, main items followed by their sub-items."""

    page_title = "基本目录"
    header_icon = "list-ul"
    paginate_by = 50
    is_searchable = True
    filterset_class = MatterFilterSet
    index_url_name = "catalogue_admin:index"
    index_results_url_name = "catalogue_admin:index_results"
    default_ordering = "basic_code"
    verbose_name_plural = "目录事项"
    columns = [
        Column("basic_code", label="基本编码", sort_key="basic_code", width="12em"),
        TitleColumn(
            "name", label="事项名称", accessor=_indented_name, url_name="catalogue_admin:matter"
        ),
        Column("type", label="事项类型", accessor=_type_text),
        Column("department", label="主管部门", accessor="current_version.department"),
        StatusTagColumn("status", label="状态", primary=lambda m: m.status == "在用"),
        Column("origin", label="来源", accessor=lambda m: "国家目录" if m.is_national else "地方"),
        Column("version", label="现行版本", accessor=_version_text),
    ]

    def get_base_queryset(self):
        return access.matters(self.request).select_related("current_version")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        q = self.search_query
        return queryset.filter(
            Q(basic_code__icontains=q) | Q(versions__name__icontains=q)
            | Q(versions__aliases__icontains=q)
        ).distinct()  # fmt: skip

    def get_header_buttons(self):
        return [HeaderButton("新建地方事项", reverse("catalogue_admin:create"), icon_name="plus")]


class MatterMixin(ProvinceOnlyMixin):
    """Views about one matter of the province (another province's pk is a 404)."""

    def get_matter(self) -> Matter:
        return get_object_or_404(access.matters(self.request), pk=self.kwargs["pk"])


class MatterDetailView(MatterMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "catalogue/admin/matter_detail.html"
    header_icon = "doc-full"

    def get(self, request, *args, **kwargs):
        self.matter = self.get_matter()
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.matter.basic_code} {self.matter.name or '（未发布）'}"

    def get_breadcrumbs_items(self):
        return crumbs({"url": "", "label": self.get_page_title()})

    def get_context_data(self, **kwargs):
        matter = self.matter
        versions = list(matter.versions.order_by("-number"))
        shown = matter.current_version or (versions[0] if versions else None)
        return super().get_context_data(
            matter=matter, version=shown, versions=versions, draft=services.open_draft(matter),
            is_reviewer=access.is_reviewer(self.request.user),
            claims=Claim.objects.filter(matter=matter).select_related("region", "department"),
            rows=_version_rows(shown) if shown else [],
            materials=display.material_rows(shown.materials if shown else []),
            elements_heading=f"v{shown.number}（{shown.get_state_display()}）要素" if shown else "",
            **kwargs,
        )  # fmt: skip


def _version_rows(version: MatterVersion) -> list[tuple[str, str]]:
    """Label and text of the simple elements of a version (tables show the list elements)."""
    names = ("type", "levels", "department", "service_objects", "themes", "life_events",
             "aliases", "statutory_limit", "status", "effective_date", "cancel_date",
             "case_type", "conditions", "result", "fee", "description")  # fmt: skip
    elements = version.elements()
    return [(display.label(n), display.format_value(n, elements[n])) for n in names]


def _pk(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _notes_between(a: MatterVersion, b: MatterVersion):
    """The versions after the older one up to the newer one: their 变更说明 say why the
    compared versions differ."""
    low, high = sorted((a.number, b.number))
    return a.matter.versions.filter(number__gt=low, number__lte=high).order_by("number")


class CompareView(MatterMixin, WagtailAdminTemplateMixin, TemplateView):
    """Two versions of a matter side by side (?a=<version id>&b=<version id>)."""

    template_name = "catalogue/admin/compare.html"
    header_icon = "history"
    page_title = "版本对比"

    def get(self, request, *args, **kwargs):
        self.matter = self.get_matter()
        versions = self.matter.versions.all()
        newest = list(versions.order_by("-number").values_list("pk", flat=True))
        self.a = get_object_or_404(
            versions, pk=_pk(request.GET.get("a")) or (newest[1:] or newest)[0]
        )
        self.b = get_object_or_404(versions, pk=_pk(request.GET.get("b")) or newest[0])
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        matter_url = reverse("catalogue_admin:matter", args=[self.matter.pk])
        return crumbs({"url": matter_url, "label": self.matter.basic_code},
                      {"url": "", "label": self.page_title})  # fmt: skip

    def get_context_data(self, **kwargs):
        rows = display.compare_rows(services.compare_versions(self.a, self.b))
        return super().get_context_data(
            matter=self.matter, a=self.a, b=self.b, rows=rows,
            versions=self.matter.versions.order_by("-number"),
            changed=sum(row["changed"] for row in rows), notes=_notes_between(self.a, self.b),
            left=f"v{self.a.number}（{self.a.get_state_display()}）",
            right=f"v{self.b.number}（{self.b.get_state_display()}）", **kwargs,
        )  # fmt: skip
