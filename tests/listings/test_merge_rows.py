"""List elements merge row by row: the catalogue and the county changing different materials is
no conflict; a material both changed is decided on its own (take the catalogue's material 2,
keep our material 3), through the entry's revision."""

import pytest
from django_tenants.utils import schema_context

from core.catalogue import services as catalogue
from core.domain.errors import DomainError
from core.listings import merge_lists, services
from core.listings.merge import merge_version, resolve_conflict
from core.listings.models import ImplementationItem
from tests.factories import listing_entry

FOOD = "000131106000"


def row(name, **fields):
    return {"name": name, "kind": "原件", "copies": 0, **fields}


A, B, C = row("申请书"), row("营业执照"), row("场所证明")


def merged(base, theirs, ours, decisions=None):
    aligned = merge_lists.slots("materials", base, theirs, ours)
    return merge_lists.merge_rows(aligned, decisions), merge_lists.conflicting(aligned)


def test_different_rows_changed_on_each_side_merge_without_conflict():
    theirs = [A, row("营业执照", copies=1), C]
    ours = [A, B, row("场所证明", notes="租赁合同亦可")]
    assert merged([A, B, C], theirs, ours) == (
        [A, row("营业执照", copies=1), row("场所证明", notes="租赁合同亦可")],
        [],
    )


def test_the_same_row_changed_differently_is_a_conflict_decided_per_row():
    theirs = [A, row("营业执照", copies=1), row("场所证明", kind="复印件")]
    ours = [A, row("营业执照", form="电子"), row("场所证明", notes="租赁合同亦可")]
    aligned = merge_lists.slots("materials", [A, B, C], theirs, ours)
    assert merge_lists.conflicting(aligned) == [2, 3]
    assert [slot.change for slot in aligned] == ["未变", "目录修改，本地修改", "目录修改，本地修改"]
    rows = merge_lists.merge_rows(aligned, {2: "theirs", 3: "ours"})
    assert rows == [A, row("营业执照", copies=1), row("场所证明", notes="租赁合同亦可")]


def test_rows_added_deleted_and_reordered_keep_the_county_order():
    new = row("健康证明")
    theirs = [A, new, B]  # catalogue adds 健康证明 after 申请书 and drops 场所证明
    ours = [C, A, B]  # county moved 场所证明 to the top, untouched
    assert merged([A, B, C], theirs, ours) == ([A, new, B], [])


def test_deleted_on_one_side_and_changed_on_the_other_is_a_conflict():
    changed = row("场所证明", notes="租赁合同亦可")
    rows, needed = merged([A, B, C], [A, B], [A, B, changed])
    assert (rows, needed) == ([A, B, changed], [3])
    assert merged([A, B, C], [A, B], [A, B, changed], {3: "theirs"})[0] == [A, B]


def test_the_same_row_added_on_both_sides_is_one_slot():
    theirs, ours = [A, row("健康证明", copies=1)], [A, row("健康证明", copies=2)]
    aligned = merge_lists.slots("materials", [A], theirs, ours)
    assert (len(aligned), merge_lists.conflicting(aligned)) == (2, [2])
    assert aligned[1].change == "目录新增，本地新增"


def test_decisions_must_cover_exactly_the_conflicting_rows():
    aligned = merge_lists.slots("materials", [A, B], [A, row("营业执照", copies=1)],
                                [row("申请书", copies=3), row("营业执照", copies=2)])  # fmt: skip
    with pytest.raises(DomainError) as error:
        merge_lists.check_decisions("materials", "申请材料", aligned, {1: "theirs"})
    assert [p.message for p in error.value.problems] == [
        "申请材料第 2 项：双方都有修改，请选择“采用目录”或“保留本地”",
        "申请材料第 1 项没有冲突，无需选择",
    ]


# --- through the domain services, in a tenant -------------------------------------------


def new_version(matter, **elements):
    draft = catalogue.start_version(matter, allow_national=True)
    catalogue.update_draft(draft, {**elements, "change_note": "材料要求调整"})
    catalogue.submit_version(draft)
    return catalogue.publish_version(draft)


@pytest.mark.django_db
def test_clerk_takes_the_catalogues_material_2_and_keeps_our_material_3():
    item = listing_entry("shushan", FOOD)
    base = item.base_version.materials
    with schema_context("shushan"):
        ours = [dict(m) for m in item.materials]
        ours[1] = {**base[1], "form": "电子"}
        ours[2] = {**base[2], "notes": "可提供租赁场所的平面图"}
        services.update_item(item, {"materials": ours})
    theirs = [dict(m) for m in base]
    theirs[1] = {**base[1], "copies": 1}
    theirs[2] = {**base[2], "source_note": "含平面布局图、设备布局图和操作流程"}
    version = new_version(item.matter, materials=theirs)
    with schema_context("shushan"):
        outcome = merge_version(item, version)
        conflict = item.conflicts.get()
        item.refresh_from_db()
        revision = item.revision
        assert (outcome.conflicts, conflict.element) == (["materials"], "materials")
        with pytest.raises(DomainError) as error:
            resolve_conflict(conflict, "rows", revision, "shushan_clerk", rows={2: "theirs"})
        assert str(error.value) == (
            "materials[3]：申请材料第 3 项：双方都有修改，请选择“采用目录”或“保留本地”"
        )
        with pytest.raises(DomainError, match="已被他人修改"):
            resolve_conflict(conflict, "rows", revision - 1, rows={2: "theirs", 3: "ours"})
        resolve_conflict(conflict, "rows", revision, "shushan_clerk", {2: "theirs", 3: "ours"})
        item = ImplementationItem.objects.get(pk=item.pk)
        conflict.refresh_from_db()
    assert item.materials == [ours[0], theirs[1], ours[2], *ours[3:]]
    assert (conflict.resolved, conflict.resolution, item.sync_state) == (True, "rows", "outdated")
    assert item.revision == revision + 1


@pytest.mark.django_db
def test_a_text_conflict_cannot_be_decided_row_by_row():
    item = listing_entry("shushan", FOOD, conditions="蜀山本地受理条件")
    version = new_version(item.matter, conditions="省级新受理条件")
    with schema_context("shushan"):
        merge_version(item, version)
        conflict = item.conflicts.get()
        with pytest.raises(DomainError, match="受理条件不是列表，只能整项采用目录或保留本地"):
            resolve_conflict(conflict, "rows", rows={1: "theirs"})
        conflict.refresh_from_db()
    assert not conflict.resolved
