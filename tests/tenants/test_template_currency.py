"""A region is never cloned from a template schema that is behind the code (issue 9): the
clone would record the missing migrations as applied and migrate_schemas would skip it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import Region
from tenants.provisioning import unapplied_template_migrations
from tests.conftest import region_files

pytestmark = pytest.mark.django_db


def latest_template_migration() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT app, name FROM template.django_migrations WHERE app = 'listings'"
            " ORDER BY name DESC LIMIT 1"
        )
        return cursor.fetchone()


def test_a_migrated_template_is_current():
    assert unapplied_template_migrations() == []


def test_provisioning_refuses_to_clone_from_a_template_behind_the_code():
    app, name = latest_template_migration()
    with connection.cursor() as cursor:  # as after a deploy, before migrate_schemas --tenant
        cursor.execute(
            "DELETE FROM template.django_migrations WHERE app = %s AND name = %s", [app, name]
        )
    assert unapplied_template_migrations() == [f"{app}.{name}"]
    with pytest.raises(CommandError) as caught:
        call_command("provision_tenants", *region_files("baohe"))
    assert str(caught.value) == (
        f"模板 schema“template”有 1 个迁移尚未执行（{app}.{name}），现在克隆的新区划会缺表。"
        "请先运行 python manage.py migrate_schemas --tenant（即 make migrate 的最后一步），"
        "再重新运行 provision_tenants。"
    )
    assert not Region.objects.filter(schema_name="baohe").exists()
    assert not schema_exists("baohe")


def test_existing_regions_are_still_updated_while_the_template_is_behind(tmp_path):
    app, name = latest_template_migration()
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM template.django_migrations WHERE app = %s AND name = %s", [app, name]
        )
    out = StringIO()  # nothing is cloned, so nothing is refused
    call_command("provision_tenants", *region_files("shushan"), stdout=out)
    assert out.getvalue().splitlines()[-1] == "全部 1 个区划均无变化（no changes）。"
