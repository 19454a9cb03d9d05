"""Validation of listing records before anything is written (runs in the tenant's schema).

Nothing here is a new rule: matters and departments are looked up, then the entry's elements go
through ``check_local_elements`` and the province's ``rules`` exactly as ``problems_of`` would
see them once written (catalogue defaults or the stored entry, overlaid with the file).
"""

from core.catalogue.models import Matter
from core.domain import codes
from core.domain.errors import Problem
from tenants.current import province_of
from tenants.models import Department

from .. import rules, services
from ..models import ImplementationItem
from ..validation import check_local_elements

# Checked for drafts too: a draft must still be claimable (status 在用, level allowed).
CLAIM_RULES = ("catalogue_consistency",)


class Checker:
    """Looks records up and checks them. Matters and stored entries are loaded per chunk of
    records (``load``), so memory does not grow with the catalogue or the list."""

    def __init__(self, region):
        self.region = region
        self.province = province_of(region)
        self.config = self.province.options.get("rules")
        self.matters: dict[str, Matter] = {}
        self.items: dict[str, ImplementationItem] = {}
        self.departments: dict[str, list[Department]] = {}
        for department in Department.objects.filter(region=region, is_active=True):
            for key in {department.uscc, department.name, department.short_name}:
                self.departments.setdefault(key, []).append(department)
        self.seen: dict[str, int] = {}  # 实施编码 → row of its first record

    def load(self, records) -> None:
        """The matters and stored entries the next ``records`` refer to."""
        found = {str(r.data.get("basic_code") or "").strip() for r in records}
        self.matters = {
            m.basic_code: m
            for m in Matter.objects.filter(
                province=self.province, basic_code__in=found
            ).select_related("current_version")
        }
        self.items = {
            item.implementation_code: item
            for item in ImplementationItem.objects.filter(
                matter__basic_code__in=found
            ).select_related("base_version", "department")
        }

    def resolve(self, record, problems: list):
        """(实施编码, matter, department, existing entry or None), or None with problems."""
        keys = ("basic_code", "department", "level")
        code, name, level = (str(record.data.get(key) or "").strip() for key in keys)
        matter = self.matters.get(code)
        if not code:
            problems.append(Problem("basic_code", "基本编码必填"))
        elif matter is None:
            problems.append(Problem("basic_code", f"本省目录中没有基本编码为 {code} 的事项"))
        elif matter.current_version is None:
            problems.append(Problem("basic_code", f"事项 {code} 尚未发布，不能认领"))
        candidates = self.departments.get(name, [])
        if len(candidates) != 1:
            problems.append(self._department_problem(name, candidates))
        if level not in codes.LEVELS:
            problems.append(Problem("level", f"行使层级代码“{level}”无效（{_levels()}）"))
        if problems:
            return None
        implementation_code = codes.implementation_code(candidates[0].uscc, level, code)
        if first := self.seen.get(implementation_code):
            message = f"与第{first}行是同一清单事项（实施编码 {implementation_code}）"
            problems.append(Problem("basic_code", message))
            return None
        self.seen[implementation_code] = record.row
        return implementation_code, matter, candidates[0], self.items.get(implementation_code)

    def _department_problem(self, name: str, candidates: list) -> Problem:
        if not name:
            return Problem("department", "实施主体必填（统一社会信用代码、全称或简称）")
        if candidates:
            return Problem("department", f"“{name}”对应多个部门，请填写统一社会信用代码")
        return Problem(
            "department",
            f"“{name}”不是{self.region.name}的部门（可填统一社会信用代码、全称或简称）",
        )

    def elements(self, matter, item, level, values: dict, publish: bool) -> list[Problem]:
        """Shape checks of the resulting entry; the province's rules when it is to be published."""
        claim = item is None
        if claim:
            base = matter.current_version
            item = ImplementationItem(base_version=base, **services.catalogue_defaults(base))
        local = {**item.local_elements(), **values, "level": level}
        problems = check_local_elements(local, self.region)
        catalogue = item.base_version.elements()
        if publish:
            problems += rules.check(local, catalogue, self.config, self.province.code)
        elif claim:
            # What claim_matter refuses (status, level), reported before anything is written.
            config = {rule.id: rule.id in CLAIM_RULES for rule in rules.RULES}
            problems += rules.check(local, catalogue, config, self.province.code)
        return problems


def _levels() -> str:
    return "、".join(f"{code} {label}" for code, label in codes.LEVELS.items())
