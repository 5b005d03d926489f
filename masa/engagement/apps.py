from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "masa.engagement"
    label = "engagement"
    verbose_name = "The voice of children, families and practitioners"

    def ready(self) -> None:
        from masa.core.navigation import NavItem, register
        from masa.engagement import audit_verbs  # noqa: F401 - registers the verbs

        register(NavItem("Engagement log", "engagement:log", "engagement.view", order=72))
