"""Who may apply online: the 实名等级 (identity level) an applicant's account needs.

L2 (实名核验: name and ID number checked) by default, ``CASE_MIN_IDENTITY_LEVEL``; a province
may set its own in its tenant config (``cases: {min_identity_level: 1}``), which wins. An
enterprise's 经办人 needs the level as a person: the account that signs is theirs.
"""

from django.conf import settings

from core.domain.errors import Problem
from core.domain.province_config import province_setting
from tenants.current import current_region, province_of

CONFIG_KEY = "cases"
FIELD = "identity_level"


def min_level(province_code: str) -> int:
    configured = province_setting(province_code, CONFIG_KEY).get("min_identity_level")
    return int(configured) if configured else settings.CASE_MIN_IDENTITY_LEVEL


def level_problem(applicant, province_code: str) -> Problem | None:
    """Why ``applicant`` may not apply yet (None: they may)."""
    need = min_level(province_code)
    if applicant.level >= need:
        return None
    return Problem(
        FIELD,
        f"网上申请需要实名等级 L{need}（已完成实名核验），您的账户目前为 L{applicant.level}，"
        "请先完成实名认证后再申请",
    )


def level_problem_here(applicant) -> Problem | None:
    """``level_problem`` under the province of the current region (the request's host)."""
    return level_problem(applicant, province_of(current_region()).code)
