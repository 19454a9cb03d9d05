import pytest
from django.core.exceptions import ValidationError

from tenants import codes


@pytest.mark.parametrize("value", ["11450721MB15580811", "91350100M000100Y43"])
def test_valid_usccs_pass(value):
    assert codes.uscc_error(value) is None
    codes.validate_uscc(value)


def test_uscc_check_character_is_computed_mod_31():
    assert codes.uscc_check_character("91350100M000100Y4") == "3"
    assert codes.uscc_check_character("11450721MB1558081") == "1"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11450721MB15580812", "统一社会信用代码校验位错误：应为 1，实为 2"),
        ("11450721MB1558081", "统一社会信用代码应为18位"),
        (
            "11450721MO15580811",
            "统一社会信用代码含非法字符：O（不可使用 I、O、Z、S、V 和小写字母）",
        ),
        (
            "11450721mb15580811",
            "统一社会信用代码含非法字符：bm（不可使用 I、O、Z、S、V 和小写字母）",
        ),
    ],
)
def test_invalid_usccs_say_why(value, message):
    assert codes.uscc_error(value) == message
    with pytest.raises(ValidationError):
        codes.validate_uscc(value)


@pytest.mark.parametrize(
    ("code", "level"),
    [("340000", "province"), ("340100", "city"), ("340104", "county"), ("340176", "county")],
)
def test_division_levels(code, level):
    assert codes.division_level(code) == level
    assert codes.division_code_error(code, level) is None


def test_development_zones_are_county_level_service_regions():
    assert codes.is_development_zone("340176")
    assert not codes.is_development_zone("340104")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("34010", "行政区划代码应为6位数字"),
        ("3401AA", "行政区划代码应为6位数字"),
        ("000100", "行政区划代码的省级部分不能为00"),
    ],
)
def test_bad_division_codes(code, message):
    assert codes.division_code_error(code) == message


def test_level_mismatch_is_reported():
    assert codes.division_code_error("340100", "county") == "行政区划代码 340100 不是县级代码"


@pytest.mark.parametrize(
    ("code", "parent", "error"),
    [
        ("340104", "340100", None),
        ("340100", "340000", None),
        ("340000", "", None),
        ("340104", "340200", "区划 340104 的上级应为 340100，实为 340200"),
        ("340100", "510000", "区划 340100 的上级应为 340000，实为 510000"),
        ("340000", "340100", "省级区划没有上级"),
    ],
)
def test_codes_must_nest(code, parent, error):
    assert codes.parent_code_error(code, parent) == error


def test_full_code_pads_to_twelve_digits():
    assert codes.full_division_code("340104") == "340104000000"


@pytest.mark.parametrize(
    ("code", "region", "error"),
    [
        ("340104001", "340104", None),
        ("340104001006", "340104", None),
        ("340176001", "340100", None),
        ("34010400", "340104", "便民服务点代码应为9位（乡镇、街道）或12位（村、社区）数字"),
        ("340102001", "340104", "便民服务点代码 340102001 不属于区划 340104"),
        ("340104001", "340000", "省级区划不设便民服务点"),
    ],
)
def test_service_point_codes(code, region, error):
    assert codes.service_point_code_error(code, region) == error
