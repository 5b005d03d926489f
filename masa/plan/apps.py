from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "masa.plan"
    label = "plan"
    verbose_name = "The strategic plan and the partnership's priorities"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register
        from masa.plan import audit_verbs  # noqa: F401 - registers the verbs

        register(NavItem("Strategic plan", "plan:plan", "plan.view", order=56))
        register(NavItem("Priorities", "plan:priorities", "plan.view", order=57))
