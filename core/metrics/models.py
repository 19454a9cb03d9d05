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
