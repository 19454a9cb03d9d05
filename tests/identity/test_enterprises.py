"""法人 accounts and 经办人: an agent acts for the enterprise only while authorised, on the
portal and through the API."""

import json

import pytest

from core.domain.errors import DomainError
from core.identity import enterprises
from core.identity.models import AgentAuthorisation

from .factories import EnterpriseFactory, PersonFactory, VerifiedPersonFactory, uscc
from .helpers import sign_in

pytestmark = pytest.mark.django_db


def test_only_the_verified_legal_representative_registers_an_enterprise():
    person = PersonFactory(name="陈静")
    with pytest.raises(DomainError, match="注册法人账户需先完成实名核验"):
        enterprises.register_enterprise(person, uscc(7), "合肥某某科技有限公司", "陈静")
    verified = VerifiedPersonFactory(name="陈静")
    with pytest.raises(DomainError, match="只有法定代表人本人可以注册法人账户"):
        enterprises.register_enterprise(verified, uscc(7), "合肥某某科技有限公司", "别人")
    with pytest.raises(DomainError, match="统一社会信用代码校验位错误"):
        enterprises.register_enterprise(
            verified, uscc(7)[:17] + "1", "合肥某某科技有限公司", "陈静"
        )
    enterprise = enterprises.register_enterprise(verified, uscc(7), "合肥某某科技有限公司", "陈静")
    assert enterprise.administrator == verified


def test_grant_and_revoke_an_agent_through_the_portal_and_the_api(region_client):
    enterprise = EnterpriseFactory(name="蜀山测试有限公司")
    agent = PersonFactory(name="孙经办")
    grant = enterprises.grant_agent(enterprise, enterprise.administrator, agent.mobile)
    with pytest.raises(DomainError, match="孙经办 已是经办人"):
        enterprises.grant_agent(enterprise, enterprise.administrator, agent.mobile)
    with pytest.raises(DomainError, match="只有法人账户的管理员可以管理经办人"):
        enterprises.grant_agent(enterprise, agent, PersonFactory().mobile)
    shushan = region_client("shushan")
    sign_in(shushan, agent)
    response = shushan.post("/account/enterprise/act-as/", {"enterprise": enterprise.pk})
    assert response.status_code == 302
    page = shushan.get("/account/enterprise/").content.decode()
    assert "您正在以 <strong>蜀山测试有限公司</strong> 经办人的身份办事" in page
    me = json.loads(shushan.post("/graphql/", json.dumps({"id": "Me"}),
                                 content_type="application/json").content)["data"]["me"]  # fmt: skip
    assert me["actingFor"]["name"] == "蜀山测试有限公司"
    enterprises.revoke_agent(enterprise, enterprise.administrator, grant.pk)
    page = shushan.get("/account/enterprise/").content.decode()
    assert "您正在以个人身份办事" in page  # the same session no longer acts for it
    refused = shushan.post("/account/enterprise/act-as/", {"enterprise": enterprise.pk})
    assert refused.status_code == 403
    assert AgentAuthorisation.objects.get().revoked_by == enterprise.administrator


def test_a_stranger_cannot_choose_an_enterprise(region_client):
    enterprise = EnterpriseFactory()
    shushan = region_client("shushan")
    sign_in(shushan, PersonFactory())
    assert (
        shushan.post("/account/enterprise/act-as/", {"enterprise": enterprise.pk}).status_code
        == 403
    )
    sign_in(shushan, PersonFactory(), enterprise=enterprise)  # a session naming it anyway
    page = shushan.get("/account/enterprise/").content.decode()
    assert "您正在以个人身份办事" in page
