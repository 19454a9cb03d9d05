"""好差评 ratings of live guides and the follow-up items 差评 create (public schema)."""

from django.db import models

from tenants.models import Region

# 满意度 (GB/T 39046): 1 is best; 4 and 5 are 差评.
SCORES = {1: "非常满意", 2: "满意", 3: "基本满意", 4: "不满意", 5: "非常不满意"}
BAD_SCORES = (4, 5)
CHANNELS = {
    "web": "网站",
    "miniapp": "小程序",
    "app": "移动端",
    "terminal": "自助终端",
    "counter": "窗口",
}


class Rating(models.Model):
    """One citizen's rating of one guide; the client is kept only as a salted hash."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="ratings")
    implementation_code = models.CharField("实施编码", max_length=31, db_index=True)
    score = models.PositiveSmallIntegerField("评价等级", choices=list(SCORES.items()))
    comment = models.TextField("评价内容", blank=True)
    channel = models.CharField("评价渠道", max_length=16, choices=list(CHANNELS.items()))
    client_hash = models.CharField("客户端标识摘要", max_length=64)
    # The signed-in citizen (统一身份认证), if any; kept when the account closes, without it.
    account = models.ForeignKey(
        "identity.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings"
    )
    created_at = models.DateTimeField("评价时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "好差评"
        verbose_name_plural = "好差评"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.implementation_code} {self.get_score_display()}"

    @property
    def is_bad(self) -> bool:
        return self.score in BAD_SCORES


class FollowUp(models.Model):
    """A 差评 the region's staff must rectify and answer (due in 15 working days, core.domain.workdays)."""

    class State(models.TextChoices):
        OPEN = "open", "待整改"
        CLOSED = "closed", "已办结"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="follow_ups")
    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="follow_up")
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.OPEN)
    due_date = models.DateField("整改期限")
    answer = models.TextField("整改情况", blank=True)
    closed_by = models.CharField("办结人", max_length=150, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["region", "state"], name="followup_region_state")]

    def __str__(self):
        return f"{self.rating} ({self.get_state_display()})"
