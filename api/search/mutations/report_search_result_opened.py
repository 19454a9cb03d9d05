"""reportSearchResultOpened: a mini-app tells which search result the user opened (the portal
does it without JavaScript, through its redirect links), with typed errors (Saleor style)."""

import graphene

from search import analytics


class SearchAnalyticsErrorCode(graphene.Enum):
    INVALID = "invalid"


class SearchAnalyticsError(graphene.ObjectType):
    """一个输入问题：field 为出错的参数名。"""

    field = graphene.String()
    message = graphene.String(required=True)
    code = graphene.Field(SearchAnalyticsErrorCode, required=True)


class ReportSearchResultOpened(graphene.Mutation):
    """报告用户打开了某条搜索结果（clickToken 取自 search 结果的 edges）；只用于统计，不记录用户身份。"""

    class Arguments:
        click_token = graphene.String(required=True, description="search 结果中该条的 clickToken")

    implementation_code = graphene.String(description="被打开的指南的实施编码")
    errors = graphene.List(graphene.NonNull(SearchAnalyticsError), required=True)

    @staticmethod
    def mutate(root, info, click_token):
        code = analytics.record_opened(click_token)
        if code is None:
            error = {"field": "clickToken", "message": "clickToken 无效（请使用 search 返回的值）",
                     "code": SearchAnalyticsErrorCode.INVALID}  # fmt: skip
            return ReportSearchResultOpened(implementation_code=None, errors=[error])
        return ReportSearchResultOpened(implementation_code=code, errors=[])
