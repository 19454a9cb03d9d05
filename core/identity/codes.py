"""居民身份证号 (GB 11643-1999) and mobile numbers: validation and masked display."""

import re

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper()


def id_number_error(value: str) -> str | None:
    """Say what is wrong with an 18-digit 居民身份证号, or None when it is valid."""
    if not _ID_RE.match(value or ""):
        return "居民身份证号应为18位：17位数字加1位数字或X"
    expected = id_check_character(value[:17])
    if value[17] != expected:
        return f"居民身份证号校验位错误：应为 {expected}，实为 {value[17]}"
    month, day = int(value[10:12]), int(value[12:14])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return "居民身份证号中的出生日期无效"
    return None


def normalise_mobile(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value or "")
    return digits.removeprefix("+86")


def mobile_error(value: str) -> str | None:
    if not _MOBILE_RE.match(value or ""):
        return "手机号码应为11位，以1开头"
    return None


def mask_id_number(value: str) -> str:
    """3401**********1234: the first 4 and last 4 characters."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_mobile(value: str) -> str:
    """138****8000."""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
