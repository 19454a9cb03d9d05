from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台核心"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import pre_save
        from wagtail.models import ModelLogEntry, PageLogEntry, TaskState

        from tenants.signals import region_provisioned

        from . import four_eyes
        from .audit import receivers

        request_started.connect(receivers.request_started, dispatch_uid="audit.request_started")
        request_finished.connect(receivers.request_finished, dispatch_uid="audit.request_done")
        for model in (ModelLogEntry, PageLogEntry):
            pre_save.connect(receivers.stamp_address, sender=model,
                             dispatch_uid=f"audit.address.{model.__name__}")  # fmt: skip
        user_logged_in.connect(receivers.logged_in, dispatch_uid="audit.logged_in")
        user_login_failed.connect(receivers.login_failed, dispatch_uid="audit.login_failed")
        region_provisioned.connect(receivers.provisioned, dispatch_uid="audit.provisioned")
        pre_save.connect(four_eyes.refuse_own_workflow_approval, sender=TaskState,
                         dispatch_uid="four_eyes.workflow")  # fmt: skip
