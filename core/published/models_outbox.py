"""The transactional outbox of the read model (public schema).

A change that can alter what a guide shows (an entry published or suspended, a guide page's
additions approved, a region switched off) writes a ``SyncRequest`` in the same transaction as
the change itself. Drainers (Celery, beat) sync each requested guide from current state and delete
the request only if nobody asked again meanwhile. A request therefore survives a broker outage, a
killed worker and a failing sync; it is never the message that decides what the guide shows.
"""

from django.db import models

WHOLE_REGION = 0  # entry_id of a request to sync every guide of a schema


class SyncRequest(models.Model):
    """'Make the read side of this guide (or of every guide of this schema) match the state'."""

    schema_name = models.CharField("租户", max_length=63)
    entry_id = models.PositiveIntegerField("实施清单事项ID")  # WHOLE_REGION for the whole schema
    requested_at = models.DateTimeField("请求时间")
    # Bumped by every new request: a drainer deletes the row only if it is still the generation
    # it synced, so a request made while a sync ran is never lost.
    generation = models.PositiveBigIntegerField(default=1)
    attempts = models.PositiveIntegerField("失败次数", default=0)
    # A drainer leases a row by moving this forward; a dead drainer's lease simply expires.
    next_attempt_at = models.DateTimeField("下次尝试时间", db_index=True)
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        verbose_name = "指南同步请求"
        verbose_name_plural = "指南同步请求"
        constraints = [
            models.UniqueConstraint(fields=["schema_name", "entry_id"], name="one_sync_request"),
        ]

    def __str__(self):
        return f"{self.schema_name}:{self.entry_id or '*'}"
