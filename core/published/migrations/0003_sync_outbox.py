# The read model becomes a function of state: rows are keyed by (region, entry) and written only
# by the guide sync; the outbox records sync requests. Existing rows are dropped here and
# rebuilt by `manage.py rebuild_projection` (which syncs every guide from its entry).

import django.utils.timezone
from django.db import migrations, models


def drop_rows(apps, schema_editor):
    # Shared-app migrations also run in tenant schemas, whose search_path reaches public.
    if getattr(schema_editor.connection, "schema_name", "public") == "public":
        apps.get_model("published", "PublishedGuide").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("published", "0002_ratings"),
        ("tenants", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_rows, migrations.RunPython.noop),
        migrations.AddField(
            model_name="publishedguide",
            name="entry_id",
            field=models.PositiveIntegerField(default=0, verbose_name="实施清单事项ID"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="publishedguide",
            name="synced_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="同步时间"),
        ),
        migrations.AddConstraint(
            model_name="publishedguide",
            constraint=models.UniqueConstraint(fields=("region", "entry_id"), name="one_guide_per_entry"),
        ),
        migrations.CreateModel(
            name="SyncRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("schema_name", models.CharField(max_length=63, verbose_name="租户")),
                ("entry_id", models.PositiveIntegerField(verbose_name="实施清单事项ID")),
                ("requested_at", models.DateTimeField(verbose_name="请求时间")),
                ("generation", models.PositiveBigIntegerField(default=1)),
                ("attempts", models.PositiveIntegerField(default=0, verbose_name="失败次数")),
                ("next_attempt_at", models.DateTimeField(db_index=True, verbose_name="下次尝试时间")),
                ("last_error", models.TextField(blank=True, verbose_name="最近错误")),
            ],
            options={"verbose_name": "指南同步请求", "verbose_name_plural": "指南同步请求"},
        ),
        migrations.AddConstraint(
            model_name="syncrequest",
            constraint=models.UniqueConstraint(fields=("schema_name", "entry_id"), name="one_sync_request"),
        ),
    ]
