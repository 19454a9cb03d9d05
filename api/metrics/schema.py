"""regionStats(code): a region's public 效能 rates from the nightly snapshots."""

import graphene

from core.metrics import dashboard
from tenants.models import Region

from ..region.arguments import region_code
from .types import RegionStats


class MetricsQueries(graphene.ObjectType):
    region_stats = graphene.Field(
        RegionStats, code=graphene.String(description="6位行政区划代码；区划站点上可省略"),
        description="区划的政务服务效能指标（含下级区划，来自每日快照）；区划不存在或未启用时为 null",
    )  # fmt: skip

    @staticmethod
    def resolve_region_stats(root, info, code=None):
        found = Region.objects.active().filter(code=region_code(info, code, "code")).first()
        if found is None:
            return None
        day = dashboard.latest_day(found)
        rates = dashboard.view_model(found, found, day)["own"] if day else []
        return {
            "code": found.code, "name": found.name, "day": day.isoformat() if day else None,
            "rates": [{"key": c["key"], "label": c["label"], "value": c["value"],
                       "target": c["target"], "status": c["status"]} for c in rates],
        }  # fmt: skip
