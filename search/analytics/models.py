"""What citizens searched for and which result they opened (public schema, no personal data).

One row per search (first page only) and one per result opened from it. Nothing identifies the
person: no address, user, session or device; query text that looks like an identity, phone or
account number is masked before it is stored (``recording.mask``). Rows older than
``SEARCH_ANALYTICS_RETENTION_DAYS`` are purged nightly (``tasks.purge``).
"""

import uuid

from django.db import models


class Channel(models.TextChoices):
    PORTAL = "portal", "门户网站"
    GRAPHQL = "graphql", "接口（小程序、App）"
    SUGGEST = "suggest", "输入提示"


class SearchEvent(models.Model):
    """One search. The id is made when the search runs, so that result links can carry it
    before the row is written (rows are buffered in Redis and written by ``tasks.flush``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    searched_at = models.DateTimeField("搜索时间")
    # The region whose scope was searched and its province (codes: recorded without a lookup).
    region_code = models.CharField("区划代码", max_length=6)
    province_code = models.CharField("省级区划代码", max_length=6)
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    query = models.CharField("搜索词", max_length=100)
    normalised = models.CharField("规范化搜索词", max_length=100)
    result_count = models.PositiveIntegerField("结果数")
    first_result = models.CharField("第一条结果实施编码", max_length=31, blank=True)
    # Set when a click on one of its results is written (``store.write``): the reports then read
    # this table alone, no join with the clicks.
    opened = models.BooleanField("打开了结果", default=False)
    first_opened = models.BooleanField("打开了第一条结果", default=False)

    class Meta:
        verbose_name = "搜索记录"
        verbose_name_plural = "搜索记录"
        indexes = [
            models.Index(fields=["province_code", "searched_at"], name="search_event_province"),
            models.Index(fields=["region_code", "searched_at"], name="search_event_region"),
            models.Index(fields=["searched_at"], name="search_event_time"),
        ]

    def __str__(self):
        return f"{self.query} ({self.result_count})"


class SearchClick(models.Model):
    """A result opened from a search: its rank (1 = first result) and guide."""

    # DO_NOTHING: the purge deletes clicks before their searches, in batches (no ORM cascade
    # collecting millions of rows).
    event = models.ForeignKey(
        SearchEvent, on_delete=models.DO_NOTHING, related_name="clicks", verbose_name="搜索"
    )
    clicked_at = models.DateTimeField("打开时间")
    position = models.PositiveSmallIntegerField("名次")
    implementation_code = models.CharField("实施编码", max_length=31)

    class Meta:
        verbose_name = "结果打开记录"
        verbose_name_plural = "结果打开记录"
        constraints = [
            # Opening the same result again from the same search tells nothing new.
            models.UniqueConstraint(
                fields=["event", "implementation_code"], name="search_click_once"
            )
        ]

    def __str__(self):
        return f"{self.event_id} #{self.position}"
