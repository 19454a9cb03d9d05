"""One-time codes by SMS (register, sign in): 6 digits, 5 minutes, single use, 5 tries, one code
a minute and 10 a day per mobile. Kept in Redis only as a keyed hash; with Redis down no code
can be sent or checked (fail closed)."""

import hmac
import secrets

from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import schema_context

from core.domain.errors import DomainError, Problem

from . import codes, crypto, sms

TTL = 5 * 60
MAX_TRIES = 5
RESEND_SECONDS = 60
DAILY_LIMIT = 10
PURPOSES = {"register": "注册", "login": "登录"}


def _key(kind: str, purpose: str, mobile: str) -> str:
    return f"identity:otp:{kind}:{purpose}:{crypto.lookup_hash('mobile', mobile)}"


def send_code(mobile: str, purpose: str) -> None:
    mobile = codes.normalise_mobile(mobile)
    if message := codes.mobile_error(mobile):
        raise DomainError([Problem("mobile", message)])
    with schema_context("public"):
        if not cache.add(_key("wait", purpose, mobile), 1, timeout=RESEND_SECONDS):
            raise DomainError([Problem("mobile", f"验证码已发送，请{RESEND_SECONDS}秒后再获取")])
        day_key = _key(f"day{timezone.localdate():%Y%m%d}", purpose, mobile)
        cache.add(day_key, 0, timeout=24 * 3600)
        if cache.incr(day_key) > DAILY_LIMIT:
            raise DomainError(
                [Problem("mobile", f"该手机号今天已获取{DAILY_LIMIT}次验证码，请明天再试")]
            )
        code = f"{secrets.randbelow(10**6):06d}"
        cache.set(_key("code", purpose, mobile), {"hash": crypto.lookup_hash("otp", code),
                                                  "tries": 0}, timeout=TTL)  # fmt: skip
    sms.gateway().send(
        mobile,
        f"【政务服务网】您的{PURPOSES[purpose]}验证码为{code}，5分钟内有效。如非本人操作请忽略。",
    )


def check_code(mobile: str, purpose: str, code: str) -> None:
    """Nothing when ``code`` is right (it is then used up), DomainError otherwise."""
    mobile = codes.normalise_mobile(mobile)
    key = _key("code", purpose, mobile)
    with schema_context("public"):
        entry = cache.get(key)
        if entry is None:
            raise DomainError([Problem("code", "验证码已失效，请重新获取")])
        if hmac.compare_digest(entry["hash"], crypto.lookup_hash("otp", (code or "").strip())):
            cache.delete(key)
            return
        entry["tries"] += 1
        if entry["tries"] >= MAX_TRIES:
            cache.delete(key)
            raise DomainError([Problem("code", "验证码错误次数过多，请重新获取")])
        cache.set(key, entry, timeout=TTL)
    raise DomainError([Problem("code", f"验证码错误，还可尝试{MAX_TRIES - entry['tries']}次")])
