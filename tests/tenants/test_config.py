"""tenant_configs validation: every problem names the file and the key path."""

import textwrap

import pytest

from tenants.config import ConfigError, load_configs

PROVINCE = """
code: "340000"
name: 安徽省
slug: anhui
level: province
"""

COUNTY = """
code: "340104"
name: 蜀山区
slug: shushan
level: county
parent: "340100"
departments:
  - key: scjg
    name: 合肥市蜀山区市场监督管理局
    short_name: 市场监管局
    uscc: "11450721MB15580811"
    phone: "0551-65301100"
halls:
  - key: main
    name: 蜀山区政务服务中心
    windows:
      - key: A01
        name: 市场准入窗口
        departments: [scjg]
service_points:
  - code: "340104001"
    name: 三里庵街道便民服务中心
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(tmp_path, known=frozenset({"340100"})):
    with pytest.raises(ConfigError) as excinfo:
        load_configs([str(tmp_path)], known_codes=known)
    return [str(p).replace(str(tmp_path) + "/", "") for p in excinfo.value.problems]


def test_valid_files_load_parents_first(tmp_path):
    write(tmp_path, "shushan.yaml", COUNTY)
    write(tmp_path, "anhui.yaml", PROVINCE)
    configs = load_configs([str(tmp_path)], known_codes={"340100"})
    assert [c.slug for c in configs] == ["anhui", "shushan"]
    assert configs[1].data["departments"][0]["short_name"] == "市场监管局"


def test_bad_uscc_check_character_names_file_and_key(tmp_path):
    write(tmp_path, "shushan.yaml", COUNTY.replace("11450721MB15580811", "11450721MB15580812"))
    assert problems_of(tmp_path) == [
        "shushan.yaml:departments[0].uscc: 统一社会信用代码校验位错误：应为 1，实为 2"
    ]


def test_schema_violations_are_listed_with_paths(tmp_path):
    text = COUNTY.replace("level: county", "level: township").replace(
        '"0551-65301100"', '"65301100"'
    )
    write(tmp_path, "shushan.yaml", text)
    assert problems_of(tmp_path) == [
        "shushan.yaml:departments[0].phone: '65301100' does not match '^[0-9]{3,4}-[0-9]{5,8}$'",
        "shushan.yaml:level: 'township' is not one of ['province', 'city', 'county']",
    ]


def test_unknown_window_department_and_foreign_service_point(tmp_path):
    text = COUNTY.replace("departments: [scjg]", "departments: [gaj]").replace(
        '"340104001"', '"340102001"'
    )
    write(tmp_path, "shushan.yaml", text)
    assert problems_of(tmp_path) == [
        "shushan.yaml:halls[0].windows[0].departments[0]: 未定义的部门标识：gaj",
        "shushan.yaml:service_points[0].code: 便民服务点代码 340102001 不属于区划 340104",
    ]


def test_parent_must_nest_and_exist(tmp_path):
    write(tmp_path, "shushan.yaml", COUNTY.replace('parent: "340100"', 'parent: "340200"'))
    assert problems_of(tmp_path, known=frozenset()) == [
        "shushan.yaml:parent: 区划 340104 的上级应为 340100，实为 340200",
        "shushan.yaml:parent: 上级区划 340200 未配置",
    ]


def test_duplicates_across_files(tmp_path):
    write(tmp_path, "a.yaml", COUNTY)
    write(tmp_path, "b.yaml", COUNTY.replace("slug: shushan", "slug: shushan2"))
    assert problems_of(tmp_path) == [
        "b.yaml:code: 与 a.yaml 重复：340104",
        "b.yaml:departments[0].uscc: 与 a.yaml 重复：11450721MB15580811",
    ]


def test_yaml_syntax_error_gives_line(tmp_path):
    write(tmp_path, "broken.yaml", "code: [340104\nname: x\n")
    assert problems_of(tmp_path) == [
        "broken.yaml: YAML 格式错误（第2行第5列）：expected ',' or ']', but got ':'"
    ]


def test_the_shipped_demo_configs_are_valid():
    configs = load_configs()
    slugs = {c.slug for c in configs}
    assert {
        "anhui",
        "hefei",
        "wuhu",
        "shushan",
        "yaohai",
        "baohe",
        "feixi",
        "jinghu",
        "wuwei",
        "sichuan",
        "chengdu",
        "mianyang",
        "neijiang",
    } <= slugs
    anhui_cities = [c for c in configs if c.level == "city" and c.parent == "340000"]
    assert len(anhui_cities) == 16
    assert all(c.data.get("demo") for c in configs)
