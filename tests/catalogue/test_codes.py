import pytest

from core.domain import codes


@pytest.mark.parametrize(
    "code", ["000104002000", "00013112700Y", "000131127004", "340113101000", "0001AB12C000"]
)
def test_valid_basic_codes(code):
    assert codes.basic_code_error(code) is None


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("00010400200", "基本编码应为12位"),
        ("0001040020000", "基本编码应为12位"),
        (
            "000104O02000",
            "基本编码格式错误：第1–4位为数字，第5–9位为数字或字母（不含 I、O、Z、S、V），第10–12位为000、00Y或001–999",
        ),
        (
            "00010400200X",
            "基本编码格式错误：第1–4位为数字，第5–9位为数字或字母（不含 I、O、Z、S、V），第10–12位为000、00Y或001–999",
        ),
        ("009904002000", "基本编码第3–4位 99 不是有效的事项类型代码"),
    ],
)
def test_invalid_basic_codes(code, message):
    assert codes.basic_code_error(code) == message


def test_type_part_must_match_the_matter_type():
    assert codes.basic_code_error("000104002000", "07") == "基本编码第3–4位 01 与事项类型 07 不一致"


def test_tree_helpers():
    assert codes.is_national("000131127004") and not codes.is_national("340113101000")
    assert codes.is_main_with_subitems("00013112700Y")
    assert codes.is_subitem("000131127004") and not codes.is_subitem("000104002000")
    assert codes.main_item_code("000131127004") == "00013112700Y"


def test_implementation_code_is_uscc_level_basic_code():
    assert codes.implementation_code("11450721MB15580811", "4", "000104002000") == (
        "11450721MB155808114000104002000"
    )
    assert len(codes.implementation_code("11450721MB15580811", "4", "000104002000")) == 31


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("11450721MB15580812", "4", "000104002000"), "统一社会信用代码校验位错误：应为 1，实为 2"),
        (("11450721MB15580811", "8", "000104002000"), "行使层级代码 8 无效"),
        (("11450721MB15580811", "4", "00010400200"), "基本编码应为12位"),
    ],
)
def test_implementation_code_rejects_bad_parts(args, message):
    with pytest.raises(ValueError, match=message):
        codes.implementation_code(*args)


def test_limits_compare_across_units():
    assert codes.limit_in_working_days({"value": 7, "unit": "自然日"}) == 5
    assert codes.format_limit({"value": 0, "unit": "工作日"}) == "即办"
    assert codes.format_limit({"value": 20, "unit": "工作日"}) == "20个工作日"
