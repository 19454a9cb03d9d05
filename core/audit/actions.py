"""Our audit actions, registered with Wagtail's log action registry (labels shown in Wagtail's
"站点历史" report and in the province's audit view)."""

ACTIONS = {
    "zwfw.catalogue.create": ("新建目录事项", "新建目录事项"),
    "zwfw.catalogue.edit": ("修改目录草稿", "修改目录版本草稿"),
    "zwfw.catalogue.submit": ("提交目录审核", "提交目录版本审核"),
    "zwfw.catalogue.reject": ("退回目录版本", "退回目录版本"),
    "zwfw.catalogue.publish": ("发布目录版本", "发布目录版本"),
    "zwfw.listing.claim": ("认领事项", "认领目录事项"),
    "zwfw.listing.edit": ("修改清单事项", "修改实施清单要素"),
    "zwfw.listing.submit": ("提交清单审核", "提交实施清单事项审核"),
    "zwfw.listing.publish": ("发布清单事项", "发布实施清单事项"),
    "zwfw.listing.withdraw": ("撤回或退回清单事项", "实施清单事项退回为草稿"),
    "zwfw.listing.suspend": ("暂停清单事项", "暂停实施清单事项"),
    "zwfw.listing.resolve": ("处理同步冲突", "处理与新目录版本的冲突"),
    "zwfw.search.edit": ("修改搜索设置", "修改同义词或置顶结果"),
    "zwfw.followup.close": ("办结差评整改", "办结差评整改"),
    "zwfw.provision": ("开通或更新区划", "按配置文件开通或更新区划"),
    "zwfw.login": ("登录", "登录管理后台"),
    "zwfw.login_failed": ("登录失败", "登录管理后台失败"),
}


def register(actions) -> None:
    """Body of the ``register_log_actions`` hook."""
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)
