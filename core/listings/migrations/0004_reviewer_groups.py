"""The reviewer groups of ``core.reviewers``, with their permissions, in every tenant schema
(the template included, so clones have them): created once here, never on a page view."""

from django.db import migrations

# (group, app label, model, codename, permission name): as core.reviewers.REVIEWS
GROUPS = (
    ("目录审核员", "catalogue", "matter", "review_matter", "可审核、发布基本目录事项"),
    ("清单审核员", "listings", "implementationitem", "review_item", "可审核、发布实施清单事项"),
)


def create_groups(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group_name, app_label, model, codename, name in GROUPS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("listings", "0003_implementationitem_revision"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
