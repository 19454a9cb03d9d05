"""Subject, 经办人 authorisation and the test sign-in helper."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from core.identity import accounts
from core.identity.subject import Subject, can_act_for, current_subject, subject_for

from .factories import AgentAuthorisationFactory, EnterpriseFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_agent_acts_for_the_enterprise_only_while_authorised():
    grant = AgentAuthorisationFactory()
    person, enterprise = grant.person, grant.enterprise
    assert can_act_for(person.pk, enterprise.pk) is True
    assert subject_for(person.pk, enterprise.pk) == Subject(
        person.pk, person.name, 1, enterprise.pk, enterprise.name
    )
    grant.revoked_at, grant.revoked_by = timezone.now(), enterprise.administrator
    grant.save()
    assert can_act_for(person.pk, enterprise.pk) is False
    # a session still naming the enterprise now acts for the person alone
    assert subject_for(person.pk, enterprise.pk) == Subject(person.pk, person.name, 1)


def test_the_administrator_acts_for_the_enterprise_and_strangers_do_not():
    enterprise = EnterpriseFactory()
    stranger = PersonFactory()
    assert can_act_for(enterprise.administrator_id, enterprise.pk) is True
    assert can_act_for(stranger.pk, enterprise.pk) is False


def test_a_stale_epoch_or_a_closed_account_has_no_subject():
    person = PersonFactory()
    assert subject_for(person.pk, epoch=0) == Subject(person.pk, person.name, 1)
    accounts.logout_everywhere(person)
    assert subject_for(person.pk, epoch=0) is None
    assert subject_for(person.pk, epoch=1) == Subject(person.pk, person.name, 1)
    assert subject_for(person.pk + 10_000) is None


def test_anonymous_request_has_no_subject():
    request = RequestFactory().get("/")
    request.session = {}
    assert current_subject(request) is None
