"""“查看在线办事指南”: from an entry in the admin to its live guide on the portal.

The guide follows a publish through the sync outbox (ADR 0004), usually within a second; until
the projection shows the entry's live version the clerk is told so instead of being sent to an
older guide or a 404.
"""

from django.shortcuts import redirect
from django.views import View
from wagtail.admin import messages

from core.published.models import PublishedGuide

from .views import ItemMixin, item_url


def live_guide(item, region) -> PublishedGuide | None:
    """The guide row of the entry if it shows the entry's live version."""
    if item.live_version_id is None:
        return None
    guide = PublishedGuide.objects.filter(region=region, entry_id=item.pk).only("url", "version")
    guide = guide.first()
    if guide is None or guide.version != item.live_version.number:
        return None
    return guide


class LiveGuideView(ItemMixin, View):
    def get(self, request, pk):
        item = self.get_item()
        if item.live_version_id is None:
            messages.warning(request, "该事项没有在线版本：发布后才有办事指南")
            return redirect(item_url(item))
        guide = live_guide(item, request.tenant)
        if guide is None:
            messages.info(
                request,
                f"办事指南正在更新到 v{item.live_version.number}（通常几秒钟内完成），请稍后再试",
            )
            return redirect(item_url(item))
        return redirect(guide.url)
