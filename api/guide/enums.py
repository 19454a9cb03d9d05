"""Enums of guide arguments."""

import graphene

from core.domain import codes


class RegionScope(graphene.Enum):
    """指南的区划范围。"""

    OWN = "own"
    WITHIN = "within"
    AVAILABLE = "available"

    @property
    def description(self):
        return {
            "own": "本区划实施的指南",
            "within": "本区划及所有下级区划的指南",
            "available": "本区划居民可办理的指南：本级及上级（市、省）",
        }[self.value]


class MatterType(graphene.Enum):
    """事项类型（GB/T 39046）。"""

    LICENSING = "01"
    PUNISHMENT = "02"
    COERCION = "03"
    LEVY = "04"
    BENEFIT = "05"
    INSPECTION = "06"
    CONFIRMATION = "07"
    REWARD = "08"
    ADJUDICATION = "09"
    OTHER_POWER = "10"
    FILING = "11"
    PUBLIC_SERVICE = "20"

    @property
    def description(self):
        return codes.MATTER_TYPES[self.value]
