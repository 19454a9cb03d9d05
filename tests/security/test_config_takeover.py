"""Config takeovers: a region file may not take a reserved name, the platform host or a host
another region owns (in the files or in the database), and a host dropped from a file stops
routing to the region. Every refusal names the file and the key path; nothing is written."""

import textwrap
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from tenants.config import ConfigError, load_configs
from tenants.models import Domain, Region
from tests.conftest import region_files

COUNTY = """
code: "340104"
name: 蜀山区
slug: shushan
level: county
parent: "340100"
"""
CITY = """
code: "340100"
name: 合肥市
slug: hefei
level: city
parent: "340000"
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(tmp_path, known=frozenset({"340100", "340000"})) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_configs([str(tmp_path)], known_codes=known)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


@pytest.mark.parametrize(
    "slug", ["public", "template", "platform", "id", "www", "admin", "api", "static", "media"]
)
def test_reserved_slugs_are_refused(tmp_path, slug):
    write(tmp_path, "x.yaml", COUNTY.replace("slug: shushan", f"slug: {slug}"))
    assert problems_of(tmp_path) == [f"x.yaml:slug: “{slug}”是平台保留名称，不能用作区划标识"]


def test_platform_reserved_and_other_regions_hosts_are_refused_in_a_file(tmp_path):
    extra = "domains: [localhost, id.localhost, hefei.localhost, shushan.localhost]\n"
    write(tmp_path, "shushan.yaml", COUNTY + extra)
    assert problems_of(tmp_path) == [
        "shushan.yaml:domains[0]: localhost 是平台主机，不能作为区划域名",
        "shushan.yaml:domains[1]: id.localhost 是平台保留域名",
        "shushan.yaml:domains[2]: localhost 的子域名只能是本区划的主域名 shushan.localhost",
    ]


def test_a_domain_claimed_by_two_files_is_refused(tmp_path):
    write(tmp_path, "hefei.yaml", CITY + "domains: [zwfw.hefei.gov.cn]\n")
    write(tmp_path, "shushan.yaml", COUNTY + "domains: [www.ss.gov.cn, zwfw.hefei.gov.cn]\n")
    assert problems_of(tmp_path) == [
        "shushan.yaml:domains[1]: 与 hefei.yaml 重复：zwfw.hefei.gov.cn"
    ]


def test_logo_must_be_an_http_url_or_a_portal_path(tmp_path):
    branding = 'branding: {logo: "javascript:alert(1)"}\n'
    write(tmp_path, "shushan.yaml", COUNTY + branding)
    [problem] = problems_of(tmp_path)
    assert problem.startswith("shushan.yaml:branding.logo: 'javascript:alert(1)' does not match")
    write(tmp_path, "shushan.yaml", COUNTY + 'branding: {logo: "/static/logo.png"}\n')
    assert load_configs([str(tmp_path)], known_codes={"340100"})[0].slug == "shushan"


def provision_file(tmp_path, slug: str, **changes) -> str:
    data = yaml.safe_load(Path(region_files(slug)[0]).read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = StringIO()
    call_command("provision_tenants", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_domain_another_region_owns_in_the_database_is_refused(tmp_path):
    hefei = Region.objects.get(slug="hefei")
    Domain.objects.create(domain="zwfw.hefei.gov.cn", tenant=hefei, is_primary=False)
    with pytest.raises(CommandError) as caught:
        provision_file(tmp_path, "shushan", domains=["zwfw.shushan.gov.cn", "zwfw.hefei.gov.cn"])
    assert str(caught.value).endswith(
        "shushan.yaml:domains[1]: 域名 zwfw.hefei.gov.cn 已属于 合肥市（hefei）"
    )
    assert Domain.objects.get(domain="zwfw.hefei.gov.cn").tenant == hefei
    assert not Domain.objects.filter(domain="zwfw.shushan.gov.cn").exists()


@pytest.mark.django_db
def test_a_domain_dropped_from_the_file_stops_routing(tmp_path, region_client):
    provision_file(tmp_path, "shushan", domains=["zwfw.shushan.gov.cn"])
    shushan = Region.objects.get(slug="shushan")
    assert set(shushan.domains.values_list("domain", flat=True)) == {
        "shushan.localhost",
        "zwfw.shushan.gov.cn",
    }
    assert provision_file(tmp_path, "shushan", domains=[]).count("配置项 domains") == 1
    assert list(shushan.domains.values_list("domain", flat=True)) == ["shushan.localhost"]
    from django.test import Client

    assert Client(HTTP_HOST="zwfw.shushan.gov.cn").get("/").status_code in (400, 404)
    assert region_client("shushan").get("/").status_code == 200
