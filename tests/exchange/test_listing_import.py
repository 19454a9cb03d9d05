"""Listing import into 蜀山: claims, entries, publishing, atomic failure, departments, export."""

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from core.catalogue.exchange.importer import import_catalogue
from core.catalogue.exchange.problems import ImportFailed
from core.catalogue.models import Claim
from core.listings import services
from core.listings.exchange.exporter import export_listing, listing_document
from core.listings.exchange.importer import import_listing
from core.listings.models import ImplementationItem
from tenants.models import Region
from tests.factories import listing_entry

from .conftest import SAMPLES, write

pytestmark = pytest.mark.django_db

USCC = {"scjg": "11340104MB3579887N"}


@pytest.fixture
def shushan():
    import_catalogue(Region.objects.get(slug="anhui"), SAMPLES / "catalogue-sample.json")
    return Region.objects.get(slug="shushan")


def items_of(slug: str) -> dict:
    with schema_context(slug):
        return {
            item.matter.basic_code: item
            for item in ImplementationItem.objects.select_related(
                "matter", "department", "live_version"
            )
        }


def test_import_claims_localises_and_publishes(shushan):
    outcome = import_listing(shushan, SAMPLES / "listing-sample.json", user="clerk")
    assert str(outcome) == "listing-sample.json：新认领 3 项，更新要素 0 项，发布 2 项，未变化 0 项"
    claims = Claim.objects.filter(region=shushan).order_by("implementation_code")
    assert [c.implementation_code for c in claims] == [
        "11340104MB3579887N4000131106000", "11340104MB3579887N4000131127001",
        "11340104MB8352439Q4000105001000",
    ]  # fmt: skip
    items = items_of("shushan")
    food = items["000131106000"]
    assert (food.state, food.live_version.number, food.live_version.published_by) == (
        "published", 1, "clerk",
    )  # fmt: skip
    assert food.promised_limit == {"value": 5, "unit": "工作日", "note": "告知承诺制申请当场发证"}
    assert items["000105001000"].state == "draft"
    assert items["000105001000"].live_version is None


def test_department_resolved_by_short_name_uscc_and_full_name(shushan):
    import_listing(shushan, SAMPLES / "listing-sample.json")
    items = items_of("shushan")
    assert items["000131127001"].department.short_name == "市场监管局"  # by short name
    assert items["000131106000"].department.uscc == USCC["scjg"]  # by USCC
    assert items["000105001000"].department.name == "合肥市蜀山区教育体育局"  # by full name


def test_second_import_changes_nothing(shushan):
    import_listing(shushan, SAMPLES / "listing-sample.json")
    outcome = import_listing(shushan, SAMPLES / "listing-sample.json")
    assert str(outcome) == "listing-sample.json：没有变化（3 项均与现有清单一致）"
    with schema_context("shushan"):
        assert (
            ImplementationItem.objects.get(matter__basic_code="000131106000").versions.count() == 1
        )


def test_changed_published_entry_is_republished(shushan, listing_sample, tmp_path):
    import_listing(shushan, SAMPLES / "listing-sample.json")
    listing_sample["items"][1]["hours"] = "周一至周五 9:00-17:00"
    outcome = import_listing(shushan, write(tmp_path / "shushan.json", listing_sample))
    assert (outcome.updated, outcome.published) == (
        ["11340104MB3579887N4000131106000"], ["11340104MB3579887N4000131106000"],
    )  # fmt: skip
    food = items_of("shushan")["000131106000"]
    assert (food.state, food.live_version.number, food.hours) == (
        "published", 2, "周一至周五 9:00-17:00",
    )  # fmt: skip


def test_bad_sample_imports_nothing_and_reports_every_problem(shushan):
    with pytest.raises(ImportFailed) as failure:
        import_listing(shushan, SAMPLES / "listing-bad.json")
    assert [str(p) for p in failure.value.problems] == [
        "listing-bad.json 第1行 promised_limit：承诺办结时限（20个工作日）超过法定办结时限"
        "（3个工作日）：请缩短承诺时限",
        "listing-bad.json 第2行 department：“市场监督局”不是蜀山区的部门（可填统一社会信用代码、全称或简称）",
        "listing-bad.json 第3行 materials[0].kind：材料类型“原印件”无效，可选：原件、复印件、原件和复印件",
    ]
    assert failure.value.problems[2].path == "items[2].materials[0].kind"
    assert not Claim.objects.filter(region=shushan).exists()
    assert items_of("shushan") == {}


def test_failure_while_writing_rolls_back_claims_too(shushan, listing_sample, tmp_path):
    """A problem only the services find (an entry under review) undoes the claims written
    before it in the same file: claims (public) and entries (tenant) share one transaction."""
    item = listing_entry("shushan", "000131106000")
    with schema_context("shushan"):
        services.submit_item(item)
    listing_sample["items"][1]["hours"] = "全天"
    with pytest.raises(ImportFailed) as failure:
        import_listing(shushan, write(tmp_path / "shushan.json", listing_sample))
    assert [str(p) for p in failure.value.problems] == [
        "shushan.json 第2行：事项正在审核中，请先撤回再修改",
    ]
    assert list(
        Claim.objects.filter(region=shushan).values_list("matter__basic_code", flat=True)
    ) == ["000131106000"]
    assert list(items_of("shushan")) == ["000131106000"]


