"""Registration with a one-time code, Argon2 passwords and lockout, 实名核验, consent,
download and closure."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.domain.errors import DomainError
from core.identity import accounts, otp, personal_data, sms, verifiers
from core.identity.models import Consent, Favourite, Level, Person
from core.published import ratings
from core.published.models import PublishedGuide
from core.published.models_ratings import Rating
from tests.factories import published_entry

from .factories import EnterpriseFactory, PersonFactory
from .oidc import PASSWORD, provider_client, with_password

pytestmark = pytest.mark.django_db
DEMO_NAME, DEMO_ID = "张伟", "340104198503120019"  # in fixtures/demo_identities.json


@pytest.fixture(autouse=True)
def _fresh_codes():
    cache.clear()
    yield
    cache.clear()


def test_register_with_a_code_from_the_dev_mailbox_then_signed_in():
    client = provider_client()
    form = {"name": DEMO_NAME, "id_number": DEMO_ID, "mobile": "13800000001", "password": "",
            "next": "/account/"}  # fmt: skip
    response = client.post("/register/", {**form, "send_code": "1"})
    assert "验证码已发送" in response.content.decode()
    assert client.get("/dev/mailbox/").status_code == 200
    code = sms.last_code("13800000001")
    assert len(code) == 6
    refused = client.post("/register/", {**form, "code": code})  # consent not given
    assert "请阅读并同意个人信息处理规则" in refused.content.decode()
    response = client.post("/register/", {**form, "code": code, "consent": "2026-11"})
    assert (response.status_code, response["Location"]) == (302, "/account/")
    person = Person.objects.get()
    assert (person.name, person.level, person.id_number) == (DEMO_NAME, Level.L1, DEMO_ID)
    assert list(Consent.objects.values_list("version", flat=True)) == ["2026-11"]
    page = client.get("/account/").content.decode()
    assert "3401**********0019" in page and "138****0001" in page and DEMO_ID not in page


def test_a_code_is_single_use_and_dies_after_five_wrong_tries():
    otp.send_code("13800000002", "login")
    code = sms.last_code("13800000002")
    otp.check_code("13800000002", "login", code)
    with pytest.raises(DomainError, match="验证码已失效"):
        otp.check_code("13800000002", "login", code)
    cache.clear()
    otp.send_code("13800000002", "login")
    code = sms.last_code("13800000002")
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError, match=f"验证码错误，还可尝试{left}次"):
            otp.check_code("13800000002", "login", "000000" if code != "000000" else "111111")
    with pytest.raises(DomainError, match="验证码错误次数过多"):
        otp.check_code("13800000002", "login", "000000" if code != "000000" else "111111")
    with pytest.raises(DomainError, match="验证码已失效"):
        otp.check_code("13800000002", "login", code)


def test_one_code_a_minute():
    otp.send_code("13800000003", "login")
    with pytest.raises(DomainError, match="验证码已发送，请60秒后再获取"):
        otp.send_code("13800000003", "login")


def test_passwords_are_argon2_and_five_failures_lock_the_account():
    person = with_password(PersonFactory())
    assert Person.objects.get(pk=person.pk).password.startswith("argon2$argon2id$")
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError, match=f"账号或密码错误，再错{left}次将锁定账户"):
            accounts.authenticate_password(person.mobile, "wrong-password")
    with pytest.raises(DomainError, match="密码错误次数过多，账户已锁定15分钟"):
        accounts.authenticate_password(person.mobile, "wrong-password")
    with pytest.raises(DomainError, match="账户已锁定，请15分钟后再试"):
        accounts.authenticate_password(person.mobile, PASSWORD)  # even the right one
    Person.objects.filter(pk=person.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    assert accounts.authenticate_password(person.id_number, PASSWORD) == person


def test_lockout_through_the_login_page():
    person = with_password(PersonFactory())
    client = provider_client()
    form = {"identifier": person.mobile, "password": "nope-nope", "mode": "password"}
    for _ in range(5):
        client.post("/login/", form)
    page = client.post("/login/", {**form, "password": PASSWORD}).content.decode()
    assert "账户已锁定" in page
    assert client.get("/account/").status_code == 302  # not signed in


def test_an_unknown_account_reads_like_a_wrong_password():
    with pytest.raises(DomainError, match=r"^password：账号或密码错误$"):
        accounts.authenticate_password("13899999999", "whatever-1")


def test_the_demo_verifier_raises_demo_identities_to_l2_only():
    assert "演示" in verifiers.verifier().label
    demo = PersonFactory(name=DEMO_NAME, id_number=DEMO_ID)
    assert verifiers.verify_identity(demo).level == Level.L2
    assert Person.objects.get(pk=demo.pk).verified_by == "demo"
    other = PersonFactory(name="赵六")
    with pytest.raises(DomainError, match="不在演示身份名单中"):
        verifiers.verify_identity(other)
    assert Person.objects.get(pk=other.pk).level == Level.L1


def test_a_new_consent_version_is_asked_at_the_next_sign_in(monkeypatch):
    person = with_password(PersonFactory())
    from core.identity import consent

    monkeypatch.setattr(consent, "CURRENT_VERSION", "2027-01")
    monkeypatch.setitem(consent.NOTICES, "2027-01", "新版规则")
    client = provider_client()
    response = client.post("/login/", {"identifier": person.mobile, "password": PASSWORD,
                                       "mode": "password", "next": "/account/"})  # fmt: skip
    assert response["Location"] == "/consent/?next=/account/"
    client.post("/consent/", {"consent": "2027-01", "next": "/account/"})
    assert sorted(person.consents.values_list("version", flat=True)) == ["2026-11", "2027-01"]


def test_download_my_data_and_close_the_account():
    person = with_password(PersonFactory(name="刘洋"))
    published_entry("shushan", "000131106000")

    implementation_code = PublishedGuide.objects.get().implementation_code
    Favourite.objects.create(person=person, implementation_code=implementation_code)
    ratings.rate_guide(implementation_code, 2, "不错", "web", "1.2.3.4", account_id=person.pk)
    client = provider_client()
    client.post("/login/", {"identifier": person.mobile, "password": PASSWORD, "mode": "password"})
    data = json.loads(client.get("/account/download/").content)
    assert data["person"]["id_number"] == person.id_number
    assert data["favourites"][0]["implementation_code"] == implementation_code
    assert data["ratings"][0]["comment"] == "不错"
    response = client.post("/account/close/", {"confirm": "注销"})
    assert "账户已注销" in response.content.decode()
    assert not Person.objects.filter(pk=person.pk).exists()
    assert Favourite.objects.count() == 0
    assert Rating.objects.get().account_id is None  # the rating stays, without the account


def test_an_enterprise_administrator_cannot_close_before_handing_over():
    enterprise = EnterpriseFactory()
    with pytest.raises(DomainError, match="请先转交或注销法人账户"):
        personal_data.close_account(enterprise.administrator)
