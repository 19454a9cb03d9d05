"""Accounts: register a person, password and lockout, logout everywhere, closure.

Citizen passwords are hashed with Argon2 (Django's hasher, named explicitly). After
IDENTITY_MAX_FAILED_LOGINS wrong passwords in a row the account refuses passwords for
IDENTITY_LOCKOUT_MINUTES (a one-time code by SMS still works: the phone proves possession).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.domain.errors import DomainError, Problem

from . import codes, consent, crypto
from .models import Consent, Person

MIN_PASSWORD = 8
WRONG_CREDENTIALS = "账号或密码错误"
_DUMMY_HASH = None


def find_person(identifier: str) -> Person | None:
    """By mobile (11 digits) or 居民身份证号 (18 characters)."""
    value = identifier.strip().upper()
    mobile = codes.normalise_mobile(value)
    if not codes.mobile_error(mobile):
        return Person.objects.filter(mobile_hash=crypto.lookup_hash("mobile", mobile)).first()
    return Person.objects.filter(id_number_hash=crypto.lookup_hash("id_number", value)).first()


def _registration_problems(name, id_number, mobile, password) -> list[Problem]:
    problems = []
    if not 2 <= len(name) <= 50:
        problems.append(Problem("name", "姓名应为2–50个字"))
    if message := codes.id_number_error(id_number):
        problems.append(Problem("id_number", message))
    elif Person.objects.filter(id_number_hash=crypto.lookup_hash("id_number", id_number)).exists():
        problems.append(Problem("id_number", "该居民身份证号已注册，请直接登录"))
    if message := codes.mobile_error(mobile):
        problems.append(Problem("mobile", message))
    elif Person.objects.filter(mobile_hash=crypto.lookup_hash("mobile", mobile)).exists():
        problems.append(Problem("mobile", "该手机号已注册，请直接登录"))
    if password and len(password) < MIN_PASSWORD:
        problems.append(Problem("password", f"密码至少{MIN_PASSWORD}位"))
    return problems


def register_person(name: str, id_number: str, mobile: str, password: str = "",
                    consent_version: str = consent.CURRENT_VERSION) -> Person:  # fmt: skip
    """A new L1 account (the caller has verified the mobile with a one-time code)."""
    name = (name or "").strip()
    id_number = codes.normalise_id_number(id_number)
    mobile = codes.normalise_mobile(mobile)
    if problems := _registration_problems(name, id_number, mobile, password):
        raise DomainError(problems)
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(username=f"citizen-{uuid.uuid4().hex}")
            person = Person(user=user, name=name, id_number=id_number, mobile=mobile)
            if password:
                person.password = make_password(password, hasher="argon2")
            person.save()
            Consent.objects.create(person=person, version=consent_version)
    except IntegrityError as error:  # the same number registered concurrently
        raise DomainError([Problem("id_number", "该居民身份证号或手机号已注册")]) from error
    return person


def set_password(person: Person, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError([Problem("password", f"密码至少{MIN_PASSWORD}位")])
    person.password = make_password(password, hasher="argon2")
    person.save(update_fields=["password"])


def _spend_time_like_a_check(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password(uuid.uuid4().hex, hasher="argon2")
    check_password(password, _DUMMY_HASH)


def authenticate_password(identifier: str, password: str) -> Person:
    """The person whose password this is, or DomainError (wrong, locked: the same wording for
    an unknown account and a wrong password)."""
    person = find_person(identifier or "")
    if person is None or not person.password:
        _spend_time_like_a_check(password or "")
        raise DomainError([Problem("password", WRONG_CREDENTIALS)])
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        now = timezone.now()
        if person.locked_until and person.locked_until > now:
            minutes = max(1, int((person.locked_until - now).total_seconds() // 60) + 1)
            raise DomainError([Problem("password", f"密码错误次数过多，账户已锁定，请{minutes}分钟后再试，"
                                                   "或使用短信验证码登录")])  # fmt: skip
        if check_password(password or "", person.password):
            person.failed_logins, person.locked_until = 0, None
            person.save(update_fields=["failed_logins", "locked_until"])
            return person
        person.failed_logins += 1
        if person.failed_logins >= settings.IDENTITY_MAX_FAILED_LOGINS:
            person.failed_logins = 0
            person.locked_until = now + timedelta(minutes=settings.IDENTITY_LOCKOUT_MINUTES)
        person.save(update_fields=["failed_logins", "locked_until"])
    if person.locked_until:
        raise DomainError([Problem("password", f"密码错误次数过多，账户已锁定"
                                               f"{settings.IDENTITY_LOCKOUT_MINUTES}分钟")])  # fmt: skip
    left = settings.IDENTITY_MAX_FAILED_LOGINS - person.failed_logins
    raise DomainError([Problem("password", f"{WRONG_CREDENTIALS}，再错{left}次将锁定账户")])


def revoke_tokens(person: Person) -> None:
    from oauth2_provider.models import AccessToken, Grant, RefreshToken

    RefreshToken.objects.filter(user_id=person.user_id).delete()
    AccessToken.objects.filter(user_id=person.user_id).delete()
    Grant.objects.filter(user_id=person.user_id).delete()


def logout_everywhere(person: Person) -> None:
    """End every portal session (epoch) and every token of the person."""
    with transaction.atomic():
        Person.objects.filter(pk=person.pk).update(session_epoch=person.session_epoch + 1)
        person.session_epoch += 1
        revoke_tokens(person)


def accept_consent(person: Person, version: str = consent.CURRENT_VERSION) -> None:
    Consent.objects.get_or_create(person=person, version=version)


def needs_consent(person: Person) -> bool:
    return not person.consents.filter(version=consent.CURRENT_VERSION).exists()
