"""What every 效能 metric means: one definition per rate, each a ratio of counts.

Counts are gathered per region (and per department) by ``core.metrics.counts`` from the read
model (published guides, claims, ratings) — never typed in. A province may change the
thresholds (``metrics:`` in its tenant config, see ``thresholds``). docs/metrics.md lists the
same definitions for readers.
"""

from dataclasses import dataclass

# Every count a snapshot holds (missing ones read as 0).
COUNTS = (
    "claimable", "claimed", "claims", "live", "online", "full_online", "max_one_visit",
    "zero_visit", "promised_workdays", "statutory_workdays", "violations", "ratings",
    "satisfied", "follow_ups_due", "follow_ups_on_time",
    # 网上办件 (core.case_register, the public case register): submitted, 办结, on time, 补正
    "cases", "cases_finished", "cases_on_time", "cases_supplemented",
)  # fmt: skip

DEFAULT_THRESHOLDS = {
    "online_depth": 3,  # 网上可办: online depth Ⅲ (网上受理) or deeper
    "full_online_depth": 4,  # 全程网办: depth Ⅳ
    "max_visits": 1,  # 最多跑一次
}


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    numerator: str
    denominator: str
    doc: str
    complement: bool = False  # 1 − numerator / denominator
    per: int = 1  # 100: "per 100 entries" instead of a fraction
    count: bool = False  # the numerator itself (a volume, e.g. 网上办件量), no denominator

    def value(self, counts: dict) -> float | None:
        """The rate for ``counts``; None when the denominator is 0 (nothing to measure)."""
        if self.count:
            return counts.get(self.numerator) or 0
        below = counts.get(self.denominator) or 0
        if not below:
            return None
        ratio = (counts.get(self.numerator) or 0) / below
        return round((1 - ratio if self.complement else ratio) * self.per, 4)


METRICS = (
    Metric("claim_rate", "认领率", "claimed", "claimable",
           "本级可认领的在用目录事项中已认领的比例（事项数，按区划的行使层级）。"),
    Metric("publish_rate", "发布率", "live", "claims",
           "实施中的认领中已有在线办事指南的比例。"),
    Metric("online_rate", "网上可办率", "online", "live",
           "在线办事指南中网上办理深度达到阈值（默认 Ⅲ 级）的比例。"),
    Metric("full_online_rate", "全程网办率", "full_online", "live",
           "在线办事指南中网上办理深度为 Ⅳ 级（全程网办）的比例。"),
    Metric("max_one_visit_rate", "最多跑一次率", "max_one_visit", "live",
           "在线办事指南中到办事现场次数不超过阈值（默认 1 次）的比例。"),
    Metric("zero_visit_rate", "零跑腿率", "zero_visit", "live",
           "在线办事指南中到办事现场次数为 0 的比例。"),
    Metric("time_compression_rate", "承诺时限压缩率", "promised_workdays", "statutory_workdays",
           "1 − Σ承诺时限 / Σ法定时限，均折算为工作日，只计两者都有的事项。", complement=True),
    Metric("violations_per_100", "数据质量问题（每百条）", "violations", "live",
           "在线办事指南按本省发布规则检查出的问题数，每 100 条指南。", per=100),
    Metric("satisfaction_rate", "满意率", "satisfied", "ratings",
           "好差评中“非常满意”“满意”（1–2 级）所占比例。"),
    Metric("follow_up_on_time_rate", "差评整改按期率", "follow_ups_on_time", "follow_ups_due",
           "已到期的差评整改中按期（期限当天或之前）办结的比例。"),
    Metric("case_volume", "网上办件量", "cases", "",
           "截至当日网上提交的办件数（办件登记簿）。", count=True),
    Metric("case_on_time_rate", "按时办结率", "cases_on_time", "cases_finished",
           "已办结（准予或不予许可）的网上办件中在办结期限内办结的比例（补正、挂起不计时）。"),
    Metric("case_finish_rate", "网上办结率", "cases_finished", "cases",
           "网上提交的办件中已办结（准予或不予许可）的比例。"),
    Metric("supplement_rate", "补正率", "cases_supplemented", "cases",
           "网上提交的办件中被一次性告知补正的比例（越低越好）。"),
)  # fmt: skip
BY_KEY = {m.key: m for m in METRICS}


def rates(counts: dict) -> dict[str, float | None]:
    return {m.key: m.value(counts) for m in METRICS}


def add(*many: dict) -> dict:
    """Counts of several regions together (a roll-up)."""
    return {key: sum(c.get(key) or 0 for c in many) for key in COUNTS}


def thresholds(province_config: dict | None) -> dict:
    """The province's thresholds over the defaults (tenant config ``metrics:``)."""
    return {**DEFAULT_THRESHOLDS, **((province_config or {}).get("metrics") or {})}
