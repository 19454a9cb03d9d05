"""Rating output types and the 好差评 enums."""

import graphene

from core.published.models_ratings import CHANNELS, SCORES


class RatingChannel(graphene.Enum):
    """评价渠道。"""

    WEB = "web"
    MINIAPP = "miniapp"
    APP = "app"
    TERMINAL = "terminal"
    COUNTER = "counter"

    @property
    def description(self):
        return CHANNELS.get(self.value)


class RatingLevel(graphene.ObjectType):
    score = graphene.Int(required=True, description="1 非常满意 … 5 非常不满意")
    label = graphene.String(required=True)
    count = graphene.Int(required=True)


class RatingSummary(graphene.ObjectType):
    """好差评汇总（公开）。"""

    count = graphene.Int(required=True)
    average = graphene.Float(description="平均等级（1 最好）；无评价时为 null")
    satisfaction = graphene.Float(description="满意率（%），即 1–3 级所占比例；无评价时为 null")
    levels = graphene.List(graphene.NonNull(RatingLevel), required=True)


class Rating(graphene.ObjectType):
    """一次评价（不含评价人信息）。"""

    implementation_code = graphene.String(required=True)
    score = graphene.Int(required=True)
    label = graphene.String(required=True, resolver=lambda r, info: SCORES[r.score])
    is_bad = graphene.Boolean(required=True, description="是否差评（4–5级）")
    comment = graphene.String(required=True)
    channel = graphene.Field(RatingChannel, required=True)
    created_at = graphene.DateTime(required=True)
