"""Rules checked before an entry is submitted or published (DOMAIN.md §5).

Each rule names the element it is about and says how to fix it. A province can switch rules off
or change their parameters in its tenant config::

    rules:
      phones: {enabled: true, area_code: true}
      licence_faq_steps: {enabled: false}
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.domain import audience, codes
from core.domain.errors import Problem

REQUIRED_LICENCE_STEPS = ("受理", "审查", "决定", "送达")
CATCH_ALL_MATERIAL = re.compile(r"^(其他|其它)(相关|有关|必要)?(材料|资料|证明|文件)?$")
PHONE_WITH_AREA_CODE = re.compile(r"^0\d{2,3}-\d{5,8}$")
PHONE_ANY = re.compile(r"^[0-9-]{5,20}$")


@dataclass
class Context:
    """What a rule sees: the entry's local elements and its catalogue version's elements."""

    local: dict
    catalogue: dict
    params: dict = field(default_factory=dict)
    province_code: str = ""  # whose 服务对象 list applies (core.domain.audience)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    check: Callable[[Context], list[Problem]]
    defaults: dict = field(default_factory=dict)


def _promised_within_statutory(ctx: Context) -> list[Problem]:
    promised, statutory = (
        ctx.local.get("promised_limit") or {},
        ctx.catalogue.get("statutory_limit") or {},
    )
    if not promised or promised.get("value") is None:
        return [
            Problem(
                "promised_limit", "承诺办结时限必填：填写数值和单位（工作日或自然日），即办填 0"
            )
        ]
    if statutory and codes.limit_in_working_days(promised) > codes.limit_in_working_days(statutory):
        return [Problem(
            "promised_limit",
            f"承诺办结时限（{codes.format_limit(promised)}）超过法定办结时限"
            f"（{codes.format_limit(statutory)}）：请缩短承诺时限",
        )]  # fmt: skip
    return []


def _immediate_case_type(ctx: Context) -> list[Problem]:
    promised = ctx.local.get("promised_limit") or {}
    if promised.get("value") is None:
        return []  # reported by promised_within_statutory
    immediate = not promised["value"]
    case_type = ctx.local.get("case_type")
    if immediate and case_type != "1":
        return [
            Problem("case_type", "承诺时限为即办，办件类型应为“即办件”：请修改办件类型或承诺时限")
        ]
    if not immediate and case_type == "1":
        return [Problem("case_type", "办件类型为“即办件”，承诺办结时限应为即办（0）：请修改其一")]
    return []


def _onsite_reason(ctx: Context) -> list[Problem]:
    if (ctx.local.get("visits") or 0) > 0 and not str(ctx.local.get("onsite_reason") or "").strip():
        return [Problem("onsite_reason", "到办事现场次数大于0，须填写“必须现场办理原因”")]
    return []


def _zero_visits_delivery(ctx: Context) -> list[Problem]:
    local = ctx.local
    if (
        local.get("visits") == 0
        and local.get("online_depth") != 4
        and "4" not in (local.get("forms") or [])
    ):
        return [Problem("forms", "到办事现场次数为0且非全程网办，办理形式须包含“快递申请”")]
    return []


def _full_online_zero_visits(ctx: Context) -> list[Problem]:
    if ctx.local.get("online_depth") == 4 and ctx.local.get("visits") != 0:
        return [Problem("visits", "网上办理深度为Ⅳ级（全程网办），到办事现场次数应为0")]
    return []


def _fee(ctx: Context) -> list[Problem]:
    fee = ctx.local.get("fee") or {}
    if fee.get("charged"):
        problems = []
        if not str(fee.get("basis") or "").strip():
            problems.append(Problem("fee.basis", "收费事项须填写收费依据"))
        if not fee.get("items"):
            problems.append(
                Problem("fee.items", "收费事项须至少填写一个收费项目（名称、标准、依据）")
            )
        return problems
    if fee.get("online_payment"):
        return [Problem("fee.online_payment", "不收费事项的“支持网上支付”应为否")]
    return []


def _phones(ctx: Context) -> list[Problem]:
    pattern = PHONE_WITH_AREA_CODE if ctx.params.get("area_code", True) else PHONE_ANY
    problems = []
    for name, label in (("consult_phone", "咨询电话"), ("complaint_phone", "监督投诉电话")):
        value = str(ctx.local.get(name) or "").strip()
        if not value:
            problems.append(Problem(name, f"{label}必填"))
        elif not pattern.match(value):
            problems.append(Problem(name, f"{label}“{value}”格式错误：须带区号，如 0551-65301234"))
    consult, complaint = ctx.local.get("consult_phone"), ctx.local.get("complaint_phone")
    if consult and consult == complaint:
        problems.append(Problem("complaint_phone", "监督投诉电话不能与咨询电话相同"))
    return problems


def _audience_theme(ctx: Context) -> list[Problem]:
    objects = ctx.catalogue.get("service_objects") or []
    served = audience.audiences(objects, ctx.province_code)
    themes = ctx.catalogue.get("themes") or {}
    problems = []
    if served == {audience.PERSON} and themes.get("legal"):
        problems.append(Problem("themes", "服务对象为自然人，不应设置法人主题"))
    if served == {audience.LEGAL} and themes.get("person"):
        problems.append(Problem("themes", "服务对象为法人或其他组织，不应设置自然人主题"))
    return problems


def _catch_all_material(ctx: Context) -> list[Problem]:
    problems = []
    for index, material in enumerate(ctx.local.get("materials") or []):
        name = str(material.get("name", "")).strip()
        if CATCH_ALL_MATERIAL.match(name) and not (
            material.get("situation") and material.get("notes")
        ):
            problems.append(Problem(
                f"materials[{index}].name",
                f"材料“{name}”过于笼统：请写明适用情形（situation）和具体材料（notes），或改用具体材料名称",
            ))  # fmt: skip
    return problems


def _certificate_result(ctx: Context) -> list[Problem]:
    result = ctx.local.get("result") or {}
    name = str(result.get("name") or "")
    problems = []
    if name.endswith("证"):
        if result.get("type") != "出证":
            problems.append(
                Problem("result.type", f"结果名称“{name}”为证照，审批结果类型应为“出证”")
            )
        if not result.get("sample"):
            problems.append(Problem("result.sample", f"结果名称“{name}”为证照，须提供结果样本"))
    return problems


def _licence_faq_steps(ctx: Context) -> list[Problem]:
    if ctx.catalogue.get("type") != "01":
        return []
    problems = []
    if not ctx.local.get("faqs"):
        problems.append(Problem("faqs", "行政许可事项须至少填写一条常见问题"))
    names = " ".join(str(step.get("name", "")) for step in ctx.local.get("steps") or [])
    missing = [step for step in REQUIRED_LICENCE_STEPS if step not in names]
    if missing:
        problems.append(Problem("steps", f"行政许可事项的办理流程缺少环节：{'、'.join(missing)}"))
    return problems


def _catalogue_consistency(ctx: Context) -> list[Problem]:
    catalogue = ctx.catalogue
    problems = []
    if catalogue.get("status") != "在用":
        problems.append(
            Problem("base_version", f"所依据的目录事项状态为“{catalogue.get('status')}”，不能发布")
        )
    if ctx.local.get("level") and ctx.local["level"] not in (catalogue.get("levels") or []):
        problems.append(Problem("level", f"行使层级 {ctx.local['level']} 不在目录允许的层级内"))
    return problems


RULES = (
    Rule("promised_within_statutory", "承诺时限不超过法定时限", _promised_within_statutory),
    Rule("immediate_case_type", "即办与即办件一致", _immediate_case_type),
    Rule("onsite_reason", "到现场须说明原因", _onsite_reason),
    Rule("zero_visits_delivery", "零跑动须支持快递", _zero_visits_delivery),
    Rule("full_online_zero_visits", "全程网办零跑动", _full_online_zero_visits),
    Rule("fee", "收费依据与项目", _fee),
    Rule("phones", "咨询与投诉电话", _phones, {"area_code": True}),
    Rule("audience_theme", "服务对象与主题一致", _audience_theme),
    Rule("catch_all_material", "兜底材料须具体", _catch_all_material),
    Rule("certificate_result", "证照结果须出证并有样本", _certificate_result),
    Rule("licence_faq_steps", "行政许可须有常见问题和基本环节", _licence_faq_steps),
    Rule("catalogue_consistency", "与目录版本一致", _catalogue_consistency),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}


def rule_settings(config: dict | None, rule: Rule) -> tuple[bool, dict]:
    """Whether a rule is enabled for a province and with which parameters."""
    value = (config or {}).get(rule.id, True)
    if isinstance(value, bool):
        return value, dict(rule.defaults)
    return bool(value.get("enabled", True)), {**rule.defaults, **value}


def check(
    local: dict, catalogue: dict, config: dict | None = None, province_code: str = ""
) -> list[Problem]:
    """Every problem of an entry under the province's rule configuration (and 服务对象 list)."""
    problems = []
    for rule in RULES:
        enabled, params = rule_settings(config, rule)
        if enabled:
            problems.extend(
                Problem(p.field, p.message, rule.id)
                for p in rule.check(Context(local, catalogue, params, province_code))
            )
    return problems
