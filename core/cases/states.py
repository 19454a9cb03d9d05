"""The states of a case (办件) and which transition may leave which state: data, not logic.

Every transition is a service function in ``core.cases.services``; each checks the table below
before it changes anything, so an illegal transition is impossible whichever door it comes by.
"""

SUBMITTED = "submitted"
SUPPLEMENT = "supplement"
REJECTED = "rejected"
PROCESSING = "processing"
SUSPENDED = "suspended"
APPROVED = "approved"
DENIED = "denied"
RETURNED = "returned"
WITHDRAWN = "withdrawn"

LABELS = {
    SUBMITTED: "待预审",
    SUPPLEMENT: "待补正",
    REJECTED: "不予受理",
    PROCESSING: "办理中",
    SUSPENDED: "已挂起",
    APPROVED: "办结（准予许可）",
    DENIED: "办结（不予许可）",
    RETURNED: "已退件",
    WITHDRAWN: "已撤回",
}
CHOICES = list(LABELS.items())

FINISHED = frozenset({APPROVED, DENIED})  # 办结: the applicant may rate the case
CLOSED = frozenset({REJECTED, APPROVED, DENIED, RETURNED, WITHDRAWN})
PAUSED = frozenset({SUPPLEMENT, SUSPENDED})  # the time limit does not run
OPEN = frozenset(LABELS) - CLOSED

# transition → (states it may start from, state it leads to; None: decided by the call)
TRANSITIONS = {
    "request_supplement": ({SUBMITTED}, SUPPLEMENT),
    "supplement": ({SUPPLEMENT}, SUBMITTED),
    "accept": ({SUBMITTED}, PROCESSING),
    "reject": ({SUBMITTED, SUPPLEMENT}, REJECTED),
    "advance_step": ({PROCESSING}, PROCESSING),
    "suspend": ({PROCESSING}, SUSPENDED),
    "resume": ({SUSPENDED}, PROCESSING),
    "transfer": ({SUBMITTED, PROCESSING}, None),
    "complete": ({PROCESSING}, None),  # APPROVED or DENIED
    "return_case": ({PROCESSING, SUSPENDED}, RETURNED),
    "withdraw": ({SUBMITTED, SUPPLEMENT}, WITHDRAWN),
}
LABELS_OF_TRANSITIONS = {
    "submit": "提交申请",
    "request_supplement": "一次性告知补正",
    "supplement": "补正材料",
    "accept": "受理",
    "reject": "不予受理",
    "advance_step": "办理环节",
    "suspend": "挂起",
    "resume": "恢复办理",
    "transfer": "转办",
    "complete": "办结",
    "return_case": "退件",
    "withdraw": "撤回",
}
# Transitions the applicant makes; every other one is made by the region's staff.
BY_APPLICANT = frozenset({"submit", "supplement", "withdraw"})


def allowed(transition: str, state: str) -> bool:
    sources, _ = TRANSITIONS[transition]
    return state in sources


def available(state: str, by_applicant: bool) -> list[str]:
    """The transitions that may leave ``state``, for the applicant or for staff."""
    return [
        name
        for name, (sources, _) in TRANSITIONS.items()
        if state in sources and (name in BY_APPLICANT) == by_applicant
    ]
