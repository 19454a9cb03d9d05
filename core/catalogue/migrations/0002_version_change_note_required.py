"""变更说明 becomes required for published versions; rejection notes get their own field.

Existing published versions without a note get one: version 1 "首次发布", a later version the
list of elements that differ from the version before it (so the inbox and the compare view
still say what changed). A rejected version's old note was the reviewer's: it moves to
``review_note``."""

from django.db import migrations, models

ELEMENTS = (
    "name", "type", "levels", "department", "service_objects", "themes", "life_events",
    "legal_basis", "aliases", "description", "statutory_limit", "status", "effective_date",
    "cancel_date", "case_type", "conditions", "materials", "steps", "result", "fee", "faqs",
)  # fmt: skip
LABELS = {
    "name": "事项名称", "type": "事项类型", "levels": "行使层级", "department": "主管部门",
    "service_objects": "服务对象", "themes": "服务主题", "life_events": "一件事",
    "legal_basis": "设定依据", "aliases": "日常用语", "description": "事项说明",
    "statutory_limit": "法定办结时限", "status": "事项状态", "effective_date": "计划生效日期",
    "cancel_date": "计划取消日期", "case_type": "办件类型", "conditions": "受理条件",
    "materials": "申请材料", "steps": "办理流程", "result": "审批结果", "fee": "收费",
    "faqs": "常见问题",
}  # fmt: skip


def default_note(version, previous) -> str:
    if previous is None:
        return "首次发布"
    changed = [LABELS[n] for n in ELEMENTS if getattr(version, n) != getattr(previous, n)]
    summary = f"变更要素：{'、'.join(changed)}" if changed else "要素无变化"
    return f"{summary}（发布时未填写变更说明，由系统补记）"


def fill_notes(apps, schema_editor):
    MatterVersion = apps.get_model("catalogue", "MatterVersion")
    rejected = MatterVersion.objects.filter(state="rejected").exclude(change_note="")
    for version in rejected:
        version.review_note, version.change_note = version.change_note, ""
        version.save(update_fields=["review_note", "change_note"])
    missing = MatterVersion.objects.filter(state="published", change_note="").order_by(
        "matter_id", "number"
    )
    for version in missing.iterator(chunk_size=500):
        previous = (
            MatterVersion.objects.filter(
                matter_id=version.matter_id, state="published", number__lt=version.number
            )
            .order_by("-number")
            .first()
        )
        version.change_note = default_note(version, previous)[:500]
        version.save(update_fields=["change_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="matterversion",
            name="review_note",
            field=models.CharField(blank=True, max_length=500, verbose_name="审核意见"),
        ),
        migrations.RunPython(fill_notes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="matterversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "published"), _negated=True),
                    models.Q(("change_note", ""), _negated=True),
                    _connector="OR",
                ),
                name="published_version_has_change_note",
            ),
        ),
    ]
