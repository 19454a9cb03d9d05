"""Wagtail names the tree's root page “Root”, shown in every breadcrumb of the page explorer:
call it 全部页面 in each region's schema (and in the template new regions are cloned from)."""

from django.db import migrations

TITLE = "全部页面"


def rename_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title=TITLE, draft_title=TITLE)


def restore_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=TITLE).update(title="Root", draft_title="Root")


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes")]

    operations = [migrations.RunPython(rename_root, restore_root)]
