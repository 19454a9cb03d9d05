"""Admin: a province's own concept-dictionary entries and best bets (词典条目, 置顶结果).

Only a province tenant's admin manages them, and only its own province's entries. The rows live
in the public schema, so every way in is scoped: each URL of the snippet viewsets and their
choosers is guarded (an entry of another province, by id, is a 404), lists and choosers show the
province's entries only, the forms have no 省份 field, and bulk delete acts on the province's
entries only. City and county admins do not see the menu and get 404 everywhere.
"""

from functools import cached_property, wraps

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import (
    CopyView,
    CreateView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from tenants.models import Region

from .models import BestBet, Synonym

NOT_PROVINCE = "统一搜索的同义词和置顶结果只能由省级管理员维护本省的配置"


def admin_province(request) -> Region | None:
    """The province whose admin this is (None on a city, county or system host)."""
    tenant = getattr(request, "tenant", None)
    if isinstance(tenant, Region) and tenant.level == Region.Level.PROVINCE:
        return tenant
    return None


def province_entries(request, model):
    """The entries of ``model`` this admin may see and change: its own province's only."""
    province = admin_province(request)
    if province is None:
        raise Http404(NOT_PROVINCE)
    return model.objects.filter(province=province)


def guarded(view, model):
    """Wrap an admin view: 404 outside a province admin and for another province's id."""

    @wraps(view)
    def guarded_view(request, *args, **kwargs):
        entries = province_entries(request, model)
        if "pk" in kwargs:
            pk = unquote(str(kwargs["pk"]))
            if not pk.isdigit() or not entries.filter(pk=pk).exists():
                raise Http404("不属于本省的搜索配置")
        return view(request, *args, **kwargs)

    return guarded_view


def guard_patterns(patterns, model):
    for pattern in patterns:
        pattern.callback = guarded(pattern.callback, model)
    return patterns


class ProvinceCreateView(CreateView):
    """Create in the admin's province. ``prefill`` maps GET parameters to fields, so a link from
    a failing query opens the form filled in (``?terms=开饭店``, ``?query=开饭店``)."""

    prefill: dict[str, str] = {}

    def get_initial_form_instance(self):
        instance = self.model(province=admin_province(self.request))
        for parameter, field in self.prefill.items():
            value = self.request.GET.get(parameter, "").strip()
            if value and self.request.method == "GET":
                max_length = self.model._meta.get_field(field).max_length
                setattr(instance, field, value[:max_length])
        return instance


class SynonymCreateView(ProvinceCreateView):
    prefill = {"terms": "term", "keywords": "official", "codes": "codes"}


class BestBetCreateView(ProvinceCreateView):
    prefill = {"query": "query", "code": "code"}


class ProvinceCopyView(CopyView):
    """Copy into a new row (Wagtail's copy form is bound to the original and would update it)."""

    def get_initial_form_instance(self):
        copy = self.get_object()
        copy.pk = None
        copy._state.adding = True
        return copy


class ProvinceChooseMixin:
    def get_object_list(self):
        return province_entries(self.request, self.model_class)


class ProvinceChooseView(ProvinceChooseMixin, ChooseView):
    pass


class ProvinceChooseResultsView(ProvinceChooseMixin, ChooseResultsView):
    pass


class ProvinceChooserViewSet(SnippetChooserViewSet):
    """Chooser of the province's own entries; no creation from the chooser."""

    choose_view_class = ProvinceChooseView
    choose_results_view_class = ProvinceChooseResultsView

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if p.name != "create"]
        return guard_patterns(patterns, self.model)


class ProvinceMenuItemMixin:
    def is_shown(self, request):
        return admin_province(request) is not None and super().is_shown(request)


class ProvinceScoped(SnippetViewSet):
    add_view_class = ProvinceCreateView
    copy_view_class = ProvinceCopyView
    chooser_viewset_class = ProvinceChooserViewSet

    def get_queryset(self, request):
        return province_entries(request, self.model)

    def get_urlpatterns(self):
        return guard_patterns(super().get_urlpatterns(), self.model)

    @cached_property
    def menu_item_class(self):
        base = super().menu_item_class
        return type(f"Province{base.__name__}", (ProvinceMenuItemMixin, base), {})


class SynonymViewSet(ProvinceScoped):
    model = Synonym
    icon = "list-ul"
    menu_label = "词典条目"
    add_view_class = SynonymCreateView
    panels = [FieldPanel("term"), FieldPanel("official"), FieldPanel("codes")]
    list_display = ["term", "official", "codes"]
    search_fields = None


class BestBetViewSet(ProvinceScoped):
    model = BestBet
    add_view_class = BestBetCreateView
    icon = "pick"
    menu_label = "置顶结果"
    panels = [FieldPanel("query"), FieldPanel("code")]
    list_display = ["query", "code"]
    search_fields = None


class SearchGroup(SnippetViewSetGroup):
    menu_label = "统一搜索"
    menu_icon = "search"
    items = (SynonymViewSet, BestBetViewSet)


register_snippet(SearchGroup)


class ProvinceDeleteBulkAction(DeleteBulkAction):
    """Bulk delete of search settings: the province's own entries only (others are a 404)."""

    models = [Synonym, BestBet]

    def get_actionable_objects(self):
        if not hasattr(self, "_scoped_objects"):
            entries = province_entries(self.request, self.model)
            wanted = self.request.GET.getlist("id")
            if "all" not in wanted:
                ids = {unquote(i) for i in wanted}
                if not all(i.isdigit() for i in ids) or entries.filter(pk__in=ids).count() != len(
                    ids
                ):
                    raise Http404("不属于本省的搜索配置")
                entries = entries.filter(pk__in=ids)
            objects = list(entries)
            allowed = [o for o in objects if self.check_perm(o)]
            denied = [o for o in objects if not self.check_perm(o)]
            self._scoped_objects = allowed, {"items_with_no_access": denied}
        return self._scoped_objects


# After Wagtail's own snippet bulk actions, so that this one replaces "delete" for these models.
hooks.register("register_bulk_action", ProvinceDeleteBulkAction, order=100)


def snippets_home(request):
    """/admin/snippets/: Wagtail's page counts every province's rows; send a province admin to
    its own dictionary entries instead, anyone else gets a 404."""
    province_entries(request, Synonym)
    return redirect(reverse(Synonym.snippet_viewset.get_url_name("list")))


@hooks.register("register_admin_urls", order=-1)
def register_snippets_home():
    # Before wagtail.snippets' own URL for the same path (order -1), so this one answers.
    return [path("snippets/", snippets_home, name="search_snippets_home")]


# Audit: Wagtail logs the create/edit/delete of these snippets itself; an edit also gets an entry
# with what changed (before/after), which Wagtail's own edit entry does not carry.
def _setting_values(instance) -> dict:
    from django.forms.models import model_to_dict

    return {k: v for k, v in model_to_dict(instance).items() if k != "id"}


@hooks.register("before_edit_snippet")
def remember_search_setting(request, instance):
    if isinstance(instance, (Synonym, BestBet)) and request.method == "POST":
        request.audit_before = _setting_values(instance)


@hooks.register("after_edit_snippet")
def log_search_setting_change(request, instance):
    from core.audit.log import changes_between, record

    before = getattr(request, "audit_before", None)
    if before is None or not isinstance(instance, (Synonym, BestBet)):
        return
    changes = changes_between(before, _setting_values(instance))
    if changes:
        record(instance, "zwfw.search.edit", request.user.get_username(), changes)
