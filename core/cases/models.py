"""Cases (办件) of one region (tenant schema): the case, its history and its 补正 notice.

A case is opened against a live 实施清单 entry and keeps the entry version it was opened under.
The applicant is an account of the public schema (统一身份认证), kept by id: a 自然人, or a
法人 for which the person acts as 经办人. State changes only through ``core.cases.services``.
"""

from django.conf import settings
from django.db import models

from core.listings.models import ImplementationItem, ItemVersion
from tenants.models import Department

from . import states


class Case(models.Model):
    number = models.CharField("办件编号", max_length=44, unique=True)
    query_code = models.CharField("查询码", max_length=8)
    item = models.ForeignKey(ImplementationItem, on_delete=models.PROTECT, related_name="+")
    item_version = models.ForeignKey(
        ItemVersion, on_delete=models.PROTECT, related_name="+", verbose_name="申请时的清单版本"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name="办理部门"
    )
    # the applicant (public-schema account ids; names as given when applying)
    applicant_person_id = models.BigIntegerField("申请人账号", db_index=True)
    applicant_enterprise_id = models.BigIntegerField("申请单位账号", null=True, blank=True)
    applicant_name = models.CharField("申请人", max_length=100)
    enterprise_name = models.CharField("申请单位", max_length=200, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    # the application form's one-time key: the same form posted twice opens one case
    submission_key = models.CharField("提交标识", max_length=64, blank=True, default="")
    situations = models.JSONField("办理情形", default=list, blank=True)
    state = models.CharField(
        "状态", max_length=16, choices=states.CHOICES, default=states.SUBMITTED
    )
    step = models.PositiveSmallIntegerField("当前办理环节", default=0)  # index into the steps
    # the clock (core.cases.clock): working days from submission, paused while waiting
    limit = models.JSONField("承诺办结时限", default=dict)  # {"value": 5, "unit": "工作日"}
    province_code = models.CharField("省级区划代码", max_length=6)
    paused_days = models.PositiveIntegerField("暂停计时天数", default=0)
    paused_since = models.DateField("暂停计时起", null=True, blank=True)
    due_date = models.DateField("办结期限", null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField("申请时间")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    decision_reason = models.TextField("理由", blank=True)  # 不予受理 / 不予许可 / 退件 / 挂起
    result_name = models.CharField("办理结果", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ["-submitted_at", "-pk"]
        permissions = [("handle_case", "可预审、受理、办理本部门办件")]
        # The inbox: open cases by due date, for the whole region or one department.
        indexes = [
            models.Index(fields=["department", "state", "due_date"], name="case_inbox"),
            models.Index(fields=["state", "due_date"], name="case_state_due"),
            models.Index(
                fields=["due_date", "submitted_at", "id"], name="case_open_due",
                condition=models.Q(state__in=sorted(states.OPEN)),
            ),
            models.Index(
                fields=["department", "due_date", "submitted_at", "id"], name="case_open_dept_due",
                condition=models.Q(state__in=sorted(states.OPEN)),
            ),
        ]  # fmt: skip
        constraints = [
            models.UniqueConstraint(
                fields=["applicant_person_id", "submission_key"], name="case_one_per_submission",
                condition=~models.Q(submission_key=""),
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.number} {self.item.name if self.item_id else ''}"

    @property
    def state_label(self) -> str:
        return states.LABELS[self.state]

    @property
    def steps(self) -> list[dict]:
        return ((self.item_version.elements or {}).get("local") or {}).get("steps") or []

    @property
    def step_name(self) -> str:
        steps = self.steps
        return steps[self.step]["name"] if self.step < len(steps) else ""


class CaseEvent(models.Model):
    """One transition of a case (its timeline; the audit log holds the same with the address)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=24)
    from_state = models.CharField("原状态", max_length=16, blank=True)
    to_state = models.CharField("新状态", max_length=16)
    actor = models.CharField("操作人", max_length=150)  # staff username or "applicant"
    note = models.TextField("说明", blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "办件记录"
        verbose_name_plural = "办件记录"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.action}"

    @property
    def label(self) -> str:
        return states.LABELS_OF_TRANSITIONS.get(self.action, self.action)


class SupplementNotice(models.Model):
    """The one 补正告知 of a case (一次性告知): everything missing, listed at once."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="supplement_notice")
    items = models.JSONField("补正内容")  # [{"material": name, "reason": text}]
    note = models.TextField("其他说明", blank=True)
    issued_by = models.CharField("告知人", max_length=150)
    issued_at = models.DateTimeField("告知时间", auto_now_add=True)
    fulfilled_at = models.DateTimeField("补正时间", null=True, blank=True)

    class Meta:
        verbose_name = "补正告知"
        verbose_name_plural = "补正告知"

    def __str__(self):
        return f"{self.case_id} 补正告知"


class CaseFile(models.Model):
    """An uploaded material file, stored in the private case storage (never a public URL)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="files", null=True, blank=True
    )  # null: uploaded, not yet part of a submitted case
    material = models.CharField("材料名称", max_length=200, blank=True)
    owner_person_id = models.BigIntegerField("上传人账号", db_index=True)
    storage_name = models.CharField(max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    round = models.PositiveSmallIntegerField("提交轮次", default=1)  # 2: from the 补正
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "申请材料文件"
        verbose_name_plural = "申请材料文件"
        ordering = ["material", "round", "pk"]
        indexes = [  # the upload sweeper (core.cases.sweeper)
            models.Index(
                fields=["uploaded_at"], name="casefile_unattached",
                condition=models.Q(case__isnull=True),
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.original_name


class ResultDocument(models.Model):
    """The result document of 办结 (决定书, a licence scan): attached by staff or generated by
    the platform (core.cases.results); private storage, served only to the applicant and the
    handlers, like material files."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="result_document")
    title = models.CharField("文书名称", max_length=100)
    storage_name = models.CharField(max_length=300)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    generated = models.BooleanField("平台生成", default=False)
    added_by = models.CharField("上传人", max_length=150)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "结果文书"
        verbose_name_plural = "结果文书"

    def __str__(self):
        return f"{self.case_id} {self.title}"


class CaseMaterial(models.Model):
    """What the applicant gave for one material the entry asks for."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "已上传"
        TOLERATED = "tolerated", "容缺后补"
        E_LICENSE = "e_license", "电子证照调取"
        NOT_GIVEN = "not_given", "未提交（非必要）"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField("材料名称", max_length=200)
    required = models.CharField("必要性", max_length=8)  # 必要 / 非必要 / 容缺后补
    status = models.CharField("提交方式", max_length=12, choices=Status.choices)
    # 电子证照: the reference to fetch it by once the licence platform is connected
    e_license_ref = models.CharField("电子证照引用", max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "name"], name="one_material_per_name"),
        ]

    def __str__(self):
        return self.name


class CaseHandler(models.Model):
    """A staff user who handles the cases of a department (办件 inbox per department)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_departments"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "办件办理人员"
        verbose_name_plural = "办件办理人员"
        constraints = [
            models.UniqueConstraint(fields=["user", "department"], name="one_handler_row"),
        ]

    def __str__(self):
        return f"{self.user} {self.department}"


class CaseSequence(models.Model):
    """The last serial number of cases opened under one entry on one day (case numbers)."""

    implementation_code = models.CharField(max_length=31)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["implementation_code", "day"], name="one_sequence"),
        ]

    def __str__(self):
        return f"{self.implementation_code} {self.day} #{self.last}"
