"""Citizen (自然人) and enterprise (法人) accounts, 经办人 authorisations, consents, favourites.

All in the public schema: one account works on every region host of the deployment. ID numbers
and mobiles are stored encrypted (``fields.EncryptedTextField``) beside a keyed hash to find
them; nothing personal is stored in plaintext.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from . import codes, crypto
from .fields import EncryptedTextField


class Level(models.IntegerChoices):
    """实名等级: L1 mobile verified, L2 identity checked by a verifier, L3 face verified."""

    L1 = 1, "L1 手机号已验证"
    L2 = 2, "L2 身份已核验"
    L3 = 3, "L3 人脸已核验"


class Person(models.Model):
    """自然人 account. ``user`` is the public-schema login principal the OIDC provider issues
    tokens to (never a staff user: those live in the tenant schemas)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen"
    )
    name = models.CharField("姓名", max_length=50)
    id_number = EncryptedTextField("居民身份证号")
    id_number_hash = models.CharField(max_length=64, unique=True)
    mobile = EncryptedTextField("手机号码")
    mobile_hash = models.CharField(max_length=64, unique=True)
    password = models.CharField("密码摘要", max_length=200, blank=True)
    level = models.PositiveSmallIntegerField("实名等级", choices=Level.choices, default=Level.L1)
    verified_by = models.CharField("核验方式", max_length=60, blank=True)
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Bumped by "logout everywhere": portal sessions carrying an older epoch are signed out.
    session_epoch = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "自然人账户"
        verbose_name_plural = "自然人账户"

    def __str__(self):
        return f"{self.name}（{self.masked_id_number}）"

    def save(self, *args, **kwargs):
        self.id_number_hash = crypto.lookup_hash("id_number", self.id_number)
        self.mobile_hash = crypto.lookup_hash("mobile", self.mobile)
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self) -> str:
        return codes.mask_id_number(self.id_number)

    @property
    def masked_mobile(self) -> str:
        return codes.mask_mobile(self.mobile)

    @property
    def subject_id(self) -> str:
        """The OIDC ``sub``: stable, opaque, the same for every client."""
        return f"p{self.pk}"


class Enterprise(models.Model):
    """法人 account, administered by a verified person (its legal representative at sign-up)."""

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=100)
    legal_representative = models.CharField("法定代表人", max_length=50)
    administrator = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="administered_enterprises"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "法人账户"
        verbose_name_plural = "法人账户"

    def __str__(self):
        return self.name


class AgentAuthorisation(models.Model):
    """经办人授权: ``person`` may act for ``enterprise`` from ``granted_at`` until revoked."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="agents")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="authorisations")
    granted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "经办人授权"
        verbose_name_plural = "经办人授权"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "person"], condition=Q(revoked_at__isnull=True),
                name="identity_one_active_authorisation",
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.person.name} → {self.enterprise.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Consent(models.Model):
    """A person's acceptance of one version of the personal-information notice."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    version = models.CharField("版本", max_length=20)
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="identity_consent_once")
        ]

    def __str__(self):
        return f"{self.person_id} {self.version}"


class Favourite(models.Model):
    """收藏: a guide a person keeps, by implementation code (the guide on any region host)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="favourites")
    implementation_code = models.CharField("实施编码", max_length=31)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "implementation_code"], name="identity_favourite_once"
            )
        ]

    def __str__(self):
        return f"{self.person_id} ★ {self.implementation_code}"
