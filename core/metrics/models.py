"""Daily metric snapshots (public schema): the counts behind every rate, per region and day.

Rates are ratios of counts, so a region's figures rolled up with its lower regions are the sums
of their counts; the dashboard reads snapshots and never aggregates guides on a page view.
"""

from django.db import models

from tenants.models import Region


class MetricSnapshot(models.Model):
    """The counts of one region (or one of its departments) on one day."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="metric_snapshots")
    day = models.DateField("日期")
    department_uscc = models.CharField("部门统一社会信用代码", max_length=18, blank=True)
    counts = models.JSONField("计数")  # core.metrics.definitions.COUNTS
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    class Meta:
        verbose_name = "效能指标快照"
        verbose_name_plural = "效能指标快照"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "day", "department_uscc"], name="one_snapshot_per_region_day"
            ),
        ]
        indexes = [models.Index(fields=["day", "region"], name="snapshot_day_region")]

    def __str__(self):
        return f"{self.region_id} {self.day} {self.department_uscc or '全部'}"


class Alert(models.Model):
    """电子监察: something is close to (黄牌) or past (红牌) its deadline in a region.

    Raised and resolved only by ``core.metrics.alerts.evaluate_region`` (a beat task per
    tenant): one row per (region, kind, ref), re-evaluated every run, resolved when its cause
    is gone and reopened if it comes back. The level above writes 督办 notes.
    """

    class Level(models.TextChoices):
        YELLOW = "yellow", "黄牌"
        RED = "red", "红牌"

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField("类型", max_length=24)  # core.metrics.alerts.KINDS
    ref = models.CharField("对象", max_length=64)  # what it is about (ids, codes)
    title = models.CharField("内容", max_length=300)
    level = models.CharField("级别", max_length=8, choices=Level.choices)
    started_on = models.DateField("起算日期")
    due_on = models.DateField("期限", null=True, blank=True)
    raised_at = models.DateTimeField("首次预警时间", auto_now_add=True)
    resolved_at = models.DateTimeField("解除时间", null=True, blank=True)
    supervision_note = models.TextField("督办意见", blank=True)

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "ref"], name="one_alert_per_cause"),
        ]
        indexes = [models.Index(fields=["region", "resolved_at"], name="alert_region_open")]

    def __str__(self):
        return f"{self.get_level_display()} {self.title}"
