"""The one way a case changes state: lock it, check the transition, record it everywhere.

``run`` locks the case row, refuses a transition its state does not allow (so two clerks
clicking at once cannot both accept), lets the caller change the case, then writes the
timeline event, the audit entry and the public register row in the same transaction.
"""

from contextlib import contextmanager

from django.db import transaction

from core.audit.log import record
from core.domain.errors import DomainError, Problem

from . import register, states
from .models import Case, CaseEvent


def refuse(case, transition: str):
    label = states.LABELS_OF_TRANSITIONS[transition]
    raise DomainError(
        [Problem("state", f"办件 {case.number} 当前为“{case.state_label}”，不能{label}")]
    )


@contextmanager
def run(case: Case, transition: str, actor: str, note: str = "", check=None, **data):
    """``with run(case, "accept", user) as locked: locked.x = …`` — yields the locked case.

    ``check(locked)`` runs on the locked row before the state test (permission checks: someone
    who may not act learns nothing about the state). The new state is the table's, or what the caller set."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("item_version").get(pk=case.pk)
        if check is not None:
            check(locked)
        if not states.allowed(transition, locked.state):
            refuse(locked, transition)
        before = locked.state
        _, target = states.TRANSITIONS[transition]
        if target is not None:
            locked.state = target
        yield locked
        locked.save()
        finish(locked, transition, actor, before, note, **data)


def finish(case: Case, transition: str, actor: str, before: str, note: str = "", **data):
    """Timeline event, audit entry and register row of a change already saved."""
    CaseEvent.objects.create(
        case=case, action=transition, from_state=before, to_state=case.state, actor=actor,
        note=note, data=data,
    )  # fmt: skip
    changes = {"state": {"before": before, "after": case.state}} if before != case.state else None
    record(case, f"zwfw.case.{transition}", actor, changes, number=case.number, note=note, **data)
    register.sync_case(case)
