"""The signed-in citizen and their favourites."""

import graphene

from ..guide.types import Guide


class Level(graphene.Enum):
    """实名等级。"""

    L1 = 1
    L2 = 2
    L3 = 3

    @property
    def description(self):
        return {1: "手机号已验证", 2: "身份已核验", 3: "人脸已核验"}[self.value]


class ActingEnterprise(graphene.ObjectType):
    id = graphene.Int(required=True)
    name = graphene.String(required=True)
    uscc = graphene.String(required=True, description="统一社会信用代码")


class Me(graphene.ObjectType):
    """当前登录的自然人（身份证号、手机号仅返回脱敏值）。"""

    subject = graphene.String(required=True, description="OIDC sub，各客户端相同")
    name = graphene.String(required=True)
    level = graphene.Field(Level, required=True)
    masked_id_number = graphene.String(required=True, description="如 3401**********1234")
    masked_mobile = graphene.String(required=True, description="如 138****8000")
    acting_for = graphene.Field(
        ActingEnterprise, description="以经办人身份代为办事的法人；个人身份时为 null"
    )
    enterprises = graphene.List(graphene.NonNull(ActingEnterprise), required=True,
                                description="可代为办事的法人（管理员或经办人授权有效）")  # fmt: skip


class Favourite(graphene.ObjectType):
    """收藏的办事指南；指南已下线时 guide 为 null。"""

    implementation_code = graphene.String(required=True)
    created_at = graphene.DateTime(required=True)
    guide = graphene.Field(Guide)
