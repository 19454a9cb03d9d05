"""The read model: one row per live service guide across all tenants (public schema).

Written and removed only by ``core.published.sync.sync_guide``, which makes the row match the
current state of its entry, region and page. The portal, unified search and the GraphQL API
read only this table.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

from tenants.models import Region


class PublishedGuide(models.Model):
    """A live 办事指南: facets as columns, the whole guide as ``payload`` for rendering."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="published_guides")
    entry_id = models.PositiveIntegerField("实施清单事项ID")  # ImplementationItem pk in the region
    region_code = models.CharField("区划代码", max_length=6, db_index=True)
    ancestor_codes = models.JSONField("上级区划代码", default=list)  # parent first, province last
    implementation_code = models.CharField("实施编码", max_length=31, unique=True)
    basic_code = models.CharField("基本编码", max_length=12, db_index=True)
    name = models.CharField("事项名称", max_length=200)
    department_uscc = models.CharField("实施主体统一社会信用代码", max_length=18, db_index=True)
    department_name = models.CharField("实施主体", max_length=100)
    matter_type = models.CharField("事项类型", max_length=2, db_index=True)
    service_objects = models.JSONField("服务对象", default=list)
    person_themes = models.JSONField("自然人主题", default=list)
    legal_themes = models.JSONField("法人主题", default=list)
    life_events = models.JSONField("一件事", default=list)
    aliases = models.JSONField("日常用语", default=list)
    online_depth = models.PositiveSmallIntegerField("网上办理深度")
    visits = models.PositiveSmallIntegerField("到办事现场次数")
    statutory_limit = models.JSONField("法定办结时限", default=dict)
    promised_limit = models.JSONField("承诺办结时限", default=dict)
    charged = models.BooleanField("是否收费", default=False)
    url = models.URLField("指南地址", max_length=300)
    version = models.PositiveIntegerField("清单版本号")
    published_at = models.DateTimeField("发布时间")
    payload = models.JSONField("指南内容")
    # The sync's transaction time (as search documents' indexed_at): a document is stale if
    # indexed before the row was last written.
    synced_at = models.DateTimeField("同步时间", default=timezone.now)

    class Meta:
        verbose_name = "已发布办事指南"
        verbose_name_plural = "已发布办事指南"
        ordering = ["region_code", "basic_code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "entry_id"], name="one_guide_per_entry"),
        ]
        indexes = [
            GinIndex(fields=["ancestor_codes"], name="guide_ancestors_gin"),
            GinIndex(fields=["person_themes"], name="guide_person_themes_gin"),
            GinIndex(fields=["legal_themes"], name="guide_legal_themes_gin"),
            GinIndex(fields=["life_events"], name="guide_life_events_gin"),
        ]

    def __str__(self):
        return f"{self.implementation_code} {self.name}"


from .models_outbox import SyncRequest  # noqa: E402, F401  (the sync outbox, public schema)
from .models_ratings import FollowUp, Rating  # noqa: E402, F401  (好差评, public schema)
