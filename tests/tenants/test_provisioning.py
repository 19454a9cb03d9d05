"""provision_tenants: clone from the template, idempotent, dry run, deactivation only on request."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists
from wagtail.models import Site

from cms.models import RegionHomePage
from tenants.config import load_configs
from tenants.models import Department, Domain, Region, ServicePoint, Window
from tenants.provisioning import provision
from tests.conftest import SESSION_REGIONS, region_files

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("provision_tenants", *args, stdout=out)
    return out.getvalue()


def test_second_run_changes_nothing_and_says_so():
    output = run(*region_files(*SESSION_REGIONS))
    assert output.splitlines()[-1] == "全部 4 个区划均无变化（no changes）。"
    assert "[4/4] shushan 蜀山区 无变化" in output  # parents first, then by code


def test_session_regions_have_their_organisation_and_site():
    shushan = Region.objects.get(slug="shushan")
    assert shushan.parent.slug == "hefei" and shushan.parent.parent.slug == "anhui"
    assert shushan.ancestor_codes() == ["340100", "340000"]
    assert shushan.full_code == "340104000000"
    assert Domain.objects.get(tenant=shushan, is_primary=True).domain == "shushan.localhost"
    assert Department.objects.filter(region=shushan).count() == 15
    assert (
        Department.objects.get(region=shushan, short_name="市场监管局").name
        == "合肥市蜀山区市场监督管理局"
    )
    assert (
        ServicePoint.objects.filter(region=shushan, code="340104001")
        .get()
        .name.startswith("三里庵街道")
    )
    assert Window.objects.filter(hall__region=shushan).exists()
    with schema_context("shushan"):
        site = Site.objects.get()
        assert (site.hostname, site.port, site.is_default_site) == ("shushan.localhost", 80, True)
        assert site.root_page.specific_class is RegionHomePage
        assert site.root_page.title == "蜀山区"
        # Wagtail's welcome page from the template was replaced.
        assert not site.root_page.get_siblings().exclude(pk=site.root_page.pk).exists()


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path):
    source = region_files("shushan")[0]
    data = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
    data["branding"]["site_title"] = "蜀山区政务服务网（新）"
    changed = tmp_path / "shushan.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    output = run(str(changed), "--dry-run")

    assert "[1/1] 计划 shushan 蜀山区 更新：配置项 branding；站点名称或根页面" in output
    assert output.splitlines()[-1] == "计划：更新 1"
    with schema_context("shushan"):
        assert Site.objects.get().site_name == "蜀山区政务服务网"


def test_changed_file_updates_the_region_then_is_unchanged(tmp_path):
    data = yaml.safe_load(Path(region_files("yaohai")[0]).read_text(encoding="utf-8"))
    data["departments"][0]["phone"] = "0551-60000000"
    data["service_points"] = data["service_points"][1:]
    changed = tmp_path / "yaohai.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    first = run(str(changed))
    second = run(str(changed))

    assert "yaohai 瑶海区 更新：配置项 departments；配置项 service_points" in first
    region = Region.objects.get(slug="yaohai")
    assert region.departments.get(key=data["departments"][0]["key"]).phone == "0551-60000000"
    assert region.service_points.filter(is_active=False).count() == 1  # deactivated, not deleted
    assert second.splitlines()[-1] == "全部 1 个区划均无变化（no changes）。"


def test_new_region_is_cloned_from_the_template_with_its_own_site():
    output = run(*region_files("baohe"))
    assert "[1/1] baohe 包河区 新建：新建租户（从模板克隆）；管理员 baohe_admin" in output
    assert schema_exists("baohe")
    with schema_context("baohe"):
        assert Site.objects.get().hostname == "baohe.localhost"
        from django.contrib.auth import get_user_model

        assert list(get_user_model().objects.values_list("username", flat=True)) == ["baohe_admin"]
    with connection.cursor() as cursor:  # the clone recorded the template's migrations as applied
        cursor.execute("SELECT count(*) FROM baohe.django_migrations")
        cloned = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM template.django_migrations")
        assert cloned == cursor.fetchone()[0] > 100


def test_missing_region_is_deactivated_only_with_the_flag(tmp_path):
    shutil.copy(region_files("anhui")[0], tmp_path / "anhui.yaml")
    shutil.copy(region_files("hefei")[0], tmp_path / "hefei.yaml")
    shutil.copy(region_files("shushan")[0], tmp_path / "shushan.yaml")

    run(str(tmp_path))
    assert Region.objects.get(slug="yaohai").is_active

    output = run(str(tmp_path), "--deactivate-missing")
    assert "yaohai 瑶海区 停用" in output
    yaohai = Region.objects.get(slug="yaohai")
    assert not yaohai.is_active and schema_exists("yaohai")


def test_invalid_configs_abort_before_writing(tmp_path):
    data = yaml.safe_load(Path(region_files("shushan")[0]).read_text(encoding="utf-8"))
    data["departments"][0]["uscc"] = data["departments"][0]["uscc"][:17] + "0"
    bad = tmp_path / "shushan.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(
        CommandError, match=r"shushan.yaml:departments\[0\].uscc: 统一社会信用代码校验位错误"
    ):
        run(str(bad))


def test_provision_reports_progress_for_each_region():
    seen = []
    provision(
        load_configs(region_files("anhui", "hefei")),
        progress=lambda i, n, o: seen.append((i, n, o.action)),
    )
    assert seen == [(1, 2, "unchanged"), (2, 2, "unchanged")]
