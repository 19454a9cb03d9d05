"""Every transition of a case: allowed from the states the table names, refused from all others,
by the right actor only; each writes an event, an audit entry and the register row."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from core.case_register.models import CaseRecord
from core.cases import applying, services, states
from core.cases.models import Case
from core.domain.errors import DomainError
from tenants.models import Department

from .helpers import BY_AGENT, REQUIRED, applicant, clerk, food_entry, open_case, upload

pytestmark = pytest.mark.django_db


def other_department(case):
    return (
        Department.objects.filter(region=case.department.region)
        .exclude(pk=case.department_id)
        .first()
    )


def put_in(case, state):
    """Force a case into ``state`` (only to test what may leave it)."""
    Case.objects.filter(pk=case.pk).update(state=state)
    case.refresh_from_db()
    return case


def attempt(name, case, user, person):
    """Run transition ``name`` with valid arguments."""
    calls = {
        "request_supplement": lambda: services.request_supplement(
            case, user, [{"material": REQUIRED[0], "reason": "未签字"}]
        ),
        "supplement": lambda: applying.supplement(
            case, person, {REQUIRED[0]: [upload(person, REQUIRED[0]).pk]}
        ),
        "accept": lambda: services.accept(case, user),
        "reject": lambda: services.reject(case, user, "不属于本部门职权范围"),
        "advance_step": lambda: services.advance_step(case, user),
        "suspend": lambda: services.suspend(case, user, "现场核查"),
        "resume": lambda: services.resume(case, user),
        "transfer": lambda: services.transfer(case, user, other_department(case), "职责调整"),
        "complete": lambda: services.complete(case, user, True, result_name="食品经营许可证"),
        "return_case": lambda: services.return_case(case, user, "申请人申请退回"),
        "withdraw": lambda: applying.withdraw(case, person),
    }
    return calls[name]()


@pytest.mark.parametrize("name", sorted(states.TRANSITIONS))
def test_each_transition_is_allowed_exactly_from_its_states(name):
    item = food_entry()
    with schema_context("shushan"):
        person = applicant()
        user = clerk("chief", superuser=True)
        sources, target = states.TRANSITIONS[name]
        for state in states.LABELS:
            case = put_in(open_case(item, person), state)
            if name == "supplement" and state == states.SUPPLEMENT:
                from core.cases.models import SupplementNotice

                SupplementNotice.objects.create(
                    case=case, items=[{"material": REQUIRED[0], "reason": "未签字"}], issued_by="x"
                )
            if state in sources:
                done = attempt(name, case, user, person)
                expected = target or {"complete": states.APPROVED}.get(name, state)
                assert done.state == expected, (name, state)
                assert done.events.last().action == name
                assert CaseRecord.objects.get(number=case.number).state == expected
            else:
                with pytest.raises(DomainError) as refused:
                    attempt(name, case, user, person)
                assert refused.value.problems[0].field == "state", (name, state)
                case.refresh_from_db()
                assert case.state == state
                assert case.events.count() == 1  # only the submission


def test_a_happy_path_is_audited_with_who_did_what():
    item = food_entry()
    with schema_context("shushan"):
        person = applicant()
        user = clerk("li", department=item.department)
        case = open_case(item, person)
        case = services.request_supplement(
            case, user, [{"material": REQUIRED[1], "reason": "缺少布局图"}]
        )
        case = applying.supplement(case, person, {REQUIRED[1]: [upload(person).pk]})
        case = services.accept(case, user)
        for _ in range(3):
            case = services.advance_step(case, user)
        with pytest.raises(DomainError, match="已是最后一个办理环节"):
            services.advance_step(case, user)
        case = services.complete(case, user, True, result_name="食品经营许可证 JY13401040000001")
        assert case.state == states.APPROVED
        actions = list(case.events.values_list("action", "actor"))
        assert actions == [
            ("submit", "applicant:1001"), ("request_supplement", "li"),
            ("supplement", "applicant:1001"), ("accept", "li"), ("advance_step", "li"),
            ("advance_step", "li"), ("advance_step", "li"), ("complete", "li"),
        ]  # fmt: skip
        logged = ModelLogEntry.objects.filter(  # object ids repeat across models: name the model
            content_type=ContentType.objects.get_for_model(Case), object_id=str(case.pk)
        ).order_by("pk")
        assert [e.action for e in logged] == [f"zwfw.case.{a}" for a, _ in actions]
        accept_entry = logged.get(action="zwfw.case.accept")
        assert accept_entry.user.username == "li"
        assert accept_entry.data["changes"] == {
            "state": {"before": "submitted", "after": "processing"}
        }


def test_staff_of_another_department_and_other_applicants_are_refused():
    item = food_entry()
    with schema_context("shushan"):
        person = applicant()
        case = open_case(item, person)
        outsider = clerk("outsider", department=other_department(case))
        no_permission = clerk("nobody")
        no_permission.user_permissions.clear()
        for user in (outsider, no_permission):
            with pytest.raises(PermissionDenied):
                services.accept(case, user)
        with pytest.raises(PermissionDenied):
            applying.withdraw(case, applicant(person_id=2002, name="李四"))
        # acting for an enterprise is not acting for oneself
        with pytest.raises(PermissionDenied):
            applying.withdraw(case, applicant(enterprise_id=7, enterprise_name="某公司"))
        case.refresh_from_db()
        assert case.state == states.SUBMITTED


def test_transfer_moves_the_case_to_the_other_inbox():
    item = food_entry()
    with schema_context("shushan"):
        case = open_case(item)
        first = clerk("first", department=case.department)
        target = other_department(case)
        second = clerk("second", department=target)
        case = services.transfer(case, first, target, "属于该部门职责")
        assert case.department == target
        with pytest.raises(PermissionDenied):
            services.accept(case, first)
        assert services.accept(case, second).state == states.PROCESSING


def test_reasons_are_required():
    item = food_entry()
    with schema_context("shushan"):
        case = open_case(item)
        user = clerk("c", department=case.department)
        with pytest.raises(DomainError, match="请填写不予受理的理由"):
            services.reject(case, user, "  ")
        case = services.accept(case, user)
        with pytest.raises(DomainError, match="请填写挂起原因"):
            services.suspend(case, user, "")
        with pytest.raises(DomainError, match="请填写不予许可的理由"):
            services.complete(case, user, False)
        with pytest.raises(DomainError, match="请填写办理结果"):
            services.complete(case, user, True)
        denied = services.complete(case, user, False, reason="经营场所不符合要求")
        assert (denied.state, denied.decision_reason) == (states.DENIED, "经营场所不符合要求")


def test_situation_materials_are_asked_only_when_chosen():
    item = food_entry()
    with schema_context("shushan"):
        with pytest.raises(DomainError) as missing:
            open_case(item, situations=["委托他人办理"])
        assert [p.field for p in missing.value.problems] == [f"materials.{BY_AGENT}"]
        case = open_case(item, situations=["委托他人办理"], materials=(*REQUIRED, BY_AGENT))
        assert BY_AGENT in set(case.materials.values_list("name", flat=True))
        with pytest.raises(DomainError, match="不属于本事项"):
            open_case(item, situations=["随便写的情形"])
