"""The application form of an entry: its 办理情形 and the materials each choice requires.

Read from the entry's live version (what the guide shows). A material with ``situation`` null
is asked of everyone; one with a situation only when the applicant chose it. What each material
needs at submission:

- 必要: a file, unless it can be fetched as an 电子证照 (then a placeholder reference is kept
  until the licence platform is connected);
- 容缺后补: a file, or nothing now (容缺: handed in later, listed on the 受理通知书);
- 非必要: a file or nothing.
"""

import hashlib
from dataclasses import dataclass

from core.domain import codes
from core.domain.errors import DomainError, Problem

# Online depth from which a case can be submitted online (Ⅲ 网上受理, Ⅳ 全程网办).
MIN_ONLINE_DEPTH = 3


@dataclass(frozen=True)
class MaterialSpec:
    name: str
    required: str  # 必要 / 非必要 / 容缺后补
    e_license: bool
    situation: str | None
    source_note: str
    position: int

    @property
    def tolerable(self) -> bool:
        return self.required == "容缺后补"

    @property
    def optional(self) -> bool:
        return self.required == "非必要"


def local(version) -> dict:
    """The local elements of an entry version (materials, steps, limits, online depth)."""
    return (version.elements or {}).get("local") or {}


def accepts_online(item) -> bool:
    """Whether the entry's live version takes online applications."""
    version = item.live_version
    return (
        item.state == item.State.PUBLISHED
        and version is not None
        and int(local(version).get("online_depth") or 0) >= MIN_ONLINE_DEPTH
    )


def _materials(elements: dict) -> list[MaterialSpec]:
    found = []
    for position, m in enumerate(elements.get("materials") or []):
        required = m.get("required") if m.get("required") in codes.MATERIAL_REQUIRED else "必要"
        found.append(MaterialSpec(
            name=m["name"], required=required, e_license=bool(m.get("e_license")),
            situation=m.get("situation") or None, source_note=m.get("source_note") or "",
            position=position,
        ))  # fmt: skip
    return found


def situations(elements: dict) -> list[str]:
    """The entry's 办理情形, in the order the materials name them."""
    return list(dict.fromkeys(m.situation for m in _materials(elements) if m.situation))


def materials_for(elements: dict, chosen: list[str]) -> list[MaterialSpec]:
    """The materials asked of an applicant who chose ``chosen`` (unknown choices refused)."""
    known = situations(elements)
    if unknown := [s for s in chosen if s not in known]:
        raise DomainError([Problem("situations", f"办理情形“{unknown[0]}”不属于本事项")])
    return [m for m in _materials(elements) if m.situation is None or m.situation in chosen]


def e_license_ref(case_number: str, material: str) -> str:
    """A placeholder reference of an 电子证照 still to be fetched (stable per case/material)."""
    digest = hashlib.sha1(f"{case_number}:{material}".encode()).hexdigest()[:12]
    return f"待调取:{digest}"


def missing_required(specs: list[MaterialSpec], uploaded: set[str]) -> list[Problem]:
    """A problem for each 必要 material without a file that cannot be fetched as a licence."""
    return [
        Problem(f"materials.{spec.name}", f"请上传“{spec.name}”（必要材料）")
        for spec in specs
        if spec.required == "必要" and not spec.e_license and spec.name not in uploaded
    ]
