"""Public 效能 rates of a region (the internal alerts are not exposed)."""

import graphene


class RegionRate(graphene.ObjectType):
    key = graphene.String(required=True, description="指标标识，如 online_rate")
    label = graphene.String(required=True, description="指标名称，如 网上可办率")
    value = graphene.Float(description="比率（0–1；数据质量问题为每百条），无可计量对象时为 null")
    target = graphene.Float(description="当日有效的目标值（本省设定），未设定时为 null")
    status = graphene.String(required=True, description="green 达标 / amber 接近 / red 未达标 / 空")


class RegionStats(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    day = graphene.String(description="数据日期（最近一次每日快照）；尚无快照时为 null")
    rates = graphene.List(graphene.NonNull(RegionRate), required=True,
                          description="本区划连同下级区划的各项比率")  # fmt: skip
