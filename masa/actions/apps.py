from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "masa.actions"
    label = "actions"
    verbose_name = "Actions and the combined action plan"

    def ready(self) -> None:
        from masa.actions import audit_verbs  # noqa: F401 - registers the verbs
        from masa.core.navigation import NavItem, register

        # The combined action plan, whatever its actions' sources.
        register(NavItem("Action plan", "actions:action-plan", "recommendation.view", order=61))
