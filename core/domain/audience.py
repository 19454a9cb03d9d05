"""服务对象 per province, and the one answer to "is this guide for persons / legal persons".

Provinces number 服务对象 differently (DOMAIN.md §3): the national list is 1 自然人 · 2 企业法人 ·
3 事业法人 · 4 社会组织法人 · 5 行政机关 · 6 其他组织, while platform data often uses 5 非法人企业 ·
6 行政机关 · 9 其他组织. A province that does so lists its codes in its tenant config, each with
the national code it stands for::

    service_objects:
      "1": {label: 自然人, national: "1"}
      "5": {label: 非法人企业, national: "6"}
      "6": {label: 行政机关, national: "5"}
      "9": {label: 其他组织, national: "6"}

The audience follows the national code: 自然人 is for persons, everything else for legal persons
(企业和组织). Guides keep their province's codes; search documents carry the national ones, so
one filter serves every province.
"""

from dataclasses import dataclass

from django.db.models import Q

from . import codes, province_config

PERSON, LEGAL = "person", "legal"
AUDIENCES = (PERSON, LEGAL)
CONFIG_KEY = "service_objects"


@dataclass(frozen=True)
class ServiceObject:
    code: str
    label: str
    national: str

    @property
    def audience(self) -> str:
        return PERSON if self.national in codes.PERSON_OBJECTS else LEGAL


NATIONAL = {code: ServiceObject(code, label, code) for code, label in codes.SERVICE_OBJECTS.items()}


def service_objects(province_code: str) -> dict[str, ServiceObject]:
    """The province's 服务对象 list (its tenant config's, else the national one)."""
    listed = province_config.province_setting(province_code, CONFIG_KEY)
    if not listed:
        return NATIONAL
    return {code: ServiceObject(code, v["label"], v["national"]) for code, v in listed.items()}


def labels(province_code: str) -> dict[str, str]:
    return {code: item.label for code, item in service_objects(province_code).items()}


def audiences(object_codes, province_code: str) -> set[str]:
    """Whom a guide of the province with these 服务对象 serves: {"person"}, {"legal"}, both."""
    known = service_objects(province_code)
    return {known[c].audience for c in object_codes if c in known}


def national_codes(object_codes, province_code: str) -> list[str]:
    """The national codes the province's 服务对象 codes stand for (unknown codes dropped)."""
    known = service_objects(province_code)
    return list(dict.fromkeys(known[c].national for c in object_codes if c in known))


def codes_for(audience: str, province_code: str) -> list[str]:
    """The province's 服务对象 codes of an audience."""
    if audience not in AUDIENCES:
        raise ValueError(f"服务对象大类应为 person 或 legal，而不是 {audience!r}")
    return [c for c, item in service_objects(province_code).items() if item.audience == audience]


def audience_q(audience: str, province_code: str) -> Q:
    """Published guides (``service_objects``) of the province for this audience."""
    return _any_of(codes_for(audience, province_code))


def _any_of(object_codes: list[str]) -> Q:
    found = Q(pk__in=[])
    for code in object_codes:
        found |= Q(service_objects__contains=[code])
    return found


def province_of_guide(guide) -> str:
    """A published guide's province, from its row (parent first, province last)."""
    return guide.ancestor_codes[-1] if guide.ancestor_codes else guide.region_code


def clear_cache() -> None:
    province_config.clear_cache()
