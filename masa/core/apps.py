from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masa.core"
    label = "core"
    verbose_name = "MASA core"

    def ready(self) -> None:
        from masa.core import audit_verbs  # noqa: F401 - registers core's audit verbs
