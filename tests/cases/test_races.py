"""Two people acting on one case at the same moment (real parallel transactions on committed
data, one thread and one connection each): exactly one transition happens, the other is refused
with the case's new state, and the timeline and the public register show the winner only."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from core.case_register.models import CaseRecord
from core.cases import applying, services
from core.cases.models import Case, CaseEvent
from core.domain.errors import DomainError
from tests.security.concurrency import race

from .helpers import applicant, clerk, open_case
from .test_sweeper import committed  # noqa: F401  (fixture: committed entry, removed after)


@pytest.fixture
def clerks(committed):  # noqa: F811
    """Two clerks of 蜀山 (committed, removed afterwards) and an open case of the entry."""
    with schema_context("shushan"):
        users = [clerk("race_clerk_a", superuser=True), clerk("race_clerk_b", superuser=True)]
        case = open_case(committed, applicant(5151))
    try:
        yield users, case
    finally:
        with schema_context("shushan"):
            get_user_model().objects.filter(username__startswith="race_clerk_").delete()


def acting(action, case):
    def run():
        with schema_context("shushan"):
            return action(Case.objects.get(pk=case.pk))

    return run


def message(error: DomainError) -> str:
    return "；".join(problem.message for problem in error.problems)


def history(case) -> list[tuple[str, str]]:
    with schema_context("shushan"):
        return list(CaseEvent.objects.filter(case=case).order_by("at", "pk")
                    .values_list("action", "actor"))  # fmt: skip


def test_two_clerks_accepting_one_case_at_once_accept_it_once(clerks):
    (a, b), case = clerks
    results = race(
        acting(lambda c: services.accept(c, a), case), acting(lambda c: services.accept(c, b), case)
    )
    refused = [r for r in results if isinstance(r, DomainError)]
    accepted = [r for r in results if isinstance(r, Case)]
    assert (len(refused), len(accepted)) == (1, 1), results
    assert message(refused[0]) == f"办件 {case.number} 当前为“办理中”，不能受理"
    winner = (a, b)[results.index(accepted[0])]
    assert history(case)[1:] == [("accept", winner.username)]
    record = CaseRecord.objects.get(number=case.number)
    assert (record.state, [e["action"] for e in record.timeline]) == (
        "processing", ["submit", "accept"],
    )  # fmt: skip


def test_an_applicant_withdrawing_while_a_clerk_accepts_one_of_them_wins(clerks):
    (a, _), case = clerks
    person = applicant(5151)
    results = race(
        acting(lambda c: services.accept(c, a), case),
        acting(lambda c: applying.withdraw(c, person, "不办了"), case),
    )
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 1 and not any(isinstance(r, Exception) and r not in refused
                                         for r in results), results  # fmt: skip
    with schema_context("shushan"):
        final = Case.objects.get(pk=case.pk).state
    if results.index(refused[0]) == 0:  # the clerk was refused: withdrawn first
        assert final == "withdrawn"
        assert message(refused[0]) == f"办件 {case.number} 当前为“已撤回”，不能受理"
        assert [action for action, _ in history(case)] == ["submit", "withdraw"]
    else:
        assert final == "processing"
        assert message(refused[0]) == f"办件 {case.number} 当前为“办理中”，不能撤回"
        assert [action for action, _ in history(case)] == ["submit", "accept"]
    assert CaseRecord.objects.get(number=case.number).state == final
