"""System checks of the production settings (imported by production.py, which registers them)."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_mail_configured(app_configs, **kwargs):
    """Password-reset mails must really leave: an SMTP host and a sender from the environment."""
    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        return []
    if settings.EMAIL_HOST:
        return []
    return [
        Error(
            "EMAIL_HOST is not set: password-reset and notification mails cannot be sent.",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
            "DEFAULT_FROM_EMAIL) in the environment.",
            id="zwfw.E001",
        )
    ]
