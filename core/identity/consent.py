"""The personal-information notice (个人信息保护法 §17), versioned: a person accepts one version;
a new version must be accepted again at the next sign-in."""

CURRENT_VERSION = "2026-11"

NOTICES = {
    "2026-11": (
        "本平台由省政务服务管理机构运营。为提供统一身份认证、办事和个人中心服务，我们收集您的姓名、"
        "居民身份证号和手机号码：身份证号和手机号加密存储，仅用于核验身份、登录和办事；"
        "经您同意，各区划政务服务网站和小程序可获得您的姓名和实名等级。您可以随时下载您的数据、"
        "撤回同意或注销账户（个人中心）。"
    ),
}


def notice(version: str = CURRENT_VERSION) -> str:
    return NOTICES[version]
