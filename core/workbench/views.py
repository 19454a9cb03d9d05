"""The region's entries breaking a publish rule, with every reason (linked from the home)."""

from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .violations import violations


class ViolationsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "workbench/violations.html"
    page_title = "不符合发布规则的清单事项"
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(violations=violations(self.request.tenant), **kwargs)
