"""Tell a region's administrators about new alerts: one e-mail per evaluation run, in Chinese.

Recipients are the active superusers of the region's own schema with an e-mail address (the
people who can act in its admin). Delivery problems are logged, never raised: the alert itself
is already recorded and shown in the admin."""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django_tenants.utils import schema_context

log = logging.getLogger(__name__)


def recipients(region) -> list[str]:
    with schema_context(region.schema_name):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return sorted({u.email for u in users if u.email})


def notify_new_alerts(region, alerts: list) -> int:
    """Send one message listing ``alerts`` (newly raised) to the region's admins."""
    to = recipients(region) if alerts else []
    if not to:
        return 0
    lines = [f"【{a.get_level_display()}】{a.title}（期限 {a.due_on or '已到期'}）" for a in alerts]
    body = f"{region.name}新增 {len(alerts)} 条电子监察预警：\n\n" + "\n".join(lines)
    body += "\n\n请登录管理后台“效能看板”查看并及时处理。"
    try:
        return send_mail(f"【电子监察】{region.name}新增预警 {len(alerts)} 条", body, None, to)
    except Exception:  # an unreachable mail server must not stop the evaluation
        log.warning("alert mail to %s failed", region.slug, exc_info=True)
        return 0
