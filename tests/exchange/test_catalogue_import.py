"""Catalogue import from JSON: creation, idempotency, new versions, atomic failure, export."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.catalogue import services
from core.catalogue.exchange.exporter import catalogue_document
from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.exchange.problems import ImportFailed
from core.catalogue.models import Matter, MatterVersion
from tenants.models import Region

from .conftest import DEMO, SAMPLES, load, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def anhui():
    return Region.objects.get(slug="anhui")


def by_code(document: dict) -> dict:
    return {m["basic_code"]: m for m in document["matters"]}


def test_import_creates_matters_versions_and_tree(anhui):
    outcome = import_catalogue(anhui, SAMPLES / "catalogue-sample.json", user="clerk")
    assert sorted(outcome.created) == [
        "000105001000", "000131106000", "000131127001", "00013112700Y",
    ]  # fmt: skip
    assert str(outcome) == "catalogue-sample.json：新建 4 项，发布新版本 0 项，未变化 0 项"
    sub = Matter.objects.get(province=anhui, basic_code="000131127001")
    assert sub.parent.basic_code == "00013112700Y"
    assert (sub.is_national, sub.current_version.number, sub.current_version.state) == (
        True, 1, "published",
    )  # fmt: skip
    assert (sub.current_version.created_by, sub.current_version.reviewed_by) == ("clerk", "clerk")
    assert sub.current_version.published_at is not None
    assert sub.current_version.name == "公司设立登记"


def test_bulk_created_version_equals_the_services_result(anhui, catalogue_sample):
    """The bulk path writes what create_matter + submit + publish write."""
    import_catalogue(anhui, SAMPLES / "catalogue-sample.json", user="clerk")
    imported = Matter.objects.get(province=anhui, basic_code="000131106000").current_version
    data = by_code(catalogue_sample)["000131106000"]
    other = Region.objects.get(slug="hefei")  # another owner, so the same code is free
    matter = services.create_matter(other, "000131106000", data, "clerk", national=True)
    version = services.submit_version(matter.versions.get(), "clerk")
    version = services.publish_version(version, "clerk", direct=True)  # an import, as bulk
    assert imported.elements() == version.elements()
    fields = ("number", "state", "created_by", "reviewed_by", "change_note")
    assert [getattr(imported, f) for f in fields] == [getattr(version, f) for f in fields]


def test_second_import_changes_nothing(anhui):
    import_catalogue(anhui, SAMPLES / "catalogue-sample.json")
    outcome = import_catalogue(anhui, SAMPLES / "catalogue-sample.json")
    assert not outcome.changed
    assert str(outcome) == "catalogue-sample.json：没有变化（4 项均与现行版本一致）"
    assert MatterVersion.objects.filter(matter__province=anhui).count() == 4


def test_changed_element_publishes_a_new_version(anhui, catalogue_sample, tmp_path):
    import_catalogue(anhui, SAMPLES / "catalogue-sample.json")
    by_code(catalogue_sample)["000131106000"]["statutory_limit"]["value"] = 8
    # An operator's import is their own act: it publishes under their name (no four-eyes step).
    outcome = import_catalogue(anhui, write(tmp_path / "anhui.json", catalogue_sample), user="op")
    assert (outcome.created, outcome.updated) == ([], ["000131106000"])
    matter = Matter.objects.get(province=anhui, basic_code="000131106000")
    assert matter.current_version.number == 2
    assert matter.current_version.statutory_limit["value"] == 8
    assert matter.current_version.change_note == "由文件 anhui.json 导入"
    assert matter.versions.get(number=1).statutory_limit["value"] == 10


def test_bad_file_imports_nothing_and_reports_every_problem(anhui, catalogue_sample, tmp_path):
    matters = catalogue_sample["matters"]
    matters[0]["type"] = "99"
    matters[1]["materials"][1]["kind"] = "原印件"
    matters[3]["statutory_limit"] = {"value": 20, "unit": "天"}
    matters[3]["levels"] = ["3", "8"]
    with pytest.raises(ImportFailed) as failure:
        import_catalogue(anhui, write(tmp_path / "bad.json", catalogue_sample))
    assert [str(p) for p in failure.value.problems] == [
        "bad.json 第1行 type：事项类型代码“99”无效",
        "bad.json 第2行 materials[1].kind：材料类型“原印件”无效，可选：原件、复印件、原件和复印件",
        "bad.json 第4行 levels[1]：行使层级代码“8”无效（1–7）",
        "bad.json 第4行 statutory_limit.unit：时限单位“天”无效，可选：工作日、自然日",
    ]
    assert failure.value.problems[1].path == "matters[1].materials[1].kind"
    assert not Matter.objects.filter(province=anhui).exists()


def test_tree_and_origin_problems(anhui, catalogue_sample, tmp_path):
    matters = catalogue_sample["matters"]
    del matters[0]  # the main item of 000131127001
    matters[1]["basic_code"] = "510131106000"  # a 四川 code in 安徽's catalogue
    matters.append(dict(matters[2]))  # the same code twice
    with pytest.raises(ImportFailed) as failure:
        import_catalogue(anhui, write(tmp_path / "tree.json", catalogue_sample))
    assert [str(p) for p in failure.value.problems] == [
        "tree.json 第1行 parent_code：主项 00013112700Y 不在文件中，也不在本省目录中",
        "tree.json 第2行 basic_code：地方事项的基本编码应以本省代码 34 开头（国家目录事项以 00 开头）",
        "tree.json 第4行 basic_code：基本编码 000105001000 与第3行重复",
    ]


def test_file_for_another_province_is_refused(anhui, tmp_path):
    document = load(DEMO / "catalogue" / "sichuan.json")
    with pytest.raises(ImportFailed) as failure:
        import_catalogue(anhui, write(tmp_path / "sichuan.json", document))
    assert str(failure.value.problems[0]) == (
        "sichuan.json：province 应为 340000（安徽省），文件中为“510000”"
    )


def test_export_json_equals_the_imported_demo_catalogue(anhui):
    import_catalogue(anhui, DEMO / "catalogue" / "anhui.json")
    demo = load(DEMO / "catalogue" / "anhui.json")
    exported = catalogue_document(anhui)
    assert exported["province"] == "340000"
    assert by_code(exported) == by_code(demo)
    codes = [m["basic_code"] for m in exported["matters"]]
    assert codes.index("00013112700Y") < codes.index("000131127001")


def test_commands_report_problems_one_per_line(anhui, catalogue_sample, tmp_path, capsys):
    catalogue_sample["matters"][2]["name"] = ""
    catalogue_sample["matters"][2]["case_type"] = "5"
    with pytest.raises(CommandError) as failure:
        call_command("import_catalogue", str(write(tmp_path / "x.json", catalogue_sample)),
                     province="anhui")  # fmt: skip
    assert str(failure.value).splitlines() == [
        "导入失败，未写入任何数据（共 2 个问题）：",
        "x.json 第3行 name：事项名称必填",
        "x.json 第3行 case_type：办件类型“5”无效",
    ]
    call_command("import_catalogue", str(SAMPLES / "catalogue-sample.json"), province="anhui")
    out = tmp_path / "out.json"
    call_command("export_catalogue", province="anhui", format="json", output=str(out))
    assert by_code(load(out)) == by_code(load(SAMPLES / "catalogue-sample.json"))