def test_unpublished_matter_wrong_level_and_duplicates(shushan, listing_sample, tmp_path):
    items = listing_sample["items"]
    items[0]["basic_code"] = "000199999000"
    items[1]["level"] = "2"  # the matter allows 3 and 4
    items.append(dict(items[2]))
    with pytest.raises(ImportFailed) as failure:
        import_listing(shushan, write(tmp_path / "shushan.json", listing_sample))
    assert [str(p) for p in failure.value.problems] == [
        "shushan.json 第1行 basic_code：本省目录中没有基本编码为 000199999000 的事项",
        "shushan.json 第2行 level：行使层级 2 不在目录允许的层级内",
        "shushan.json 第4行 basic_code：与第3行是同一清单事项（实施编码 11340104MB8352439Q4000105001000）",
    ]


def test_export_json_equals_the_imported_file(shushan, listing_sample):
    import_listing(shushan, SAMPLES / "listing-sample.json")
    exported = {i["basic_code"]: i for i in listing_document(shushan)["items"]}
    revisions = {code: item.revision for code, item in items_of("shushan").items()}
    assert {code: i.pop("revision") for code, i in exported.items()} == revisions
    codes = {code: item.implementation_code for code, item in items_of("shushan").items()}
    assert {code: i.pop("implementation_code") for code, i in exported.items()} == codes
    for item in listing_sample["items"]:
        item["department"] = items_of("shushan")[item["basic_code"]].department.short_name
        assert exported[item["basic_code"]] == item


def test_xlsx_round_trip_and_sample_xlsx(shushan, tmp_path):
    outcome = import_listing(shushan, SAMPLES / "listing-sample.xlsx")
    assert (len(outcome.claimed), len(outcome.published)) == (3, 2)
    before = listing_document(shushan)
    assert export_listing(shushan, tmp_path / "shushan.xlsx", "xlsx") == 3
    assert not import_listing(shushan, tmp_path / "shushan.xlsx").changed
    assert listing_document(shushan) == before


def test_load_demo_data_is_idempotent(capsys):
    call_command("load_demo_data")
    first = capsys.readouterr().out
    assert "anhui.json：新建 58 项，发布新版本 0 项，未变化 0 项" in first
    assert "shushan.json：新认领 32 项，更新要素 0 项，发布 30 项，未变化 0 项" in first
    call_command("load_demo_data")
    second = capsys.readouterr().out.splitlines()
    assert second[-1] == "演示数据：导入 4 个文件，其中 0 个有变化。"
    assert "shushan.json：没有变化（32 项均与现有清单一致）" in second


def test_an_export_edited_after_someone_else_changed_the_entry_is_refused(shushan, tmp_path):
    import_listing(shushan, SAMPLES / "listing-sample.json")
    exported = listing_document(shushan)  # a clerk exports, edits the file offline …
    food = next(i for i in exported["items"] if i["basic_code"] == "000131106000")
    food["hours"] = "全天"
    with schema_context("shushan"):  # … while a colleague edits the entry in the admin
        services.update_item(
            items_of("shushan")["000131106000"], {"consult_phone": "0551-65300000"}
        )
    with pytest.raises(ImportFailed) as failure:
        import_listing(shushan, write(tmp_path / "stale.json", exported))
    message = str(failure.value)
    assert "该事项在导出后已被修改" in message and "本行未导入：请重新导出后再修改" in message
    entry = items_of("shushan")["000131106000"]
    assert (entry.hours != "全天", entry.consult_phone) == (True, "0551-65300000")
    # Re-exported, the same edit goes through.
    fresh = listing_document(shushan)
    next(i for i in fresh["items"] if i["basic_code"] == "000131106000")["hours"] = "全天"
    assert import_listing(shushan, write(tmp_path / "fresh.json", fresh)).updated
    assert items_of("shushan")["000131106000"].hours == "全天"


def test_a_stale_export_cannot_publish_a_colleagues_unreviewed_draft(shushan, tmp_path):
    import_listing(shushan, SAMPLES / "listing-sample.json")
    exported = listing_document(shushan)
    food = next(i for i in exported["items"] if i["basic_code"] == "000131106000")
    del food["consult_phone"]  # the file says nothing about the element the colleague changes
    with schema_context("shushan"):
        services.update_item(
            items_of("shushan")["000131106000"], {"consult_phone": "0551-65300000"}
        )
    with pytest.raises(ImportFailed) as failure:
        import_listing(shushan, write(tmp_path / "stale.json", exported))
    assert "该事项在导出后已被修改" in str(failure.value)
    entry = items_of("shushan")["000131106000"]
    assert (entry.state, entry.live_version.number) == ("draft", 1)  # still the reviewed v1 live
