"""Validation of the national codes the tenants are keyed by.

- 统一社会信用代码 (USCC, GB 32100-2015): 18 characters with a mod-31 check character.
- 行政区划代码 (GB/T 2260): 6 digits PPCCDD; 9-digit townships and 12-digit villages below them.
"""

import re

from django.core.exceptions import ValidationError

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(rf"^[{USCC_CHARSET}]{{18}}$")
_DIVISION_RE = re.compile(r"^\d{6}$")
_SERVICE_POINT_RE = re.compile(r"^(\d{9}|\d{12})$")

LEVEL_PROVINCE = "province"
LEVEL_CITY = "city"
LEVEL_COUNTY = "county"


def uscc_check_character(first17: str) -> str:
    """Return the check character completing the 17 leading characters of a USCC."""
    total = sum(
        USCC_CHARSET.index(char) * weight
        for char, weight in zip(first17, USCC_WEIGHTS, strict=True)
    )
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_error(value: str) -> str | None:
    """Say what is wrong with a USCC, or None when it is valid."""
    if not isinstance(value, str) or len(value) != 18:
        return "统一社会信用代码应为18位"
    if not _USCC_RE.match(value):
        bad = sorted({c for c in value if c not in USCC_CHARSET})
        return f"统一社会信用代码含非法字符：{''.join(bad)}（不可使用 I、O、Z、S、V 和小写字母）"
    expected = uscc_check_character(value[:17])
    if value[17] != expected:
        return f"统一社会信用代码校验位错误：应为 {expected}，实为 {value[17]}"
    return None


def validate_uscc(value: str) -> None:
    if message := uscc_error(value):
        raise ValidationError(message, code="invalid_uscc")


def division_level(code: str) -> str:
    """The administrative level a 6-digit division code denotes."""
    if code[2:] == "0000":
        return LEVEL_PROVINCE
    if code[4:] == "00":
        return LEVEL_CITY
    return LEVEL_COUNTY


def is_development_zone(code: str) -> bool:
    """Statistical-only county codes in the 7x range (e.g. 340176 合肥高新区) are service regions."""
    return division_level(code) == LEVEL_COUNTY and code[4] == "7"


def division_code_error(code: str, level: str | None = None) -> str | None:
    """Say what is wrong with a 6-digit division code (optionally for a given level)."""
    if not isinstance(code, str) or not _DIVISION_RE.match(code):
        return "行政区划代码应为6位数字"
    if code[:2] == "00":
        return "行政区划代码的省级部分不能为00"
    if level and division_level(code) != level:
        return f"行政区划代码 {code} 不是{LEVEL_LABELS[level]}代码"
    return None


def parent_code_error(code: str, parent_code: str) -> str | None:
    """Check that a city nests in its province and a county in its city."""
    level = division_level(code)
    if level == LEVEL_PROVINCE:
        return "省级区划没有上级" if parent_code else None
    expected = code[:2] + "0000" if level == LEVEL_CITY else code[:4] + "00"
    if parent_code != expected:
        return f"区划 {code} 的上级应为 {expected}，实为 {parent_code or '空'}"
    return None


def service_point_code_error(code: str, region_code: str) -> str | None:
    """A county's points start with its 6-digit code; a city's (development-zone streets it runs
    directly) with its 4-digit prefix."""
    if not isinstance(code, str) or not _SERVICE_POINT_RE.match(code):
        return "便民服务点代码应为9位（乡镇、街道）或12位（村、社区）数字"
    level = division_level(region_code)
    if level == LEVEL_PROVINCE:
        return "省级区划不设便民服务点"
    prefix = region_code if level == LEVEL_COUNTY else region_code[:4]
    if not code.startswith(prefix):
        return f"便民服务点代码 {code} 不属于区划 {region_code}"
    return None


def full_division_code(code: str) -> str:
    """The 12-digit form platforms use (340104 → 340104000000)."""
    return code.ljust(12, "0")


LEVEL_LABELS = {LEVEL_PROVINCE: "省级", LEVEL_CITY: "市级", LEVEL_COUNTY: "县级"}
