from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "masa.plan"
    label = "plan"
    verbose_name = "The strategic plan and the partnership's priorities"

    def ready(self) -> None:
        from masa.plan import audit_verbs  # noqa: F401 - registers the verbs
