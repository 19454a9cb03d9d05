"""The public case register (办件信息库, public schema): one row per case of every region.

The read side of cases: progress queries on any host of the deployment, 我的办件 across regions
and the 效能 statistics read it; none of them reads a tenant schema. Written only by
``core.cases.register.sync_case`` from the case's current state, in the transaction that changed
the case.

It holds no personal data: no names, no phone numbers, no account ids, no files, no free text
written by staff. The applicant is known only by a keyed digest of their account
(``applicant_digest``), which lets 我的办件 find their cases; the 查询码 only as a digest.
"""

from datetime import datetime

from django.contrib.postgres.indexes import GinIndex
from django.db import models

from core.published.models import Rating
from tenants.models import Region


class CaseRecord(models.Model):
    number = models.CharField("办件编号", max_length=44, unique=True)
    query_code_digest = models.CharField("查询码摘要", max_length=64)
    applicant_digest = models.CharField("申请人摘要", max_length=64, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="case_records")
    region_code = models.CharField("区划代码", max_length=6)
    ancestor_codes = models.JSONField("上级区划代码", default=list)  # parent first
    case_id = models.PositiveIntegerField("办件ID")  # Case pk in the region's schema
    implementation_code = models.CharField("实施编码", max_length=31, db_index=True)
    matter_name = models.CharField("事项名称", max_length=200)
    department_uscc = models.CharField("办理部门统一社会信用代码", max_length=18)
    department_name = models.CharField("办理部门", max_length=100)
    applicant_type = models.CharField("申请人类型", max_length=8)  # person / legal
    state = models.CharField("状态", max_length=16, db_index=True)
    step_name = models.CharField("当前环节", max_length=100, blank=True)
    limit = models.JSONField("承诺办结时限", default=dict)
    submitted_at = models.DateTimeField("申请时间")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    due_date = models.DateField("办结期限", null=True, blank=True)
    paused = models.BooleanField("暂停计时", default=False)
    supplement_requested = models.BooleanField("曾补正", default=False)
    supplement_items = models.JSONField("补正材料", default=list)  # material names (the guide's)
    on_time = models.BooleanField("按期办结", null=True)
    # whether the applicant can download a result document (the file stays in the region)
    has_result_document = models.BooleanField("有结果文书", default=False)
    timeline = models.JSONField("办理过程", default=list)  # [{"action", "state", "at"}]
    rating = models.OneToOneField(
        Rating, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_record"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办件登记"
        verbose_name_plural = "办件登记"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["region", "case_id"], name="one_record_per_case"),
        ]
        indexes = [
            models.Index(fields=["region", "submitted_at"], name="caserecord_region_day"),
            GinIndex(fields=["ancestor_codes"], name="caserecord_ancestors_gin"),
        ]

    def __str__(self):
        return f"{self.number} {self.matter_name}"

    def events(self) -> list[dict]:
        """The timeline with each ``at`` as an aware datetime (stored as ISO 8601 text, UTC),
        so templates show it in the deployment's time zone like every other time."""
        return [{**event, "at": datetime.fromisoformat(event["at"])} for event in self.timeline]
