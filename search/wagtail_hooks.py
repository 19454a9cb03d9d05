"""Admin: a province's own synonyms and best bets (搜索同义词, 搜索置顶), scoped to the province
of the admin's host; city and county admins see their province's entries."""

from django.http import Http404
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from tenants.current import province_of

from .models import BestBet, Synonym


def _province(request):
    return province_of(request.tenant)


class ProvinceCreateView(CreateView):
    def get_initial_form_instance(self):
        return self.model(province=_province(self.request))


class ProvinceEditView(EditView):
    def get_object(self, queryset=None):
        found = super().get_object(queryset)
        if found.province_id != _province(self.request).pk:
            raise Http404("不属于本省的搜索配置")
        return found


class ProvinceScoped(SnippetViewSet):
    add_view_class = ProvinceCreateView
    edit_view_class = ProvinceEditView

    def get_queryset(self, request):
        return self.model.objects.filter(province=_province(request))


class SynonymViewSet(ProvinceScoped):
    model = Synonym
    icon = "list-ul"
    menu_label = "同义词"
    form_fields = ["term", "official"]
    list_display = ["term", "official"]
    search_fields = None


class BestBetViewSet(ProvinceScoped):
    model = BestBet
    icon = "pick"
    menu_label = "置顶结果"
    form_fields = ["query", "code"]
    list_display = ["query", "code"]
    search_fields = None


class SearchGroup(SnippetViewSetGroup):
    menu_label = "统一搜索"
    menu_icon = "search"
    items = (SynonymViewSet, BestBetViewSet)


register_snippet(SearchGroup)
