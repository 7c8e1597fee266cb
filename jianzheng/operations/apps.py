from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The operator's commands that span every app (`setup`, `serve`; later `backup`, `restore`).
    The top of the house: it may use any app, and no app imports it."""

    name = "jianzheng.operations"
    label = "operations"
    verbose_name = "运维"
