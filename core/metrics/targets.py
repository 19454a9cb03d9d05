"""Targets per province and date ("网上可办率 ≥ 85 % from 2017-12-31, ≥ 90 % from 2018-06-30").

Defaults are the seed plans' figures (安徽 皖政办〔2017〕73号: 网上可办率 85 % by the end of
2017, 90 % by June 2018; 四川 2016 plan: 网上办理率 70 % in 2016, 80 % in 2017, measured here as
网上可办率). A province sets its own in its tenant config, which replaces the defaults::

    targets:
      online_rate: [{from: "2017-12-31", min: 0.85}, {from: "2018-06-30", min: 0.90}]
"""

from datetime import date

DEFAULTS = {
    "340000": {"online_rate": [{"from": "2017-12-31", "min": 0.85},
                               {"from": "2018-06-30", "min": 0.90}]},
    "510000": {"online_rate": [{"from": "2016-12-31", "min": 0.70},
                               {"from": "2017-12-31", "min": 0.80}]},
}  # fmt: skip
AMBER_MARGIN = 0.05  # within 5 points below the target: amber


def targets_of(province) -> dict[str, list[dict]]:
    configured = (province.applied_config or {}).get("targets")
    return configured if configured is not None else DEFAULTS.get(province.code, {})


def target(province, metric_key: str, day: date) -> float | None:
    """The minimum in force on ``day`` (the latest step that started on or before it)."""
    steps = sorted(targets_of(province).get(metric_key) or [], key=lambda s: s["from"])
    current = [s["min"] for s in steps if date.fromisoformat(s["from"]) <= day]
    return current[-1] if current else None


def status(value: float | None, minimum: float | None) -> str:
    """green / amber / red against a target; "" when either is missing."""
    if value is None or minimum is None:
        return ""
    if value >= minimum:
        return "green"
    return "amber" if value >= minimum - AMBER_MARGIN else "red"
