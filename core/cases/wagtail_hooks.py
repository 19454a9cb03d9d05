"""Wagtail admin of cases: the 办件 inbox menu, its URLs and the audit actions of transitions."""

from wagtail import hooks

from . import states


@hooks.register("register_log_actions")
def register_case_actions(actions):
    for name, label in states.LABELS_OF_TRANSITIONS.items():
        actions.register_action(f"zwfw.case.{name}", f"办件{label}", f"办件：{label}")
